"""Bad input is a convanim.ConfigError (a ValueError) with one line naming the key; never a crash."""
import itertools

import pytest

import convanim

GOOD = "nn.Conv2d(1, 1, 3)"
BAD_VALUES = [None, 0, -1, 2**70, 1.5, float("nan"), "", "x" * 5000, "nn.Conv2d(", "\x00\xff", b"bytes", [], (),
              [1, 2, 3, 4, 5], (0, 0, 0), ("a", "b"), {}, {"layers": []}, object(), convanim, print,
              [[1, 2], [3]], {"input": 5}, True, float("inf")]


def one_line_error(call):
    with pytest.raises(ValueError) as error:
        call()
    assert isinstance(error.value, convanim.ConfigError)
    message = str(error.value)
    assert message and "\n" not in message
    return message


@pytest.mark.parametrize("value", BAD_VALUES, ids=lambda v: type(v).__name__)
def test_bad_objects_and_shapes(value):
    one_line_error(lambda: convanim.figure(value, (1, 5, 5)))
    try:
        convanim.figure(GOOD, value)
    except convanim.ConfigError as error:
        assert "\n" not in str(error)


@pytest.mark.parametrize("key,value", itertools.product(
    ["view", "canvas", "theme", "cell_size", "motion", "fps", "title", "cells", "kernal"],
    [None, -1, "nope", (1, 2, 3), 1e300, object(), [[1, 2]], {"a": 1}]))
def test_bad_render_keys(key, value):
    try:
        convanim.figure(GOOD, (1, 5, 5), **{key: value})
    except convanim.ConfigError as error:
        assert "\n" not in str(error) and key in str(error)


def test_messages_name_the_key():
    assert "/render/view" in one_line_error(lambda: convanim.figure(GOOD, (1, 5, 5), view="matrixx"))
    assert "input_shape" in one_line_error(lambda: convanim.figure(GOOD))
    assert "did you mean" in one_line_error(lambda: convanim.figure("nn.Conv2e(1, 1, 3)", (1, 5, 5)))
    assert "values" in one_line_error(lambda: convanim.figure(GOOD, (1, 5, 5), values="module"))
    assert "kernel" in one_line_error(lambda: convanim.figure({"operation": "convolution", "input": 2, "kernel": 3}))


def test_bad_saves_and_steps(tmp_path):
    figure = convanim.figure(GOOD, (1, 4, 4))
    assert "allowed" in one_line_error(lambda: figure.save(tmp_path / "a.xyz"))
    one_line_error(lambda: figure.save())
    for steps in (-1, 4, (2, 1), "a", (0,), None.__class__):
        one_line_error(lambda: figure.frames(steps))
    with pytest.raises(OSError):
        figure.save(tmp_path / "missing" / "a.gif")


def test_missing_config_file():
    assert "nope.json" in one_line_error(lambda: convanim.figure("nope.json"))
