"""The example notebook, executed headless: every cell runs, and the figure cells' display data hold a
playable MP4 (HTML) and a PNG of the figure's size."""
import base64
import io
import os
import re
from pathlib import Path

import pytest

from conftest import needs_torch

needs_torch()
nbformat = pytest.importorskip("nbformat", reason="python3-nbformat is not installed: the notebook is not run")
nbclient = pytest.importorskip("nbclient", reason="python3-nbclient is not installed: the notebook is not run")
pytest.importorskip("ipykernel", reason="python3-ipykernel is not installed: the notebook is not run")
PIL = pytest.importorskip("PIL.Image", reason="python3-pil is not installed: the notebook's PNGs are not decoded")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "convanim.ipynb"


def test_example_notebook_runs_and_displays_figures(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    figures = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", output
            data = output.get("data", {})
            if "text/html" not in data or "convanim-figure" not in data["text/html"]:
                continue
            figures += 1
            mp4 = base64.b64decode(re.search(r"data:video/mp4;base64,([A-Za-z0-9+/=]+)", data["text/html"])[1])
            assert mp4[4:8] == b"ftyp" and b"moov" in mp4 and b"mdat" in mp4
            png = PIL.open(io.BytesIO(base64.b64decode(data["image/png"])))
            width = int(re.search(r'width="(\d+)"', data["text/html"])[1])
            assert png.size[0] == width and png.size[1] > 0
    assert figures == 3
    assert (tmp_path / "transposed.gif").read_bytes()[:6] == b"GIF89a"
