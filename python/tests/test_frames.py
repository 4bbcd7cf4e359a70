"""Pictures by their pixels: Figure.frames() is what the CLI's PNGs hold, and the inline display data
decode to the figure's frames."""
import io
import json
import subprocess

import numpy as np
import pytest

import convanim

PIL = pytest.importorskip("PIL.Image", reason="python3-pil is not installed: the PNG comparisons are skipped")

CONFIG = {"name": "rgb", "operation": "convolution", "input": 4, "kernel": 3, "padding": 1, "in_channels": 2,
          "out_channels": 2, "bias": True, "values": {"seed": 3}}


def png_pixels(data):
    return np.asarray(PIL.open(io.BytesIO(data)).convert("RGBA"))


@pytest.mark.parametrize("render", [{}, {"background": "transparent", "theme": "dark"},
                                    {"view": "stack", "canvas": [320, 240]}])
def test_frames_are_the_pixels_of_the_clis_pngs(tmp_path, cli, render):
    config = dict(CONFIG, render=render)
    path = tmp_path / "rgb.json"
    path.write_text(json.dumps(config))
    subprocess.run([cli, "render", str(path), "-o", str(tmp_path / "out.png")], check=True)
    frames = convanim.figure(config).frames()
    pngs = sorted(tmp_path.glob("out_*.png"))
    assert frames.shape == (len(pngs),) + png_pixels(pngs[0].read_bytes()).shape
    assert frames.dtype == np.uint8
    for frame, png in zip(frames, pngs):
        np.testing.assert_array_equal(frame, png_pixels(png.read_bytes()))


def test_a_step_range_and_the_inline_png():
    figure = convanim.figure("nn.Conv2d(1, 1, 3)", (1, 5, 5))
    frames = figure.frames((2, 4))
    assert frames.shape[0] == 3
    np.testing.assert_array_equal(figure.frames(2)[0], frames[0])
    np.testing.assert_array_equal(png_pixels(figure._repr_png_()), figure.frames(0)[0])


def test_inline_html_embeds_an_mp4_and_gif_alternative():
    figure = convanim.figure("nn.MaxPool2d(2)", (1, 4, 4))
    html = figure._repr_html_()
    assert html.count("data:video/mp4;base64,") == 1 and " loop " in html and "step" in html
    assert "<img src=\"data:image/gif;base64," in figure.to_html("gif")


def test_save_writes_every_format_at_once(tmp_path):
    figure = convanim.figure("nn.Conv1d(1, 1, 3)", (1, 6))
    figure.save(tmp_path / "a.gif", tmp_path / "a.mp4", tmp_path / "a.pdf")
    assert (tmp_path / "a.gif").read_bytes()[:6] == b"GIF89a"
    assert b"ftyp" in (tmp_path / "a.mp4").read_bytes()[:16]
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"
