"""Golden cases of every elementwise activation, PReLU and Softmax, forward and backward."""

import numpy as np
import torch

from torch_reference import ELEMENTWISE

from . import conventions
from .edges import edge_vector, shapes, upstream
from .encoding import tensor

# PyTorch differentiates x / (1 + |x|) by autograd, 1 / (1 + |x|) - |x| / (1 + |x|)^2, whose
# terms cancel in float32 (9e-5 relative at x = 1000); Rectifier uses 1 / (1 + |x|)^2.
TOLERANCES = {
    "softsign": {"rtol": 1e-4, "atol": 1e-6, "reason":
                 "PyTorch's autograd form of the derivative cancels in float32, up to 1e-4 "
                 "relative at |x| = 1000."},
}


def forward_backward(function, inputs, grad_output):
    """function(*inputs) and the gradients of sum(output * grad_output) for every input."""
    leaves = [torch.from_numpy(np.array(v)).clone().requires_grad_(True) for v in inputs]
    output = function(*leaves)
    grads = torch.autograd.grad(output, leaves, torch.from_numpy(np.array(grad_output)),
                                allow_unused=True)
    return output.detach().numpy(), [g.numpy() if g is not None else None for g in grads]


def label(attributes):
    return "/".join(f"{key}={value}" for key, value in attributes.items())


def elementwise_case(name, op, attributes, expression, function, case_name, x, period, generator):
    """One case: the forward values and the input gradient for a seeded dY."""
    dy = upstream(generator, x, period)
    y, (dx,) = forward_backward(function, [x], dy)
    y, forward_deviations = conventions.apply(name, "forward", x, None, y, "Y", "output")
    dx, backward_deviations = conventions.apply(name, "gradient", x, dy, dx, "X", "inputGradient")
    case = {
        "name": f"{label(attributes)}/{case_name}" if attributes else case_name,
        "op": op,
        "source": expression,
    }
    if attributes:
        case["attributes"] = attributes
    case["inputs"] = [tensor("X", x, period)]
    case["outputs"] = [tensor("Y", y, period)]
    case["backward"] = {
        "outputGradients": [tensor("dY", dy, period)],
        "inputGradients": [tensor("X", dx, period)],
    }
    if name in TOLERANCES:
        case["tolerance"] = TOLERANCES[name]
    deviations = forward_deviations + backward_deviations
    if deviations:
        case["deviations"] = deviations
    return case


def elementwise_files(generator):
    """{activation name: cases}: the edge vector for every attribute set, and every other
    shape for the defaults."""
    files = {}
    for name, op, attributes, expression, function in ELEMENTWISE:
        cases = files.setdefault(name, [])
        inputs = [("edges", edge_vector(generator), None)]
        if not attributes:
            inputs += shapes(generator)
        for case_name, x, period in inputs:
            cases.append(elementwise_case(
                name, op, attributes, expression, function, case_name, x, period, generator))
    return files
