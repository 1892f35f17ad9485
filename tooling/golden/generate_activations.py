#!/usr/bin/python3
"""Golden values for Rectifier's activation kernels, computed by PyTorch in float32.

Writes packages/backend-cpu/test/golden/activations.json: for every activation of the spec
(and a few attribute variants), the forward values and the input gradients for two output
gradients (all ones, and seeded normal values) on an input vector of edge values (NaN,
+-Infinity, -0, subnormals, values next to each kink, overflow points) and 64 seeded normal
values; PRelu with one slope, per channel and trailing; Softmax along every axis of a
[2, 3, 4] tensor and on slices with large values, NaN and -Infinity.

Run with Debian's python3-torch (apt-get install python3-torch), from the repository root:

    /usr/bin/python3 tooling/golden/generate_activations.py
    npx prettier --write packages/backend-cpu/test/golden/activations.json

JSON has no NaN or Infinity, so those are written as the strings "NaN", "Infinity" and
"-Infinity"; every other number is a float32 value written exactly.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository

from float32.edges import (
    HARD_KINKS, RECTIFIER_KINK, RELU6_KINK, SMALLEST_SUBNORMAL, SOFTMAX_ROWS,
    SOFTPLUS_THRESHOLD, SPECIALS, UNIT_KINKS, beside, plant_nchw_edges,
)
from float32.encoding import widened_number
from torch_reference import ELEMENTWISE

SEED = 20240607
OUTPUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "packages", "backend-cpu", "test", "golden", "activations.json",
)

# Each kink comes with the values 1e-6 below and above it, which float32 rounds.
KINKS = [RECTIFIER_KINK, RELU6_KINK] + HARD_KINKS + UNIT_KINKS
# PyTorch's Softplus threshold, and whole numbers short of and past where exp overflows.
MAGNITUDES = [
    SOFTPLUS_THRESHOLD, -SOFTPLUS_THRESHOLD, 88.0, -88.0, 100.0, -100.0, 1000.0, -1000.0,
]
EDGES = (
    SPECIALS
    + [SMALLEST_SUBNORMAL, -SMALLEST_SUBNORMAL, 1e-38, -1e-38]
    + MAGNITUDES
    + [v for kink in KINKS for v in beside(kink, 1e-6)]
)


def edge_input(generator):
    normals = torch.randn(64, generator=generator, dtype=torch.float32)
    return torch.cat([torch.tensor(EDGES, dtype=torch.float32), normals])


def encode(tensor):
    """Float32 values as JSON: exact decimals, with NaN and infinities as strings."""
    return [widened_number(value) for value in tensor.detach().reshape(-1).tolist()]


def forward_backward(function, inputs, grad_outputs):
    """The output and, per output gradient, the input gradients of function(*inputs)."""
    leaves = [value.clone().requires_grad_(True) for value in inputs]
    output = function(*leaves)
    grads = []
    for grad_output in grad_outputs:
        grads.append(torch.autograd.grad(output, leaves, grad_output, retain_graph=True))
    return output, grads


def elementwise_cases(generator):
    x = edge_input(generator)
    random_grad = torch.randn(x.shape, generator=generator, dtype=torch.float32)
    cases = []
    for name, op, attributes, expression, function in ELEMENTWISE:
        y, grads = forward_backward(function, [x], [torch.ones_like(x), random_grad])
        cases.append({
            "name": name, "op": op, "attributes": attributes, "torch": expression,
            "x": encode(x), "y": encode(y),
            "gradOutput": encode(random_grad),
            "gradInputOnes": encode(grads[0][0]), "gradInputRandom": encode(grads[1][0]),
        })
    return cases


def prelu_cases(generator):
    cases = []
    edge = edge_input(generator)
    # One slope, on the edge vector.
    slope = torch.tensor([0.25])
    layouts = [("one slope", edge, slope, [1], "F.prelu(x, slope)", F.prelu)]
    # One slope per channel of NCHW input; PyTorch stores it as [C], Rectifier as [C, 1, 1].
    nchw = plant_nchw_edges(torch.randn(2, 3, 2, 2, generator=generator))
    per_channel = torch.tensor([0.1, -0.5, 2.0])
    layouts.append(("per channel", nchw, per_channel, [3, 1, 1], "F.prelu(x, slope)", F.prelu))
    # A trailing slope [W] broadcast as NumPy does; F.prelu only takes channel slopes.
    trailing = torch.randn(2, 3, 4, generator=generator)
    trailing_slope = torch.tensor([0.25, -1.0, 0.5, 3.0])
    layouts.append(("trailing", trailing, trailing_slope, [4],
                    "torch.where(x > 0, x, slope * x)",
                    lambda x, s: torch.where(x > 0, x, s * x)))
    for label, x, weight, slope_shape, expression, function in layouts:
        grad = torch.randn(x.shape, generator=generator)
        y, grads = forward_backward(function, [x, weight], [grad])
        cases.append({
            "label": label, "torch": expression,
            "xShape": list(x.shape), "slopeShape": slope_shape,
            "x": encode(x), "slope": encode(weight), "y": encode(y),
            "gradOutput": encode(grad),
            "gradInput": encode(grads[0][0]), "gradSlope": encode(grads[0][1]),
        })
    return cases


def softmax_cases(generator):
    cases = []
    cube = torch.randn(2, 3, 4, generator=generator)
    special = torch.tensor(SOFTMAX_ROWS)
    inputs = [(cube, 0), (cube, 1), (cube, -1), (special, -1)]
    for x, axis in inputs:
        grad = torch.randn(x.shape, generator=generator)
        y, grads = forward_backward(lambda v: torch.softmax(v, dim=axis), [x], [grad])
        cases.append({
            "torch": f"torch.softmax(x, dim={axis})", "shape": list(x.shape), "axis": axis,
            "x": encode(x), "y": encode(y),
            "gradOutput": encode(grad), "gradInput": encode(grads[0][0]),
        })
    return cases


def main():
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(SEED)
    golden = {
        "generator": "tooling/golden/generate_activations.py",
        "torch": torch.__version__,
        "dtype": "float32",
        "seed": SEED,
        "elementwise": elementwise_cases(generator),
        "prelu": prelu_cases(generator),
        "softmax": softmax_cases(generator),
    }
    with open(os.path.normpath(OUTPUT), "w", encoding="utf-8") as file:
        json.dump(golden, file, indent=2)
        file.write("\n")
    print(f"wrote {os.path.normpath(OUTPUT)} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
