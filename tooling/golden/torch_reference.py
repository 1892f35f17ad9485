"""Rectifier's elementwise activations as PyTorch computes them, for every golden generator.

Each entry is (Rectifier name, op, attributes, PyTorch expression, function): every
activation with its defaults, and a few with other attributes. The expression is the function
written out, which the golden files record as the source of each value; the order of the
entries is part of the committed files.
"""

import torch
import torch.nn.functional as F

ELEMENTWISE = [
    ("relu", "Relu", {}, "F.relu(x)", F.relu),
    ("leaky-relu", "LeakyRelu", {}, "F.leaky_relu(x, 0.01)", lambda x: F.leaky_relu(x, 0.01)),
    ("leaky-relu", "LeakyRelu", {"alpha": 2}, "F.leaky_relu(x, 2)",
     lambda x: F.leaky_relu(x, 2.0)),
    ("leaky-relu", "LeakyRelu", {"alpha": -0.5}, "F.leaky_relu(x, -0.5)",
     lambda x: F.leaky_relu(x, -0.5)),
    ("elu", "Elu", {}, "F.elu(x)", F.elu),
    ("elu", "Elu", {"alpha": 0.5}, "F.elu(x, alpha=0.5)", lambda x: F.elu(x, alpha=0.5)),
    ("selu", "Selu", {}, "F.selu(x)", F.selu),
    ("celu", "Celu", {}, "F.celu(x)", F.celu),
    ("celu", "Celu", {"alpha": 2}, "F.celu(x, alpha=2)", lambda x: F.celu(x, alpha=2.0)),
    ("gelu", "Gelu", {}, "F.gelu(x)", F.gelu),
    ("gelu", "Gelu", {"approximate": "tanh"}, "F.gelu(x, approximate='tanh')",
     lambda x: F.gelu(x, approximate="tanh")),
    ("silu", "Silu", {}, "F.silu(x)", F.silu),
    ("mish", "Mish", {}, "F.mish(x)", F.mish),
    ("softplus", "Softplus", {}, "F.softplus(x)", F.softplus),
    ("softsign", "Softsign", {}, "F.softsign(x)", F.softsign),
    ("relu6", "Relu6", {}, "F.relu6(x)", F.relu6),
    ("hard-sigmoid", "HardSigmoid", {}, "F.hardsigmoid(x)", F.hardsigmoid),
    ("hard-swish", "HardSwish", {}, "F.hardswish(x)", F.hardswish),
    ("thresholded-relu", "ThresholdedRelu", {}, "F.threshold(x, 1.0, 0.0)",
     lambda x: F.threshold(x, 1.0, 0.0)),
    ("sigmoid", "Sigmoid", {}, "torch.sigmoid(x)", torch.sigmoid),
    ("tanh", "Tanh", {}, "torch.tanh(x)", torch.tanh),
    ("linear", "Identity", {}, "x.clone()", lambda x: x.clone()),
]
