"""Modules as networks: what is drawn, what passes through, where the figure stops, what is refused."""
import warnings

import pytest

from conftest import needs_torch

torch = needs_torch()
nn = torch.nn
import convanim  # noqa: E402


class Features(nn.Module):
    """A model as people write them: a features block, then a head convanim does not draw."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(inplace=True),
                                      nn.MaxPool2d(2), nn.Conv2d(4, 8, 3), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(8, 10)

    def forward(self, x):
        return self.head(torch.flatten(self.features(x), 1))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 2, 3, padding=1)
        self.conv2 = nn.Conv2d(2, 2, 3, padding=1)
        self.skip = nn.Conv2d(2, 2, 1)

    def forward(self, x):
        return self.conv2(self.conv1(x)) + self.skip(x)


def test_sequential_with_activations_is_a_network_with_them_named():
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3))
    record = convanim.trace(model, (1, 8, 8))
    assert [layer["operation"] for layer in record["layers"]] == ["convolution", "max_pooling", "convolution"]
    assert record["layers"][0]["after"] == ["nn.ReLU()"]
    assert record["layers"][-1]["output_size"] == [2, 2]


def test_the_first_layer_not_drawn_ends_the_figure_with_a_warning_naming_it():
    model = Features()
    with pytest.warns(convanim.NotDrawnWarning, match=r"^model\.features\.5: AdaptiveAvgPool2d is not drawn; "
                                                      r"the figure stops at model\.features\.4$"):
        figure = convanim.figure(model, (1, 10, 10))
    record = figure.trace()
    assert [layer["name"] for layer in record["layers"]] == ["model.features.0", "model.features.3",
                                                       "model.features.4"]
    assert record["layers"][0]["after"] == ["nn.BatchNorm2d(num_features=4)", "nn.ReLU()"]


def test_forward_hooks_leave_the_model_as_it_was():
    model = Features().train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", convanim.NotDrawnWarning)
        convanim.figure(model, (1, 10, 10))
    assert model.training and all(m.training for m in model.modules())
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert not any(m._forward_hooks for m in model.modules())


def test_a_module_with_branches_is_refused():
    with pytest.raises(convanim.ConfigError, match=r"model\.skip: reads the output of the input, not of "
                                                   r"model\.conv2.*branches"):
        convanim.figure(Residual(), (2, 6, 6))


def test_a_single_layer_is_a_scenario_in_any_view():
    figure = convanim.figure(nn.ConvTranspose2d(1, 1, 3, stride=2), (1, 3, 3), view="scatter")
    assert figure.trace()["operation"] == "transposed_convolution"


def test_batch_norm_values_are_refused_in_one_line():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
    with pytest.raises(convanim.ConfigError, match=r"/layers/1 \(model\.0\)/layer: BatchNorm2d has no values"):
        convanim.figure(model, (1, 5, 5), values="module")


def test_layer_strings_and_repr_of_a_sequential():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2))
    from_repr = convanim.trace(repr(model), (1, 8, 8))
    from_code = convanim.trace("nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2))", (1, 8, 8))
    for record in (from_repr, from_code):
        assert [layer["operation"] for layer in record["layers"]] == ["convolution", "max_pooling"]
        assert record["layers"][-1]["output_size"] == [3, 3]


def test_a_config_dict_and_a_path(tmp_path):
    config = {"operation": "convolution", "input": 5, "kernel": 3, "values": {"seed": 1}}
    assert convanim.trace(config)["output_size"] == [3, 3]
    path = tmp_path / "mine.json"
    path.write_text('{"operation": "max_pooling", "input": 4, "kernel": 2, "stride": 2}')
    assert convanim.shape(path) == {"output_shape": [1, 2, 2]}
    assert convanim.figure(str(path)).name == "mine"
