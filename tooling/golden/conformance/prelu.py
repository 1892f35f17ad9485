"""Golden cases of PReLU: one slope, one per channel of NCHW input, and ONNX's trailing
broadcast, with the gradients of both X and the slope."""

import numpy as np
import torch

from float32.edges import plant_nchw_edges

from . import conventions
from .activations import forward_backward
from .edges import PERIOD, edge_vector, periodic, upstream
from .encoding import tensor

F32 = np.float32


def prelu(x, slope):
    """PReLU with the slope broadcast as NumPy does, which covers every layout here."""
    return torch.where(x > 0, x, slope * x)


# dSlope sums dY * X over every element a slope value covers, which PyTorch does in float32.
SLOPE_SUM = {"rtol": 1e-5, "atol": 1e-5, "reason":
             "dSlope is a float32 sum over every element a slope covers in PyTorch."}


def layouts(generator):
    """(name, X, slope, period)."""
    nchw = plant_nchw_edges(generator.standard_normal([2, 3, 2, 2]).astype(F32))
    return [
        ("one-slope/edges", edge_vector(generator), np.array([0.25], dtype=F32), None),
        ("per-channel", nchw, np.array([0.1, -0.5, 2.0], dtype=F32).reshape(3, 1, 1), None),
        ("trailing", generator.standard_normal([2, 3, 4]).astype(F32),
         np.array([0.25, -1.0, 0.5, 3.0], dtype=F32), None),
        ("one-slope/length-1", generator.standard_normal([1]).astype(F32),
         np.array([0.25], dtype=F32), None),
        ("one-slope/length-4097", periodic(generator, 4097), np.array([-0.75], dtype=F32),
         PERIOD),
        ("one-slope/empty", np.zeros([0], dtype=F32), np.array([0.25], dtype=F32), None),
        ("scalar", np.array(-1.5, dtype=F32), np.array(0.25, dtype=F32), None),
        ("per-channel/rank-5", generator.standard_normal([2, 3, 2, 2, 2]).astype(F32),
         np.array([0.1, 0.2, 0.3], dtype=F32).reshape(3, 1, 1, 1), None),
    ]


def prelu_cases(generator):
    cases = []
    for name, x, slope, period in layouts(generator):
        dy = upstream(generator, x, period)
        y, (dx, dslope) = forward_backward(prelu, [x, slope], dy)
        dx, deviations = conventions.apply("prelu", "gradient", x, dy, dx, "X", "inputGradient")
        cases.append({
            "name": name,
            "op": "PRelu",
            "source": "torch.where(x > 0, x, slope * x)",
            "inputs": [tensor("X", x, period), tensor("slope", slope, role="parameter")],
            "outputs": [tensor("Y", y, period)],
            "backward": {
                "outputGradients": [tensor("dY", dy, period)],
                "inputGradients": [tensor("X", dx, period)],
                "parameterGradients": [tensor("slope", dslope)],
            },
            "tolerance": SLOPE_SUM,
            **({"deviations": deviations} if deviations else {}),
        })
    return cases
