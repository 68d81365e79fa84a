"""Returns only four gradients: dby is forgotten."""
import copy

import numpy as np

EXPECT = "forgetting a key"


def clip(gradients, maxValue):
    gradients = copy.deepcopy(gradients)
    out = {}
    for key in ("dWaa", "dWax", "dWya", "db"):
        out[key] = np.clip(gradients[key], -maxValue, maxValue)
    return out
