"""Clips the caller's arrays in place (no deep copy), the 2018 behaviour."""
import numpy as np

EXPECT = "mutated its input"


def clip(gradients, maxValue):
    for key in ("dWaa", "dWax", "dWya", "db", "dby"):
        np.clip(gradients[key], -maxValue, maxValue, out=gradients[key])
    return {key: gradients[key] for key in ("dWaa", "dWax", "dWya", "db", "dby")}
