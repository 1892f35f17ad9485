"""Where Rectifier's documented conventions differ from PyTorch's CPU results.

The same differences as the table in packages/backend-cpu/test/activations-golden.test.ts.
Each rule gives, for an input x (and its upstream gradient dy), Rectifier's value, or None
where Rectifier follows PyTorch. The generator writes Rectifier's value as the expected one
and records PyTorch's in the case's "deviations", with the reason.
"""

import math

import numpy as np

from float32.encoding import number

F32 = np.float32

NAN_GRADIENT = "Rectifier's convention is f'(NaN) = NaN, so NaN reaches dX."
INFINITY_PRODUCT = "PyTorch multiplies Infinity by 0; Rectifier takes the limit."


def _nan_gradient(reason):
    def rule(kind, x, dy):
        if kind == "gradient" and math.isnan(x):
            return (math.nan, f"{reason} {NAN_GRADIENT}")
        return None
    return rule


def _hard_swish(kind, x, dy):
    if kind == "gradient" and x == 3:
        return (F32(1.5) * F32(dy),
                "PyTorch's vectorised hardswish_backward takes f'(3) = 1 while its scalar tail "
                "and formula take 1.5; Rectifier keeps the formula, f'(3) = 1.5, everywhere.")
    if kind == "forward" and x == -math.inf:
        return (0.0, "PyTorch computes -Infinity * 0 = NaN; f(x) = 0 for every x <= -3.")
    if kind == "forward" and 3 <= x < math.inf:
        return (x, "PyTorch computes x * 6 / 6, whose product overflows to Infinity above "
                   "3.4e38 / 6; f(x) = x for every x >= 3.")
    return None


def _limits(kind, x, dy):
    """GELU, SiLU and Mish: f(-Infinity) = 0, f'(-Infinity) = 0, f'(Infinity) = 1."""
    if x == -math.inf:
        return (0.0, INFINITY_PRODUCT)
    if x == math.inf and kind == "gradient":
        return (F32(dy), INFINITY_PRODUCT)
    return None


def _gelu(kind, x, dy):
    """GELU's limits, and its tanh form's derivative where x^3 overflows float32."""
    if kind == "gradient" and 1e12 < abs(x) < math.inf:
        return (F32(dy) if x > 0 else 0.0,
                "PyTorch's float32 backward of the tanh form computes 0 * Infinity = NaN once "
                "x^3 overflows; tanh has saturated there, and Rectifier takes the limit.")
    return _limits(kind, x, dy)


def _softsign(kind, x, dy):
    if not math.isinf(x):
        return None
    if kind == "forward":
        return (math.copysign(1.0, x),
                "PyTorch computes Infinity / Infinity = NaN; Rectifier takes the limit, +-1.")
    return (0.0, "PyTorch computes Infinity / Infinity = NaN; Rectifier takes the limit, 0.")


RULES = {
    "relu": _nan_gradient("PyTorch's threshold_backward passes dY where X is NaN."),
    "thresholded-relu": _nan_gradient("PyTorch's threshold_backward passes dY where X is NaN."),
    "leaky-relu": _nan_gradient("PyTorch takes the X <= 0 branch at NaN, dX = slope * dY."),
    "prelu": _nan_gradient("PyTorch takes the X <= 0 branch at NaN, dX = slope * dY."),
    "relu6": _nan_gradient(
        "PyTorch's vectorised backward gives 0 at NaN and its scalar tail dY, so its answer "
        "depends on the element's position."),
    "hard-sigmoid": _nan_gradient("PyTorch's vectorised backward gives 0 at NaN."),
    "hard-swish": _hard_swish,
    "gelu": _gelu,
    "silu": _limits,
    "mish": _limits,
    "softsign": _softsign,
}


def same(a, b):
    """Equal as float32 values, NaN equal to NaN, or within one part in a million."""
    a, b = F32(a), F32(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(float(a) - float(b)) <= 1e-6 * abs(float(b))


def apply(name, kind, x, dy, torch_values, tensor, of):
    """Rectifier's expected values for PyTorch's, and the deviations where they differ."""
    rule = RULES.get(name)
    expected = np.array(torch_values, dtype=np.float32, copy=True).reshape(-1)
    deviations = []
    if rule is None:
        return expected.reshape(np.shape(torch_values)), deviations
    flat_x = np.asarray(x, dtype=np.float32).reshape(-1)
    flat_dy = np.asarray(dy, dtype=np.float32).reshape(-1) if dy is not None else None
    for index, value in enumerate(flat_x):
        upstream = 1.0 if flat_dy is None else flat_dy[index]
        outcome = rule(kind, float(value), float(upstream))
        if outcome is None:
            continue
        rectifier, reason = outcome
        if same(expected[index], rectifier):
            continue
        deviations.append({
            "of": of, "tensor": tensor, "index": index,
            "reference": number(expected[index]), "rectifier": number(rectifier), "reason": reason,
        })
        expected[index] = rectifier
    return expected.reshape(np.shape(torch_values)), deviations
