"""Probes of the jazz LSTM assignment: Keras models turned into plain facts and arrays.

Keras models cannot leave the student's process, so each probe builds the layers itself
(`Reshape`, `LSTM(n_a, return_state=True)`, `Dense(n_values, softmax)`), builds them and
gives them seeded weights, passes them to the student's function, and returns:

* a layer report (how many LSTM/Dense layers, whether the given objects are the ones used,
  parameter count, output and input shapes);
* the model's outputs on seeded inputs, stacked to (T, m, n_values);
* reference rollouts computed here with the same layer objects called step by step, for
  the right model and for the known mistakes, so a check can name the mistake a wrong
  output matches.

A build or run error is returned as text under "error" (the check turns it into a hint).
"""
from __future__ import annotations

import numpy as np

from utils.public_tests.jazz_lstm import (jazz_layers, layer_report, rollout, run_model,
                                          seed_weights, seeded_inputs, stand_in_inference_model,
                                          teacher_forced, to_numpy)


def _built_layers(n_values: int, n_a: int, seed: int):
    reshaper, LSTM_cell, densor = jazz_layers(n_values, n_a)
    LSTM_cell.build((None, 1, n_values))
    densor.build((None, n_a))
    seed_weights(LSTM_cell, densor, seed)
    return reshaper, LSTM_cell, densor


def _error(err: BaseException) -> str:
    return f"{type(err).__name__}: {str(err)[:400]}"


def _stacked(outputs) -> np.ndarray | None:
    shapes = {o.shape for o in outputs}
    return np.stack(outputs) if len(shapes) == 1 else None


def djmodel_probe(namespace, n_values, n_a, Tx, m, seed):
    reshaper, LSTM_cell, densor = _built_layers(n_values, n_a, seed)
    X, a0, c0 = seeded_inputs(seed + 1, m, Tx, n_values, n_a)
    result = {"reference": teacher_forced(LSTM_cell, densor, X, a0, c0),
              "not_carried": teacher_forced(LSTM_cell, densor, X, a0, c0, carry=False)}
    try:
        model = namespace["djmodel"](Tx, LSTM_cell, densor, reshaper)
        result["report"] = layer_report(model, LSTM_cell, densor, reshaper)
        result["predictions"] = _stacked(run_model(model, [X, a0, c0]))
    except Exception as err:  # any build or run failure becomes a message
        result["error"] = _error(err)
    return result


def music_inference_model_probe(namespace, n_values, n_a, Ty, m, seed):
    _, LSTM_cell, densor = _built_layers(n_values, n_a, seed)
    rng = np.random.default_rng(seed + 1)
    x0 = np.zeros((m, 1, n_values), dtype="float32")
    x0[np.arange(m), 0, rng.integers(0, n_values, m)] = 1               # one-hot first inputs
    a0 = (rng.standard_normal((m, n_a)) * 0.5).astype("float32")
    c0 = (rng.standard_normal((m, n_a)) * 0.5).astype("float32")
    result = {"reference": rollout(LSTM_cell, densor, x0, a0, c0, Ty),
              "fed_x0": rollout(LSTM_cell, densor, x0, a0, c0, Ty, "x0"),
              "fed_softmax": rollout(LSTM_cell, densor, x0, a0, c0, Ty, "softmax")}
    try:
        model = namespace["music_inference_model"](LSTM_cell, densor, Ty)
        result["report"] = layer_report(model, LSTM_cell, densor)
        result["predictions"] = _stacked(run_model(model, [x0, a0, c0]))
    except Exception as err:  # any build or run failure becomes a message
        result["error"] = _error(err)
    return result


def predict_and_sample_probe(namespace, n_values, n_a, Ty, seed):
    model = stand_in_inference_model(n_values, n_a, Ty, seed)
    rng = np.random.default_rng(seed + 1)
    x = np.zeros((1, 1, n_values))
    a = rng.standard_normal((1, n_a))
    c = rng.standard_normal((1, n_a))
    predictions = np.stack(run_model(model, [x, a, c]))                 # (Ty, 1, n_values)
    result = {"argmax": np.argmax(predictions, axis=-1)}
    try:
        out = namespace["predict_and_sample"](model, x, a, c)
    except Exception as err:  # a failure becomes a message
        result["error"] = _error(err)
        return result
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        result["error"] = f"returned {type(out).__name__}, not the pair (results, indices)"
        return result
    result["results"] = to_numpy(out[0])
    indices = out[1]
    if not isinstance(indices, np.ndarray):                      # a tensor or a list
        import keras
        indices = np.asarray(keras.ops.convert_to_numpy(indices))
    result["indices"] = indices if indices.dtype.kind in "iub" else indices.astype(float)
    return result
