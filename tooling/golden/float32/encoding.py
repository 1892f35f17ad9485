"""Float32 values as JSON, which has no NaN or Infinity: those are written as the strings
"NaN", "Infinity" and "-Infinity", and every other value as a decimal that reads back as the
same float32."""

import math

import numpy as np


def special(value):
    """The string for NaN or an infinity, or None for a finite value."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return None


def number(value):
    """A float32 as the shortest decimal that reads back as the same float32, whole numbers as
    integers, and -0 as the string "-0"."""
    value = np.float32(value)
    name = special(value)
    if name:
        return name
    if value == 0 and math.copysign(1.0, float(value)) < 0:
        return "-0"
    shortest = float(repr(value).replace("np.float32(", "").rstrip(")"))
    return int(shortest) if shortest.is_integer() and abs(shortest) < 2**53 else shortest


def widened_number(value):
    """A float32 widened to the double that holds it exactly, written as Python writes doubles
    (0.10000000149011612, 1.0, -0.0)."""
    value = float(value)
    return special(value) or value
