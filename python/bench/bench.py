"""The Python package's costs (not a test): import time, a small figure displayed as Jupyter does,
and the guide's figure set in process against the CLI. Run after building the module:

    PYTHONPATH=build/dev/python /usr/bin/python3 python/bench/bench.py build/dev/app/convanim
"""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 9


def median_seconds(action, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def report(what, result):
    median, low, high = result
    print(f"{what:<58} median {median * 1000:8.1f} ms  ({low * 1000:.1f} to {high * 1000:.1f})")


def main(cli):
    import_code = "import convanim"
    report("import convanim (fresh interpreter, minus python -c pass)",
           tuple(a - b for a, b in zip(
               median_seconds(lambda: subprocess.run([sys.executable, "-c", import_code], check=True)),
               median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)))))
    report("import convanim + torch (fresh interpreter)",
           median_seconds(lambda: subprocess.run([sys.executable, "-c", "import torch, convanim"], check=True)))

    import torch
    import convanim
    conv = torch.nn.Conv2d(3, 2, 3)

    def display():
        figure = convanim.figure(conv, input_shape=(3, 5, 5))
        figure._repr_html_()
        figure._repr_png_()
    report("nn.Conv2d(3, 2, 3) on 3x5x5: figure + _repr_html_ + _repr_png_", median_seconds(display))

    guide = sorted((ROOT / "configs" / "guide").glob("*.json"))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        def in_process():
            for config in guide:
                convanim.figure(config).save(*(out / f"{config.stem}.{ext}" for ext in ("gif", "mp4", "pdf")))

        def by_cli():
            for config in guide:
                subprocess.run([cli, "render", str(config), *(a for ext in ("gif", "mp4", "pdf")
                                                             for a in ("-o", str(out / f"{config.stem}.{ext}")))],
                               check=True)
        runs = 3
        report(f"guide set ({len(guide)} configs) GIF+MP4+PDF, in process, one at a time", median_seconds(in_process, runs))
        report(f"guide set ({len(guide)} configs) GIF+MP4+PDF, convanim render each", median_seconds(by_cli, runs))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "release" / "app" / "convanim"))
