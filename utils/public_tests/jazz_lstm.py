"""Visible checks of the jazz LSTM assignment, and the Keras helpers the hidden probes share.

The checks build their own layers (a fresh `Reshape`, `LSTM(n_a, return_state=True)` and
`Dense(n_values, softmax)`), pass them to the function under test and look at the model it
returns by behaviour: which layer objects it holds, how many parameters, how many outputs of
which shape, and its outputs on seeded weights and inputs. They never compare a printed
summary, so they hold across Keras versions.
"""
from __future__ import annotations

import numpy as np

from utils.testing import CheckFailed, all_passed, check_close, check_shape, fail

VISIBLE_SEED = 7                 # seeds of the visible checks (the hidden checks use others)

# Build errors Keras raises for the usual mistakes, and what they mean.
_BUILD_HINTS = (
    ("NotImplementedError", "the function is not implemented yet: replace the "
                            "`raise NotImplementedError()` line with your code"),
    ("name 'n_values' is not defined", "read n_values = densor.units inside the function: the "
                                       "grader calls it with its own sizes, not the notebook's"),
    ("expected ndim=3", "the LSTM got a 2-D input: reshape each x_t to (1, n_values) with reshaper "
                        "(or RepeatVector(1) in the inference loop) before calling LSTM_cell"),
    ("inputs=", "Keras 3 layers are called positionally: LSTM_cell(x, initial_state=[a, c])"),
    ("Incompatible shapes", "the batch size changed between steps: take the argmax over the last "
                            "axis (axis=-1), not axis 0, so the next input is (m, 1, n_values)"),
    ("KerasTensor", "use keras.ops (keras.ops.argmax, keras.ops.one_hot) on symbolic tensors, "
                    "not tf.math functions"),
)


# ---- helpers shared with the hidden probes ------------------------------------------------

def jazz_layers(n_values: int, n_a: int):
    """Fresh (reshaper, LSTM_cell, densor) as the notebook defines them."""
    from keras.layers import LSTM, Dense, Reshape
    return Reshape((1, n_values)), LSTM(n_a, return_state=True), Dense(n_values, activation="softmax")


def lstm_param_count(n_values: int, n_a: int) -> int:
    return 4 * (n_a * (n_values + n_a) + n_a)            # four gates: kernel, recurrent, bias


def dense_param_count(n_values: int, n_a: int) -> int:
    return n_a * n_values + n_values                     # kernel and bias


def seed_weights(LSTM_cell, densor, seed: int, scale: float = 0.5) -> bool:
    """Overwrite the (built) layers' weights with seeded normal draws; False if unbuilt."""
    weights = list(LSTM_cell.weights) + list(densor.weights)
    if len(weights) != 5:
        return False
    rng = np.random.default_rng(seed)
    for w in weights:                     # kernel, recurrent kernel, bias, Dense kernel, bias
        w.assign((rng.standard_normal(tuple(w.shape)) * scale).astype("float32"))
    return True


def layer_report(model, LSTM_cell, densor, reshaper=None) -> dict:
    """Plain facts about a model's layers: counts and whether the given objects are used."""
    import keras
    layers = list(model.layers)
    return {
        "n_lstm": sum(isinstance(l, keras.layers.LSTM) for l in layers),
        "n_dense": sum(isinstance(l, keras.layers.Dense) for l in layers),
        "lstm_is_given": any(l is LSTM_cell for l in layers),
        "dense_is_given": any(l is densor for l in layers),
        "reshaper_used": reshaper is None or any(l is reshaper for l in layers),
        "n_params": int(model.count_params()),
        "n_outputs": len(model.outputs) if isinstance(model.outputs, (list, tuple)) else 1,
        "output_shapes": [list(o.shape) for o in model.outputs],
        "input_shapes": [list(i.shape) for i in model.inputs],
    }


def build_hint(message: str) -> str:
    """A hint for an exception message raised while building or running a model."""
    for needle, hint in _BUILD_HINTS:
        if needle in message:
            return hint
    return ("take the sizes from the layers (n_values = densor.units, n_a = LSTM_cell.units, "
            "never the notebook's globals), then check each step: slice x_t, reshape, "
            "LSTM_cell(x, initial_state=[a, c]), densor(a); argmax over the last axis (-1), "
            "one-hot of depth n_values, RepeatVector(1)")


def run_model(model, inputs) -> list[np.ndarray]:
    """The model's outputs on `inputs` as a list of float arrays (eager call, no tracing)."""
    import keras
    out = model([np.asarray(x, dtype="float32") for x in inputs])
    out = out if isinstance(out, (list, tuple)) else [out]
    return [to_numpy(o) for o in out]


def stand_in_inference_model(n_values: int, n_a: int, Ty: int, seed: int):
    """A small model with the inference model's interface, for predict_and_sample's checks.

    Inputs x0 (1, n_values), a0 (n_a,), c0 (n_a,); outputs a list of Ty softmaxes over
    n_values, each a different seeded function of the inputs, so every step's argmax differs.
    """
    import keras
    from keras.layers import Concatenate, Dense, Flatten, Input
    x0, a0, c0 = Input((1, n_values)), Input((n_a,)), Input((n_a,))
    joined = Concatenate()([Flatten()(x0), a0, c0])
    heads = [Dense(n_values, activation="softmax") for _ in range(Ty)]
    model = keras.Model([x0, a0, c0], [head(joined) for head in heads])
    rng = np.random.default_rng(seed)
    for w in model.weights:
        w.assign((rng.standard_normal(tuple(w.shape)) * 2.0).astype("float32"))
    return model


def to_numpy(t) -> np.ndarray:
    import keras
    return np.asarray(keras.ops.convert_to_numpy(t), dtype=float)


def _step(LSTM_cell, densor, x, a, c):
    """One step with the shared layers, eagerly: x (m, 1, n_values) -> (y, a, c)."""
    import keras
    _, a, c = LSTM_cell(keras.ops.convert_to_tensor(np.asarray(x, dtype="float32")),
                        initial_state=[a, c])
    return to_numpy(densor(a)), a, c


def teacher_forced(LSTM_cell, densor, X, a0, c0, carry: bool = True) -> np.ndarray:
    """Outputs (Tx, m, n_values) of the shared layers stepped over X; carry=False restarts
    every step from a0, c0 (the "states not carried" mistake)."""
    a, c, outs = a0, c0, []
    for t in range(X.shape[1]):
        y, a_t, c_t = _step(LSTM_cell, densor, X[:, t:t + 1, :], a, c)
        outs.append(y)
        if carry:
            a, c = a_t, c_t
    return np.stack(outs)


def rollout(LSTM_cell, densor, x0, a0, c0, Ty: int, feed: str = "argmax") -> np.ndarray:
    """Outputs (Ty, m, n_values) when each step's input is the one-hot argmax of the previous
    prediction (feed="argmax"), always x0 (feed="x0") or the softmax itself (feed="softmax")."""
    n_values = x0.shape[-1]
    x, a, c, outs = x0, a0, c0, []
    for _ in range(Ty):
        y, a, c = _step(LSTM_cell, densor, x, a, c)
        outs.append(y)
        if feed == "argmax":
            x = np.eye(n_values)[np.argmax(y, axis=-1)][:, None, :]
        elif feed == "softmax":
            x = y[:, None, :]
    return np.stack(outs)


def seeded_inputs(seed: int, m: int, T: int, n_values: int, n_a: int):
    """One-hot X (m, T, n_values) with a zero first step, and states a0, c0 (m, n_a)."""
    rng = np.random.default_rng(seed)
    X = np.zeros((m, T, n_values), dtype="float32")
    X[np.arange(m)[:, None], np.arange(T)[None, :], rng.integers(0, n_values, (m, T))] = 1
    X[:, 0, :] = 0                                                      # zero first input
    a0 = (rng.standard_normal((m, n_a)) * 0.5).astype("float32")
    c0 = (rng.standard_normal((m, n_a)) * 0.5).astype("float32")
    return X, a0, c0


def check_structure(report: dict, n_values: int, n_a: int, T: int, name: str):
    """Shared layers, parameter count and outputs of a model built by `name`."""
    if report["n_lstm"] != 1 or not report["lstm_is_given"]:
        fail(f"{name}: LSTM layers in the model", "exactly one, the LSTM_cell passed in",
             f"{report['n_lstm']} LSTM layer(s), given LSTM_cell used: {report['lstm_is_given']}",
             "the LSTM layer must be shared: use the LSTM_cell argument at every step and never "
             "create a new LSTM inside the loop (re-created layers have their own weights)")
    if report["n_dense"] != 1 or not report["dense_is_given"]:
        fail(f"{name}: Dense layers in the model", "exactly one, the densor passed in",
             f"{report['n_dense']} Dense layer(s), given densor used: {report['dense_is_given']}",
             "the Dense layer must be shared: apply the densor argument at every step and never "
             "create a new Dense inside the loop")
    if not report["reshaper_used"]:
        fail(f"{name}: reshaper layer used", True, False,
             "reshape each slice x_t to (1, n_values) with the reshaper argument")
    expected = lstm_param_count(n_values, n_a) + dense_param_count(n_values, n_a)
    if report["n_params"] != expected:
        fail(f"{name}: model.count_params() for n_a={n_a}, n_values={n_values}", expected,
             report["n_params"], "only the shared LSTM and Dense layers hold weights")
    if report["n_outputs"] != T:
        fail(f"{name}: number of model outputs", T, report["n_outputs"],
             "outputs must be a Python list with one softmax per time step (not stacked, "
             "not only the last one)")
    for t, shape in enumerate(report["output_shapes"]):
        if shape != [None, n_values]:
            fail(f"{name}: shape of output {t}", [None, n_values], shape,
                 "each output is densor(a) for one step: (batch, n_values); a fixed first "
                 "dimension means the argmax was taken over the batch axis instead of the last "
                 "axis (axis=-1)")


def _build(name: str, make):
    """Call a model-building function, turning a Keras error into a CheckFailed with a hint."""
    try:
        return make()
    except CheckFailed:
        raise
    except Exception as err:  # Keras raises many kinds for wrongly wired models
        message = f"{type(err).__name__}: {str(err)[:300]}"
        raise CheckFailed(f"{name} raised {message}. Hint: {build_hint(message)}") from None


# ---- visible checks -----------------------------------------------------------------------

def djmodel_test(target):
    n_values, n_a, Tx, m = 90, 64, 30, 3
    reshaper, LSTM_cell, densor = jazz_layers(n_values, n_a)
    model = _build("djmodel", lambda: target(Tx, LSTM_cell, densor, reshaper))
    report = layer_report(model, LSTM_cell, densor, reshaper)
    if report["input_shapes"] != [[None, Tx, n_values], [None, n_a], [None, n_a]]:
        fail("djmodel: model input shapes", [[None, Tx, n_values], [None, n_a], [None, n_a]],
             report["input_shapes"], "inputs=[X, a0, c0] with X of shape (Tx, n_values)")
    check_structure(report, n_values, n_a, Tx, "djmodel")
    print(f"djmodel: 1 shared LSTM, 1 shared Dense, {report['n_params']} parameters, "
          f"{report['n_outputs']} outputs of shape (None, {n_values}).")

    seed_weights(LSTM_cell, densor, VISIBLE_SEED)
    X, a0, c0 = seeded_inputs(VISIBLE_SEED, m, Tx, n_values, n_a)
    outputs = _build("running the djmodel", lambda: run_model(model, [X, a0, c0]))
    check_close("sum over n_values of each djmodel output", np.sum(outputs, axis=-1),
                np.ones((Tx, m)), rtol=1e-4, atol=1e-5, hint="densor ends with a softmax")
    X_late = X.copy()
    X_late[:, 20:, :] = 0                                               # change steps >= 20
    early = run_model(model, [X_late, a0, c0])
    check_close("djmodel outputs 0..19 when only X[:, 20:] changes", np.array(early[:20]),
                np.array(outputs[:20]), rtol=1e-4, atol=1e-6,
                hint="output t may depend only on x_0..x_t: slice X[:, t, :] at step t")
    if np.allclose(outputs, teacher_forced(LSTM_cell, densor, X, a0, c0, carry=False), rtol=1e-4, atol=1e-6):
        fail("djmodel outputs on seeded weights", "a and c carried from step to step",
             "outputs that restart from a0, c0 at every step",
             "states not carried: pass the a and c returned by LSTM_cell at step t-1 as "
             "initial_state at step t")
    check_close("djmodel output at step 5, example 0, first 4 values", outputs[5][0, :4],
                DJMODEL_VISIBLE, rtol=1e-4, atol=1e-6,
                hint="feed the a and c returned at step t-1 as initial_state at step t")
    all_passed()


def music_inference_model_test(target):
    n_values, n_a, Ty = 90, 64, 10
    _, LSTM_cell, densor = jazz_layers(n_values, n_a)
    model = _build("music_inference_model", lambda: target(LSTM_cell, densor, Ty))
    report = layer_report(model, LSTM_cell, densor)
    if report["input_shapes"] != [[None, 1, n_values], [None, n_a], [None, n_a]]:
        fail("music_inference_model: model input shapes",
             [[None, 1, n_values], [None, n_a], [None, n_a]], report["input_shapes"],
             "inputs=[x0, a0, c0] with x0 of shape (1, n_values)")
    check_structure(report, n_values, n_a, Ty, "music_inference_model")
    print(f"music_inference_model: 1 shared LSTM, 1 shared Dense, {report['n_params']} "
          f"parameters, {report['n_outputs']} outputs.")

    seed_weights(LSTM_cell, densor, VISIBLE_SEED)
    _, a0, c0 = seeded_inputs(VISIBLE_SEED, 1, 1, n_values, n_a)
    x0 = np.zeros((1, 1, n_values), dtype="float32")
    outputs = _build("running the inference model", lambda: run_model(model, [x0, a0, c0]))
    check_close("sum over n_values of each inference output", np.sum(outputs, axis=-1),
                np.ones((Ty, 1)), rtol=1e-4, atol=1e-5, hint="densor ends with a softmax")
    outputs = np.array(outputs)                                         # (Ty, 1, n_values)
    if not np.allclose(outputs, rollout(LSTM_cell, densor, x0, a0, c0, Ty), rtol=1e-4, atol=1e-6):
        if np.allclose(outputs, rollout(LSTM_cell, densor, x0, a0, c0, Ty, "x0"), rtol=1e-4, atol=1e-6):
            fail("music_inference_model: input of steps 1..Ty-1", "the one-hot argmax of the "
                 "previous prediction", "x0 at every step",
                 "feeding the input instead of the prediction: set x to the one-hot of "
                 "argmax(out) before the next step")
        if np.allclose(outputs, rollout(LSTM_cell, densor, x0, a0, c0, Ty, "softmax"), rtol=1e-4, atol=1e-6):
            fail("music_inference_model: input of steps 1..Ty-1", "the one-hot argmax of the "
                 "previous prediction", "the softmax itself",
                 "take keras.ops.argmax(out, axis=-1) and its one-hot (depth n_values) "
                 "before RepeatVector(1)")
    check_close("argmax of the inference outputs, steps 0..9", np.argmax(outputs, axis=-1).ravel(),
                INFERENCE_VISIBLE_ARGMAX, rtol=0, atol=0,
                hint="the next input is the one-hot argmax of this step's prediction "
                     "(argmax over the last axis, one_hot of depth n_values, RepeatVector(1))")
    all_passed()


def check_integer_indices(indices: np.ndarray):
    """Indices are positions in the vocabulary, so they must keep an integer dtype."""
    if not np.issubdtype(indices.dtype, np.integer):
        fail("dtype of indices", "an integer dtype", str(indices.dtype),
             "keep the integers np.argmax returns; do not cast the indices to float")


def predict_and_sample_test(target):
    n_values, n_a, Ty = 90, 64, 13
    model = stand_in_inference_model(n_values, n_a, Ty, VISIBLE_SEED)
    x = np.zeros((1, 1, n_values))
    a = np.zeros((1, n_a))
    c = np.zeros((1, n_a))
    results, indices = _build("predict_and_sample", lambda: target(model, x, a, c))
    check_shape("indices", np.asarray(indices), (Ty, 1),
                "argmax over the last axis of the stacked predictions (Ty, 1, n_values)")
    check_integer_indices(np.asarray(indices))
    check_shape("results", np.asarray(results), (Ty, n_values),
                "one-hot encode the indices with num_classes = n_values")
    predictions = np.array(run_model(model, [x, a, c]))                 # (Ty, 1, n_values)
    check_close("indices", np.asarray(indices), np.argmax(predictions, axis=-1), rtol=0, atol=0,
                hint="indices are the argmax over the LAST axis (the n_values axis)")
    check_close("results", np.asarray(results), np.eye(n_values)[np.asarray(indices).ravel()],
                rtol=0, atol=0, hint="results[t] is the one-hot vector of indices[t]")
    print(f"predict_and_sample: indices {np.asarray(indices).ravel()[:6]}...")
    all_passed()


# Recorded from the reference solution (Keras 3.15, TensorFlow 2.21 CPU).
DJMODEL_VISIBLE = np.array([0.0036926225, 0.0029238509, 0.009939394, 0.0054149744])
INFERENCE_VISIBLE_ARGMAX = np.array([6, 26, 36, 13, 13, 13, 13, 36, 10, 10])
