"""Receptive fields of networks made from modules, against autograd: a top unit's field on each map is
where its gradient is nonzero, with positive weights and every max pooling's whole window."""
import numpy as np
import pytest

from conftest import needs_torch

torch = needs_torch()
nn = torch.nn
import convanim  # noqa: E402
from layers import random_stack  # noqa: E402


def make_weights_positive(model):
    """No two paths cancel: a field is then exactly where the gradient is nonzero."""
    with torch.no_grad():
        for layer in model:
            if getattr(layer, "weight", None) is not None:
                layer.weight.uniform_(0.1, 1.0)


def run(model, x):
    """Every map, from the input up, with max poolings as windows of ones."""
    maps = [x]
    for layer in model:
        name = type(layer).__name__
        if name.startswith("MaxPool"):
            dims = int(name[-2])
            channels = maps[-1].shape[1]
            conv = getattr(torch.nn.functional, f"conv{dims}d")
            kernel = layer.kernel_size
            ones = torch.ones((channels, 1) + ((kernel,) * dims if isinstance(kernel, int) else tuple(kernel)))
            maps.append(conv(maps[-1], ones, stride=layer.stride, padding=layer.padding, dilation=layer.dilation,
                             groups=channels))
        else:
            maps.append(layer(maps[-1]))
    return maps


@pytest.mark.parametrize("seed", range(12))
def test_fields_are_autograds_nonzero_gradients(rng, seed):
    dims = rng.choice([1, 2])
    model, shape = random_stack(rng, dims, with_activations=False)
    make_weights_positive(model)
    record = convanim.trace(model, shape)
    if "receptive_fields" not in record:
        pytest.skip("a single layer: no network")
    x = torch.rand((1,) + shape, requires_grad=True)
    maps = run(model, x)
    for unit in record["receptive_fields"]:
        position = tuple(unit["output"])
        top = maps[-1][0, unit["channels"][0]][position]
        gradients = torch.autograd.grad(top, maps[:-1], retain_graph=True)
        for field in unit["maps"]:
            g = gradients[field["map"]][0].abs() > 0
            cells = sorted(tuple(c) for c in torch.nonzero(g.any(0)).tolist())
            channels = torch.nonzero(g.flatten(1).any(1)).flatten().tolist()
            assert sorted(tuple(c) for c in field["cells"]) == cells, (repr(model), unit["output"], field["map"])
            if cells:  # a unit that reads nothing (a transposed convolution's output_padding) has no channels either
                assert field["channels"] == channels, (repr(model), unit["output"], field["map"])


def test_shape_gives_each_layers_field():
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3))
    shape = convanim.shape(model, (1, 8, 8))
    assert shape["output_shape"] == [16, 2, 2]
    assert [layer["receptive_field"]["size"] for layer in shape["layers"]] == [[3, 3], [4, 4], [8, 8]]
    assert [layer["receptive_field"]["jump"] for layer in shape["layers"]] == [[1, 1], [2, 2], [2, 2]]
