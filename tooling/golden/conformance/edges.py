"""The inputs of the golden cases: edge values, odd lengths, empty tensors, scalars, rank 5."""

import math

import numpy as np

F32 = np.float32
MAX = np.finfo(np.float32).max
TINY = np.finfo(np.float32).tiny  # the smallest normal float32, 2^-126


def around(value):
    """A value and its float32 neighbours on either side."""
    value = F32(value)
    return [np.nextafter(value, F32(-math.inf)), value, np.nextafter(value, F32(math.inf))]


# Kinks of the piecewise activations (0; 1 for ThresholdedReLU; +-3 for the hard ones; 6 for
# ReLU6; -1 where GELU's documented values sit) and the points where exp overflows to
# Infinity (ln of the largest float32), underflows past the normals (ln 2^-126) and reaches
# 0 (ln of the smallest subnormal), and PyTorch's Softplus threshold of 20.
KINKS = [1.0, -1.0, 3.0, -3.0, 6.0]
OVERFLOWS = [88.72284, -88.72284, -87.33655, -103.27893, 20.0]
EDGES = (
    [math.nan, math.inf, -math.inf, -0.0, 0.0]
    + [1e-45, -1e-45, 1e-40, -1e-40, TINY - 1e-45, -TINY, TINY]
    + [v for kink in KINKS for v in around(kink)]
    + [v for point in OVERFLOWS for v in around(point)]
    + [1e4, -1e4, 1e10, -1e10, 1e30, -1e30, MAX, -MAX]
)

# The repeating pattern of the long cases: a prime period, so that the edge values fall at
# every position of a 4- or 8-wide loop and its scalar tail in turn.
PERIOD = 97


def edge_vector(generator):
    """The edge values followed by seeded normal values."""
    normals = generator.standard_normal(16).astype(np.float32) * 3
    return np.concatenate([np.array(EDGES, dtype=np.float32), normals])


def periodic(generator, length):
    """`length` values that repeat every PERIOD: the edge values, then normals."""
    edges = np.array(EDGES, dtype=np.float32)
    fill = generator.standard_normal(PERIOD - len(edges)).astype(np.float32) * 3
    pattern = np.concatenate([edges, fill])
    return np.resize(pattern, length)


def shapes(generator):
    """(label, input, period) for every elementwise case but the edge vector."""
    out = []
    for length in (1, 3, 4, 5):
        out.append((f"length-{length}", generator.standard_normal(length).astype(F32) * 3, None))
    for length in (1023, 4097):
        out.append((f"length-{length}", periodic(generator, length), PERIOD))
    out.append(("empty", np.zeros([0], dtype=F32), None))
    out.append(("empty-rank-3", np.zeros([2, 0, 3], dtype=F32), None))
    out.append(("scalar", np.array(1.5, dtype=F32), None))
    out.append(("rank-5", generator.standard_normal([2, 3, 1, 2, 2]).astype(F32) * 3, None))
    return out


def upstream(generator, like, period=None):
    """A seeded upstream gradient shaped like `like`, repeating with the same period."""
    size = like.size if period is None else min(period, like.size)
    values = generator.standard_normal(size).astype(F32)
    return np.resize(values, like.shape) if like.size else np.zeros(like.shape, dtype=F32)
