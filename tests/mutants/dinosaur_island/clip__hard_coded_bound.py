"""Clips to a hard-coded [-10, 10] instead of [-maxValue, maxValue]."""
import copy

import numpy as np

EXPECT = "hard-coded bound"


def clip(gradients, maxValue):
    gradients = copy.deepcopy(gradients)
    out = {}
    for key in ("dWaa", "dWax", "dWya", "db", "dby"):
        out[key] = np.clip(gradients[key], -10, 10)
    return out
