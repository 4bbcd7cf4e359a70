"""What figure() accepts, as a parsed config: a module, a layer string, a config dict or a path."""
import json
import os
import re

from . import _convanim, _torch
from ._errors import ConfigError

SOURCE = "convanim.figure"


def _fail(key, message):
    raise ConfigError(f"{SOURCE}: {key}: {message}")


def input_shape_of(input_shape, input_tensor):
    """PyTorch's (C, H, W) or (C, L), a leading batch dimension of 1 dropped; None when neither is given."""
    if input_tensor is not None:
        if not _torch.is_tensor(input_tensor):
            _fail("input", f"expected a torch.Tensor of shape (C, H, W) or (1, C, H, W), got {type(input_tensor).__name__}")
        shape = tuple(input_tensor.shape)
        key = "input"
        if input_shape is not None and tuple(input_shape) not in (shape, shape[1:]):
            _fail("input_shape", f"{tuple(input_shape)} differs from input's shape {shape}; give one of them")
    elif input_shape is None:
        return None
    else:
        key = "input_shape"
        if isinstance(input_shape, (str, bytes)) or not hasattr(input_shape, "__len__"):
            _fail(key, f"expected a tuple such as (3, 32, 32) (C, H, W) or (4, 10) (C, L), got {input_shape!r:.40}")
        shape = tuple(input_shape)
    if len(shape) == 4 and shape[0] == 1:
        shape = shape[1:]
    if not 1 <= len(shape) <= 3 or not all(_is_int(d) for d in shape):
        _fail(key, f"expected (C, H, W) or (C, L) of integers, with an optional leading batch dimension of 1, "
                   f"got {shape!r:.60}")
    if not all(int(d) >= 1 for d in shape):
        _fail(key, f"expected sizes of at least 1, got {shape}")
    return [int(d) for d in shape]


def _is_int(value):
    return hasattr(value, "__index__") and not isinstance(value, bool)


def json_value(key, value):
    """A keyword argument's value as JSON: tuples as arrays, NumPy scalars as numbers."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if _is_int(value):
        return int(value)
    if isinstance(value, float) or hasattr(value, "__float__") and not hasattr(value, "__len__"):
        return float(value)
    if isinstance(value, dict):
        return {str(k): json_value(key, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        return [json_value(key, v) for v in items] if isinstance(items, list) else json_value(key, items)
    _fail(key, f"expected a number, string, bool or sequence, got {type(value).__name__}")


def parse(config, name):
    try:
        text = json.dumps(config, allow_nan=False)
    except ValueError as error:
        _fail("values", f"not JSON: {error}")
    return _convanim.parse(text, SOURCE, name)


def config_of(obj, input_shape=None, values=None, input_tensor=None):
    """The parsed config (the binding's Config) for anything figure() takes."""
    shape = input_shape_of(input_shape, input_tensor)
    if values == "module" and not _torch.is_module(obj):
        _fail("values", f"\"module\" takes the weights of a torch.nn.Module, and {type(obj).__name__} is none")
    if values is not None and values != "module":
        values = json_value("values", values)
    if _torch.is_module(obj):
        if shape is None:
            _fail("input_shape", "a module needs its input's shape: input_shape=(C, H, W) or (C, L), or input=tensor")
        if len(shape) < 2:
            _fail("input_shape", f"a module needs the channels too: (C, H, W) or (C, L), got {tuple(shape)}")
        if input_tensor is not None and values is None:
            values = "module"  # a tensor's numbers make no sense without the weights they meet
        config, paths = _torch.module_config(obj, shape, values, input_tensor)
        if values not in (None, "module"):
            config["values"] = values
        return _with_paths(lambda: parse(config, config["name"]), paths)
    if isinstance(obj, dict):
        if shape is not None:
            _fail("input_shape", "the config gives its input (\"input\"); leave input_shape out")
        config = dict(obj)
        if values is not None:
            config["values"] = values
        return parse(json_value("config", config), str(config.get("name", "config")))
    if isinstance(obj, str) and _looks_like_call(obj):
        if shape is None:
            _fail("input_shape", "a layer string needs its input's shape: input_shape=(C, H, W) or (C, L)")
        layers = _convanim.split_sequential(obj)
        config = ({"input": shape, "layers": [{"layer": s} for s in layers]} if layers is not None
                  else {"layer": obj, "input": shape})
        if input_tensor is not None:
            values = {"input": input_tensor.detach().double().reshape(shape).tolist()} if values is None else values
        if values is not None:
            config["values"] = values
        return parse(config, "sequential" if layers is not None else "layer")
    if isinstance(obj, (str, os.PathLike)):
        if shape is not None or values is not None:
            _fail("input_shape" if shape is not None else "values",
                  "a config file gives its input and values; leave this out")
        return _convanim.load(os.fspath(obj))
    _fail("obj", f"expected a torch.nn.Module, a layer string such as \"nn.Conv2d(1, 1, 3)\", a config dict or "
                 f"a config file's path, got {type(obj).__name__}")


def _looks_like_call(text):
    return "(" in text and not text.rstrip().endswith(".json")


def _with_paths(parse_config, paths):
    """Errors about /layers/N name the module's layer too: /layers/2 (model.features.3)."""
    try:
        return parse_config()
    except ConfigError as error:
        message = re.sub(r"/layers/(\d+)", lambda m: f"{m.group(0)} ({paths[int(m.group(1))]})"
                         if int(m.group(1)) < len(paths) else m.group(0), str(error), count=1)
        raise ConfigError(message) from None
