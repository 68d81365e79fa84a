"""Seeded inputs of the dinosaur-name hidden checks (never shown in the notebook).

Gradients, weights and names are synthetic (numpy Generators with their own seeds), so the
checks need no data file. `model` runs on made-up names for at most 2001 iterations, short
enough that the trajectory does not depend on the BLAS kernel.
"""
from __future__ import annotations

import string

import numpy as np

from autograder.expected import Case
from utils.public_tests.dinosaur_island import recurrence_only_parameters

CHARS = ["\n"] + list(string.ascii_lowercase)
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}
IX_TO_CHAR = {i: ch for i, ch in enumerate(CHARS)}
VOCAB = len(CHARS)
SYLLABLES = ("ra", "to", "sau", "rus", "don", "ce", "ops", "ty", "ran", "no", "mi", "mus",
             "ve", "lo", "ci", "rap", "tor", "an", "ky", "pe", "ter", "gon", "a", "dro")


def synthetic_names(seed, count):
    """`count` made-up dinosaur-like names of 2 to 4 syllables."""
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 5)))) for _ in range(count)]


def gradients(seed, n_a, vocab, scale):
    rng = np.random.default_rng(seed)
    return {"dWax": rng.standard_normal((n_a, vocab)) * scale,
            "dWaa": rng.standard_normal((n_a, n_a)) * scale,
            "dWya": rng.standard_normal((vocab, n_a)) * scale,
            "db": rng.standard_normal((n_a, 1)) * scale,
            "dby": rng.standard_normal((vocab, 1)) * scale,
            "da_next": rng.standard_normal((n_a, 1)) * scale}


def weights(seed, n_a, scale, vocab=VOCAB):
    rng = np.random.default_rng(seed)
    return {"Wax": rng.standard_normal((n_a, vocab)) * scale,
            "Waa": rng.standard_normal((n_a, n_a)) * scale,
            "Wya": rng.standard_normal((vocab, n_a)) * scale,
            "b": rng.standard_normal((n_a, 1)) * scale,
            "by": rng.standard_normal((vocab, 1)) * scale}


def zeros(n_a):
    return {k: np.zeros_like(v) for k, v in weights(0, n_a, 1.0).items()}


def capped(seed):
    """Weights that almost never produce a newline: every name hits the 50-character cap."""
    p = weights(seed, 20, 0.3)
    p["by"][0] = -40.0
    p["by"][17] = 4.0
    return p


def permuted_recurrence(seed):
    """The visible check's recurrence-only network with its letters in another order."""
    p = recurrence_only_parameters()
    order = np.random.default_rng(seed).permutation(np.arange(1, 27))
    p["Wya"][1:27] = p["Wya"][order]
    return p


def optimize_inputs(seed, n_a, scale, length, learning_rate):
    rng = np.random.default_rng(seed)
    X = [None] + [int(i) for i in rng.integers(1, VOCAB, size=length - 1)]
    Y = X[1:] + [0]
    a_prev = np.tanh(rng.standard_normal((n_a, 1)))
    return (X, Y, a_prev, weights(seed + 1, n_a, scale), learning_rate), {}


def model_inputs(seed, count, num_iterations, n_a, dino_names):
    return (synthetic_names(seed, count), IX_TO_CHAR, CHAR_TO_IX, num_iterations, n_a,
            dino_names), {}


PROBES = "autograder.probes.dinosaur_island"

CASES = {
    # clip: probe returns the result and the caller's dict after the call
    "clip_a": Case("clip", lambda: ((gradients(1101, 6, 4, 4.0), 3.5), {}),
                   probe=f"{PROBES}:clip_and_input"),
    "clip_b": Case("clip", lambda: ((gradients(1102, 3, 7, 1.0), 0.8), {}),
                   probe=f"{PROBES}:clip_and_input"),
    "clip_c": Case("clip", lambda: ((gradients(1103, 5, 5, 30.0), 12), {}),
                   probe=f"{PROBES}:clip_and_input"),
    # sample: random weights, a uniform model, the cap, a recurrence-only network
    "sample_a": Case("sample", lambda: ((weights(2201, 50, 0.8), CHAR_TO_IX, 7), {})),
    "sample_b": Case("sample", lambda: ((weights(2202, 50, 1.5), CHAR_TO_IX, 31), {})),
    "sample_uniform_5": Case("sample", lambda: ((zeros(9), CHAR_TO_IX, 5), {})),
    "sample_uniform_40": Case("sample", lambda: ((zeros(4), CHAR_TO_IX, 40), {})),
    "sample_cap": Case("sample", lambda: ((capped(2203), CHAR_TO_IX, 2), {})),
    "sample_state": Case("sample", lambda: ((permuted_recurrence(2204), CHAR_TO_IX, 9), {})),
    # optimize: probe returns the result and the caller's parameters after the call
    "optimize_a": Case("optimize", lambda: optimize_inputs(3301, 30, 0.5, 9, 0.02),
                       probe=f"{PROBES}:optimize_and_parameters", rtol=1e-6, atol=1e-10),
    "optimize_b": Case("optimize", lambda: optimize_inputs(3302, 40, 2.0, 14, 0.037),
                       probe=f"{PROBES}:optimize_and_parameters", rtol=1e-6, atol=1e-10),
    # model: short runs on made-up names, traced through a probe
    "model_short": Case("model", lambda: model_inputs(4401, 60, 400, 16, 3),
                        probe=f"{PROBES}:model_trace", rtol=1e-5, atol=1e-8),
    "model_2001": Case("model", lambda: model_inputs(4402, 45, 2001, 12, 4),
                       probe=f"{PROBES}:model_trace", rtol=1e-5, atol=1e-8),
}
