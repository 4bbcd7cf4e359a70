"""A torch.nn.Module as a convanim config: its layers found by forward hooks on a zero tensor.

Layers convanim draws become the figure's layers; element-wise ones (activations, BatchNorm,
Dropout, Identity) pass through and are named in the legend; the first other one ends the drawn
stack with a warning naming its module path. Branches are refused.
"""
import warnings

from . import _convanim
from ._errors import ConfigError, NotDrawnWarning

DRAWN = ("Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d",
         "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d")
# Element-wise layers and the attributes their strings repeat (the parser in src/config reads them).
ELEMENTWISE = {
    "Identity": (), "ReLU": (), "ReLU6": (), "SELU": (), "SiLU": (), "Mish": (), "Sigmoid": (),
    "Tanh": (), "Hardsigmoid": (), "Hardswish": (), "Softsign": (), "Tanhshrink": (),
    "LeakyReLU": ("negative_slope",), "ELU": ("alpha",), "CELU": ("alpha",), "GELU": ("approximate",),
    "Hardtanh": ("min_val", "max_val"), "Softplus": ("beta", "threshold"),
    "Dropout": ("p",), "Dropout1d": ("p",), "Dropout2d": ("p",), "AlphaDropout": ("p",),
    "FeatureAlphaDropout": ("p",), "BatchNorm1d": ("num_features",), "BatchNorm2d": ("num_features",),
}
ROOT = "model"  # the module's name in messages: model.features.3


def layer_string(module):
    """The PyTorch call that builds a layer like `module`, or None for a class convanim does not know."""
    name = type(module).__name__
    if name in ELEMENTWISE:
        args = ", ".join(f"{key}={getattr(module, key)!r}" for key in ELEMENTWISE[name]
                         if hasattr(module, key))
        return f"nn.{name}({args})"
    if name not in DRAWN:
        return None
    if name.startswith("Conv"):
        keys = ["kernel_size", "stride", "padding", "dilation", "groups"]
        if "Transpose" in name:
            keys.append("output_padding")
        args = [str(module.in_channels), str(module.out_channels)]
        args += [f"{key}={getattr(module, key)!r}" for key in keys]
        args += [f"bias={module.bias is not None}", f"padding_mode={module.padding_mode!r}"]
    else:
        keys = ["kernel_size", "stride", "padding", "ceil_mode"]
        keys += ["dilation", "return_indices"] if name.startswith("Max") else ["count_include_pad"]
        if name == "AvgPool2d":
            keys.append("divisor_override")
        args = [f"{key}={getattr(module, key)!r}" for key in keys]
    return f"nn.{name}({', '.join(args)})"


def _leaves(module):
    return [(f"{ROOT}.{path}" if path else ROOT, m) for path, m in module.named_modules()
            if not any(True for _ in m.children())]


def _run_hooks(module, shape):
    """(path, module, input tensor, output tensor) of every leaf call, in order."""
    import torch
    calls = []
    handles = [m.register_forward_hook(
        lambda m, inputs, output, path=path: calls.append((path, m, inputs[0] if inputs else None, output)))
        for path, m in _leaves(module)]
    modes = [(m, m.training) for m in module.modules()]
    x = torch.zeros((1, *shape))
    try:
        module.eval()  # no running statistics updated, no dropout
        with torch.no_grad():
            module(x)
    except Exception as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigError(f"convanim: input_shape: {tuple(shape)}: the module's forward raised "
                          f"{type(error).__name__}: {first}") from None
    finally:
        for handle in handles:
            handle.remove()
        for m, training in modes:
            m.training = training
    return x, calls


def module_layers(module, shape):
    """The module's straight stack: ([(path, module, string)], elementwise on the input, [(...)] after each)."""
    x, calls = _run_hooks(module, shape)
    seen = {id(x): "the input"}
    current, current_path = x, "the input"
    drawn, on_input, after = [], [], []
    for path, m, tensor, output in calls:
        name = type(m).__name__
        if tensor is not current:
            if tensor is not None and id(tensor) in seen:
                raise ConfigError(
                    f"convanim: {path}: reads the output of {seen[id(tensor)]}, not of {current_path}, the layer "
                    f"before it: the module has branches (a residual block?); allowed: a straight stack of layers")
            _stop(f"{path}: its input is not the output of {current_path} (an operation outside modules, such as "
                  f"an addition, a reshape or a functional call, comes between)", drawn, current_path)
            break
        string = layer_string(m)
        if string is None or not hasattr(output, "shape") or (name in ELEMENTWISE and output.shape != tensor.shape):
            _stop(f"{path}: {name} is not drawn", drawn, current_path)
            break
        if name in DRAWN:
            drawn.append((path, m, string))
            after.append([])
        else:
            (after[-1] if drawn else on_input).append(string)
        seen[id(output)] = path
        current, current_path = output, path
    if not drawn:
        raise ConfigError(f"convanim: {ROOT}: no layer convanim draws before the first one it cannot; allowed: "
                          f"modules that run {', '.join(DRAWN)} (with activations between)")
    return drawn, on_input, after


def _stop(reason, drawn, last_path):
    if drawn:
        warnings.warn(f"{reason}; the figure stops at {last_path}", NotDrawnWarning, stacklevel=4)
    else:
        raise ConfigError(f"convanim: {reason}; nothing before it to draw")


def default_input(shape):
    """The guide's small integers 0 to 3, the same on every run: the input when only weights are given."""
    import torch
    return torch.randint(0, 4, tuple(shape), generator=torch.Generator().manual_seed(0)).double()


def module_config(module, shape, values, input_tensor):
    """A config dict for `module` on an input of `shape` ([C, H, W] or [C, L])."""
    drawn, on_input, after = module_layers(module, shape)
    with_values = values == "module"
    config = {"name": type(module).__name__}
    if len(drawn) == 1 and not on_input and not after[0]:
        config.update(layer=drawn[0][2], input=list(shape))
        if with_values:
            config["values"] = dict(input=_listed(input_tensor, shape), **_weights(drawn[0][1]))
        return config, [drawn[0][0]]
    layers, paths = [], []
    for string in on_input:
        layers.append({"layer": string})
        paths.append("(element-wise)")
    for (path, m, string), strings in zip(drawn, after):
        layers.append({"name": path, "layer": string})
        paths.append(path)
        for s in strings:
            layers.append({"layer": s})
            paths.append(path)
    config.update(input=list(shape), layers=layers)
    if with_values:
        config["values"] = {"input": _listed(input_tensor, shape), "layers": [_weights(m) for _, m, _ in drawn]}
    return config, paths


def _weights(module):
    out = {}
    if getattr(module, "weight", None) is not None:
        out["kernel"] = module.weight.detach().double().tolist()
    if getattr(module, "bias", None) is not None:
        out["bias"] = module.bias.detach().double().tolist()
    return out


def _listed(tensor, shape):
    tensor = default_input(shape) if tensor is None else tensor
    return tensor.detach().double().reshape(tuple(shape)).tolist()


def is_module(obj):
    try:
        import torch
    except ImportError:
        return False
    return isinstance(obj, torch.nn.Module)


def is_tensor(obj):
    try:
        import torch
    except ImportError:
        return False
    return isinstance(obj, torch.Tensor)


__all__ = ["layer_string", "module_config", "module_layers", "is_module", "is_tensor", "_convanim"]
