"""Activation functions shared by the numpy assignments.

`softmax` subtracts the maximum of the whole array (not per column) before exponentiating
and normalises over axis 0, the convention the course's printed numbers were made with.
"""
import numpy as np


def softmax(x):
    """Column-wise softmax of x, shape (n, m) or (n,); returns the same shape."""
    e_x = np.exp(x - np.max(x))            # global-max shift for stability
    return e_x / e_x.sum(axis=0)           # normalise each column


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), element-wise."""
    return 1 / (1 + np.exp(-x))
