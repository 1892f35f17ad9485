"""Golden cases of Softmax along each axis, on odd lengths, edge rows, empty and rank-5
tensors and a scalar."""

import numpy as np
import torch

from float32.edges import SOFTMAX_ROWS

from .activations import forward_backward
from .edges import PERIOD, upstream
from .encoding import tensor

F32 = np.float32


def inputs(generator):
    """(name, X, axis, period)."""

    def normal(*shape):
        return generator.standard_normal(list(shape)).astype(F32) * 2

    out = [
        ("axis-0", normal(2, 3, 4), 0, None),
        ("axis-1", normal(2, 3, 4), 1, None),
        ("axis-last", normal(2, 3, 4), -1, None),
        ("edge-rows", np.array(SOFTMAX_ROWS, dtype=F32), -1, None),
    ]
    for length in (1, 3, 4, 5):
        out.append((f"length-{length}", normal(2, length), -1, None))
    for length in (1023, 4097):
        # One long row repeating a normal pattern: the sum runs over every element.
        out.append((f"length-{length}", np.resize(normal(PERIOD), length), -1, PERIOD))
    out += [
        ("empty-batch", np.zeros([0, 4], dtype=F32), -1, None),
        ("empty-axis", np.zeros([3, 0], dtype=F32), -1, None),
        ("scalar", np.array(1.5, dtype=F32), -1, None),
        ("rank-5/axis-1", normal(2, 3, 1, 2, 2), 1, None),
        ("rank-5/axis-last", normal(2, 3, 1, 2, 2), -1, None),
    ]
    return out


def softmax_cases(generator):
    cases = []
    for name, x, axis, period in inputs(generator):
        dy = upstream(generator, x, period)
        y, (dx,) = forward_backward(lambda v: torch.softmax(v, dim=axis), [x], dy)
        cases.append({
            "name": name,
            "op": "Softmax",
            "source": f"torch.softmax(x, dim={axis})",
            "attributes": {"axis": axis},
            "inputs": [tensor("X", x, period)],
            "outputs": [tensor("Y", y, period)],
            "backward": {
                "outputGradients": [tensor("dY", dy, period)],
                "inputGradients": [tensor("X", dx, period)],
            },
        })
    return cases
