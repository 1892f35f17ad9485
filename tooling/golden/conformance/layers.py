"""Golden cases of the layers and losses: Dense (Gemm with bias) and SoftmaxCrossEntropyLoss,
forward and backward."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from .activations import forward_backward
from .encoding import tensor

F32 = np.float32


def dense(x, weight, bias):
    """Rectifier's Dense: Y = X W + b with W shaped [inputs, units], Gemm's layout."""
    return x @ weight + bias


def dense_inputs(generator):
    """(name, X, W, b) for batch x inputs x units shapes, and one with NaN and Infinity."""
    out = []
    for batch, inputs, units in [(1, 1, 1), (3, 5, 4), (16, 33, 17), (8, 100, 10), (0, 5, 3)]:
        x = generator.standard_normal([batch, inputs]).astype(F32)
        weight = (generator.standard_normal([inputs, units]) * math.sqrt(2 / inputs)).astype(F32)
        bias = (generator.standard_normal([units]) * 0.1).astype(F32)
        out.append((f"{batch}x{inputs}-to-{units}", x, weight, bias))
    x = generator.standard_normal([3, 4]).astype(F32)
    x[0, 0] = math.nan
    x[1, 1] = math.inf
    weight = generator.standard_normal([4, 2]).astype(F32)
    out.append(("non-finite", x, weight, np.zeros([2], dtype=F32)))
    return out


def dense_cases(generator):
    cases = []
    for name, x, weight, bias in dense_inputs(generator):
        dy = generator.standard_normal([x.shape[0], weight.shape[1]]).astype(F32)
        y, (dx, dweight, dbias) = forward_backward(dense, [x, weight, bias], dy)
        cases.append({
            "name": name,
            "op": "Gemm",
            "source": "x @ weight + bias",
            "inputs": [
                tensor("X", x),
                tensor("weight", weight, role="parameter"),
                tensor("bias", bias, role="parameter"),
            ],
            "outputs": [tensor("Y", y)],
            "backward": {
                "outputGradients": [tensor("dY", dy)],
                "inputGradients": [tensor("X", dx)],
                "parameterGradients": [tensor("weight", dweight), tensor("bias", dbias)],
            },
        })
    return cases


def loss_inputs(generator):
    """(name, scores, labels)."""
    out = []
    for batch, classes in [(1, 2), (4, 5), (3, 10)]:
        scores = (generator.standard_normal([batch, classes]) * 2).astype(F32)
        labels = generator.integers(0, classes, batch).astype(np.int64)
        out.append((f"batch-{batch}/classes-{classes}", scores, labels))
    large = np.array([[1000, -1000, 0, 1], [100, 99, -100, 98], [-88, 88, 0, 20]], dtype=F32)
    out.append(("large-scores", large, np.array([1, 0, 2], dtype=np.int64)))
    return out


def loss_cases(generator):
    cases = []
    for name, scores, labels in loss_inputs(generator):
        for reduction in ("mean", "sum", "none"):
            def function(s):
                return (F.cross_entropy(s, torch.from_numpy(labels), reduction=reduction),
                        F.log_softmax(s, dim=1))

            loss_shape = [scores.shape[0]] if reduction == "none" else []
            dloss = generator.standard_normal(loss_shape).astype(F32).reshape(loss_shape)
            leaf = torch.from_numpy(scores).clone().requires_grad_(True)
            loss, log_prob = function(leaf)
            (dscores,) = torch.autograd.grad(loss, [leaf], torch.from_numpy(np.array(dloss)))
            cases.append({
                "name": f"{name}/{reduction}",
                "op": "SoftmaxCrossEntropyLoss",
                "source": f"F.cross_entropy(scores, labels, reduction='{reduction}')",
                "attributes": {"reduction": reduction},
                "inputs": [tensor("scores", scores), tensor("labels", labels)],
                "outputs": [
                    tensor("output", loss.detach().numpy()),
                    tensor("log_prob", log_prob.detach().numpy()),
                ],
                "backward": {
                    "outputGradients": [tensor("dLoss", dloss), None],
                    "inputGradients": [tensor("scores", dscores.numpy())],
                },
            })
    return cases
