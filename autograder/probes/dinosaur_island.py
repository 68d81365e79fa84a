"""Probes of the dinosaur-name assignment: what a plain call cannot show.

* `clip_and_input`: clip's result and the caller's dictionary after the call (mutation).
* `optimize_and_parameters`: optimize's result and the caller's parameters after the call
  (optimize must update them in place).
* `model_trace`: trains with the submission's `model` while recording each call it makes to
  `optimize` and `sample` (replaced in model's own globals, only for the duration of the
  run) and
  everything it printed; returns plain summaries of that trace.
"""
from __future__ import annotations

import contextlib
import io

import numpy as np


def clip_and_input(namespace, gradients, maxValue):
    out = namespace["clip"](gradients, maxValue)
    return {"out": out, "input_after": gradients}


def optimize_and_parameters(namespace, X, Y, a_prev, parameters, learning_rate):
    out = namespace["optimize"](X, Y, a_prev, parameters, learning_rate=learning_rate)
    return {"out": out, "parameters_after": parameters}


def model_trace(namespace, data_x, ix_to_char, char_to_ix, num_iterations, n_a, dino_names):
    """Run model(...) and summarise how it called optimize and sample.

    Returns a dict: parameters, last_name, printed (all stdout), inputs (the characters of
    each X after its first entry, joined with "|"), first_is_none, labels_ok, learning_rate,
    carried (a_prev equals the state optimize returned one call earlier), zero_state (a_prev
    is all zeros), sample_seeds (seeds passed to sample, in order).
    """
    model = namespace["model"]
    scope = getattr(model, "__globals__", namespace)     # where model looks its helpers up
    optimize, sample = scope["optimize"], scope["sample"]
    newline = char_to_ix["\n"]
    trace = {"inputs": [], "first_is_none": [], "labels_ok": [], "learning_rate": [],
             "carried": [], "zero_state": [], "sample_seeds": []}
    last_state = [None]

    def traced_optimize(X, Y, a_prev, parameters, *args, **kwargs):
        lr = kwargs.get("learning_rate", args[0] if args else 0.01)
        X_list = list(X)
        trace["first_is_none"].append(bool(X_list and X_list[0] is None))
        trace["inputs"].append("".join(ix_to_char[int(i)] for i in X_list[1:] if i is not None))
        trace["labels_ok"].append(list(Y) == X_list[1:] + [newline])
        trace["learning_rate"].append(float(lr))
        a_prev_arr = np.asarray(a_prev, dtype=float)
        trace["zero_state"].append(bool(np.all(a_prev_arr == 0)))
        trace["carried"].append(bool(last_state[0] is not None
                                     and last_state[0].shape == a_prev_arr.shape
                                     and np.array_equal(last_state[0], a_prev_arr)))
        out = optimize(X, Y, a_prev, parameters, *args, **kwargs)
        last_state[0] = np.array(out[2], dtype=float, copy=True)
        return out

    def traced_sample(parameters, char_to_ix_, seed):
        trace["sample_seeds"].append(int(seed))
        return sample(parameters, char_to_ix_, seed)

    printed = io.StringIO()
    scope["optimize"], scope["sample"] = traced_optimize, traced_sample
    try:
        with contextlib.redirect_stdout(printed):
            parameters, last_name = model(
                data_x, ix_to_char, char_to_ix, num_iterations=num_iterations, n_a=n_a,
                dino_names=dino_names, vocab_size=len(char_to_ix))
    finally:
        scope["optimize"], scope["sample"] = optimize, sample
    return {
        "parameters": parameters,
        "last_name": last_name,
        "printed": printed.getvalue(),
        "inputs": "|".join(trace["inputs"]),
        "first_is_none": np.array(trace["first_is_none"], dtype=bool),
        "labels_ok": np.array(trace["labels_ok"], dtype=bool),
        "learning_rate": np.array(trace["learning_rate"], dtype=float),
        "carried": np.array(trace["carried"], dtype=bool),
        "zero_state": np.array(trace["zero_state"], dtype=bool),
        "sample_seeds": np.array(trace["sample_seeds"], dtype=np.int64),
    }
