"""Clips only the upper bound (np.minimum), so large negative entries stay."""
import copy

import numpy as np

EXPECT = "clipping one side only"


def clip(gradients, maxValue):
    gradients = copy.deepcopy(gradients)
    out = {}
    for key in ("dWaa", "dWax", "dWya", "db", "dby"):
        out[key] = np.minimum(gradients[key], maxValue)
    return out
