"""Float32 values where activations break, for every generator: NaN, the infinities, the
signed zeros, subnormals, the kinks of the piecewise activations and where exp overflows.

Each generator composes its own input vector from these, in its own order; the order is part
of the committed golden files.
"""

import math

import numpy as np

F32 = np.float32
MAX = np.finfo(np.float32).max
TINY = np.finfo(np.float32).tiny  # the smallest normal float32, 2^-126
SMALLEST_SUBNORMAL = 1e-45  # rounds to 2^-149 in float32

# NaN, both infinities and both zeros.
SPECIALS = [math.nan, math.inf, -math.inf, -0.0, 0.0]

# Kinks of the piecewise activations: 0 for the rectifiers; 1 for ThresholdedReLU's default
# alpha, and +-1 where GELU's documented values sit; +-3 for HardSigmoid and HardSwish; 6 for
# ReLU6.
RECTIFIER_KINK = 0.0
UNIT_KINKS = [1.0, -1.0]
HARD_KINKS = [3.0, -3.0]
RELU6_KINK = 6.0

# Where exp overflows to Infinity (ln of the largest float32), underflows past the normals
# (ln 2^-126) and reaches 0 (ln of the smallest subnormal), and PyTorch's Softplus threshold.
EXP_OVERFLOW = 88.72284
EXP_SUBNORMAL = -87.33655
EXP_ZERO = -103.27893
SOFTPLUS_THRESHOLD = 20.0

# Softmax rows: values whose exp overflows, NaN, -Infinity in part and in a whole row,
# +Infinity, and exp's limits beside a subnormal and -0.
SOFTMAX_ROWS = [
    [1000.0, 999.0, 998.0, -1000.0, 0.0],
    [1.0, math.nan, 2.0, 3.0, 4.0],
    [-math.inf, 1.0, -math.inf, 2.0, 0.5],
    [-math.inf, -math.inf, -math.inf, -math.inf, -math.inf],
    [math.inf, 1.0, 2.0, 3.0, 4.0],
    [-88.0, 88.0, 0.0, 1e-45, -0.0],
]

# Values planted into a seeded [2, 3, 2, 2] PReLU input, by position: one in each channel.
NCHW_EDGES = {(0, 1, 0, 0): math.nan, (1, 2, 1, 1): -math.inf, (0, 0, 1, 0): 0.0}


def around(value):
    """A value and its float32 neighbours on either side."""
    value = F32(value)
    return [np.nextafter(value, F32(-math.inf)), value, np.nextafter(value, F32(math.inf))]


def beside(value, step):
    """A value and the values `step` below and above it, computed in double precision."""
    return [value - step, value, value + step]


def plant_nchw_edges(nchw):
    """Writes NCHW_EDGES into a [2, 3, 2, 2] tensor or NumPy array, and returns it."""
    for position, value in NCHW_EDGES.items():
        nchw[position] = value
    return nchw
