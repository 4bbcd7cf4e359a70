"""Random PyTorch layers and stacks that both PyTorch and convanim take, for the tests."""
import torch.nn as nn

ACTIVATIONS = [lambda r: nn.ReLU(), lambda r: nn.LeakyReLU(r.choice([0.01, 0.2])), lambda r: nn.Sigmoid(),
               lambda r: nn.Tanh(), lambda r: nn.ELU(r.choice([1.0, 0.5])), lambda r: nn.GELU(),
               lambda r: nn.SiLU(), lambda r: nn.Hardtanh(-0.5, 2.0), lambda r: nn.Softplus(),
               lambda r: nn.Dropout(0.3), lambda r: nn.Identity(), lambda r: nn.ReLU6(), lambda r: nn.Hardswish(),
               lambda r: nn.Mish(), lambda r: nn.SELU(), lambda r: nn.GELU(approximate="tanh")]


def random_layer(r, dims, channels, size):
    """A drawn layer for an input of `channels` x `size`^dims, or None when it does not fit."""
    kind = r.choice(["conv", "conv", "transposed", "max", "avg"])
    k = r.randint(1, 3)
    s = r.randint(1, 2)
    d = r.randint(1, 2)
    suffix = f"{dims}d"
    if kind == "conv":
        groups = r.choice([g for g in (1, 2) if channels % g == 0])
        out = groups * r.randint(1, 2)
        p = r.randint(0, 2)
        layer = getattr(nn, "Conv" + suffix)(channels, out, k, stride=s, padding=p, dilation=d, groups=groups,
                                             bias=r.random() < 0.7)
        if size + 2 * p < d * (k - 1) + 1:
            return None
    elif kind == "transposed":
        out = r.randint(1, 3)
        p = r.randint(0, 1)
        op = r.randint(0, max(s, d) - 1)
        layer = getattr(nn, "ConvTranspose" + suffix)(channels, out, k, stride=s, padding=p, output_padding=op,
                                                      dilation=d, bias=r.random() < 0.7)
        if (size - 1) * s - 2 * p + d * (k - 1) + op + 1 < 1:
            return None
    elif kind == "max":
        k = r.randint(1, 3)
        p = r.randint(0, (d * (k - 1) + 1) // 2)
        p = min(p, k // 2)  # PyTorch 1.13 halves the kernel size alone
        layer = getattr(nn, "MaxPool" + suffix)(k, stride=s, padding=p, dilation=d)
        if size + 2 * p < d * (k - 1) + 1:
            return None
    else:
        p = r.randint(0, k // 2)
        layer = getattr(nn, "AvgPool" + suffix)(k, stride=s, padding=p, count_include_pad=r.random() < 0.5)
        if size + 2 * p < k:
            return None
    return layer


def random_layer_on(r, dims):
    """(layer, input shape) for one random drawn layer."""
    while True:
        channels, size = r.randint(1, 4), r.randint(3, 7)
        layer = random_layer(r, dims, channels, size)
        if layer is not None:
            return layer, (channels,) + (size,) * dims


def random_stack(r, dims, with_activations=True, depth=None):
    """(nn.Sequential of drawn layers, activations between, input shape)."""
    import torch
    channels, size = r.randint(1, 3), r.randint(6, 10)
    shape = (channels,) + (size,) * dims
    modules = []
    for _ in range(depth or r.randint(2, 4)):
        for _ in range(20):
            layer = random_layer(r, dims, channels, size)
            if layer is None:
                continue
            out = nn.Sequential(*modules, layer)(torch.zeros((1,) + shape))
            if 1 <= out.shape[-1] <= 12:
                break
        else:
            break
        modules.append(layer)
        channels, size = out.shape[1], out.shape[-1]
        if with_activations and r.random() < 0.6:
            modules.append(r.choice(ACTIVATIONS)(r))
    return nn.Sequential(*modules), shape
