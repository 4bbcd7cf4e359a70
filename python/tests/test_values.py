"""Values against PyTorch: the trace's output is the module's own forward on the same input."""
import copy

import numpy as np
import pytest

from conftest import needs_torch

torch = needs_torch()
import convanim  # noqa: E402
from layers import random_layer_on, random_stack  # noqa: E402


def forward(module, x):
    """PyTorch's output in double precision, in evaluation mode (Dropout is the identity)."""
    twin = copy.deepcopy(module).double().eval()
    with torch.no_grad():
        return twin(x.double().unsqueeze(0))[0].numpy()


@pytest.mark.parametrize("seed", range(40))
def test_random_layer_output_is_pytorchs(rng, seed):
    layer, shape = random_layer_on(rng, dims=rng.choice([1, 2]))
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    record = convanim.trace(layer, input=x)
    np.testing.assert_allclose(np.array(record["values"]["output"]), forward(layer, x), rtol=1e-9, atol=1e-9,
                               err_msg=repr(layer))


@pytest.mark.parametrize("seed", range(20))
def test_random_sequential_top_output_is_pytorchs(rng, seed):
    model, shape = random_stack(rng, dims=rng.choice([1, 2]))
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    record = convanim.figure(model, input=x).trace()
    top = record["layers"][-1] if "layers" in record else record
    np.testing.assert_allclose(np.array(top["values"]["output"]), forward(model, x), rtol=1e-9, atol=1e-9,
                               err_msg=repr(model))


def test_values_module_uses_the_weights_and_a_fixed_integer_input():
    conv = torch.nn.Conv2d(2, 3, 3, padding=1)
    record = convanim.trace(conv, (2, 4, 4), values="module")
    x = torch.tensor(record["values"]["input"])
    assert set(x.flatten().tolist()) <= {0.0, 1.0, 2.0, 3.0}
    assert record == convanim.trace(conv, (2, 4, 4), values="module")
    np.testing.assert_allclose(np.array(record["values"]["kernel"]), conv.weight.detach().double().numpy())
    np.testing.assert_allclose(np.array(record["values"]["output"]), forward(conv, x), rtol=1e-9, atol=1e-9)


def test_no_values_by_default():
    assert "values" not in convanim.trace(torch.nn.Conv2d(1, 1, 3), (1, 5, 5))


def test_batch_dimension_of_one_is_accepted():
    x = torch.randn(1, 1, 5, 5)
    record = convanim.trace(torch.nn.MaxPool2d(2), input=x)
    np.testing.assert_allclose(np.array(record["values"]["output"]), forward(torch.nn.MaxPool2d(2), x[0]))
    assert convanim.shape(torch.nn.Conv2d(1, 2, 3), (1, 1, 5, 5)) == {"output_shape": [2, 3, 3]}
