"""convanim: convolution arithmetic animations (Dumoulin & Visin's figures) of PyTorch layers.

    import convanim, torch.nn as nn
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3))
    fig = convanim.figure(model, input_shape=(1, 8, 8))
    fig                         # in Jupyter: the animation, inline
    fig.save("model.gif", "model.mp4")

The C++ core and renderer run in process (convanim._convanim); errors are convanim.ConfigError, a
ValueError with the command line's one-line message.
"""
from ._convanim import __version__
from ._errors import ConfigError, NotDrawnWarning, OutputError
from ._figure import Figure
from ._sources import config_of


def figure(obj, input_shape=None, *, values=None, input=None, **render):
    """A Figure of `obj`: a torch.nn.Module (a layer convanim draws, nn.Sequential, or any module
    whose forward runs such layers in a straight line), a PyTorch layer string such as
    "nn.Conv2d(3, 2, 3)" or "nn.Sequential(...)", a config dict, or a config file's path.

    input_shape: PyTorch's (C, H, W) or (C, L), a leading batch dimension of 1 accepted.
    values: "module" draws the module's own weights and bias; a config's "values" (such as
        {"seed": 1}) otherwise; none by default.
    input: a tensor (C, H, W) or (1, C, H, W): the input's shape and values.
    render: the render keys (view="flat", canvas=(1920, 1080), motion="smooth", ...), checked as a
        config's "render" object is.
    """
    return Figure(config_of(obj, input_shape, values, input), render)


def trace(obj, input_shape=None, *, values=None, input=None):
    """What `convanim trace` prints for `obj` (as figure() takes it), as Python objects."""
    import json
    return json.loads(config_of(obj, input_shape, values, input).trace())


def shape(obj, input_shape=None):
    """The output shape of `obj`, and for a network each layer's shape and receptive field."""
    import json
    return json.loads(config_of(obj, input_shape).shape())


__all__ = ["figure", "trace", "shape", "Figure", "ConfigError", "OutputError", "NotDrawnWarning", "__version__"]
