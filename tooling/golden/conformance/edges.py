"""The inputs of the golden cases: edge values, odd lengths, empty tensors, scalars, rank 5."""

import numpy as np

from float32.edges import (
    EXP_OVERFLOW, EXP_SUBNORMAL, EXP_ZERO, HARD_KINKS, MAX, RELU6_KINK, SMALLEST_SUBNORMAL,
    SOFTPLUS_THRESHOLD, SPECIALS, TINY, UNIT_KINKS, around,
)

F32 = np.float32

# 0 is among the specials, and its float32 neighbours are the smallest subnormals.
KINKS = UNIT_KINKS + HARD_KINKS + [RELU6_KINK]
OVERFLOWS = [EXP_OVERFLOW, -EXP_OVERFLOW, EXP_SUBNORMAL, EXP_ZERO, SOFTPLUS_THRESHOLD]
EDGES = (
    SPECIALS
    + [SMALLEST_SUBNORMAL, -SMALLEST_SUBNORMAL, 1e-40, -1e-40]
    + [TINY - SMALLEST_SUBNORMAL, -TINY, TINY]
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
