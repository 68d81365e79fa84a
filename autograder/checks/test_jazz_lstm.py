"""Hidden checks for `jazz_lstm`: Keras models checked by behaviour, on sizes never shown.

Each check asks a probe (autograder/probes/jazz_lstm.py) to build the student's model from
fresh seeded layers inside the student's process; the probe returns plain facts (layer
counts, shared-object flags, parameter count, output shapes) and the model's outputs on
seeded inputs. Values are compared with the solution's recorded outputs (rtol 1e-4, float32)
and, when they differ, with rollouts of the known mistakes so the message can name it.
"""
import weakref

import numpy as np
import pytest

from utils.public_tests.jazz_lstm import (build_hint, check_integer_indices, dense_param_count,
                                          lstm_param_count)
from utils.testing import check_close, check_shape, fail

pytestmark = pytest.mark.xdist_group("jazz_lstm")

DJ_CASES = ("djmodel_23v_7t", "djmodel_11v_4t")
INF_CASES = ("inference_23v_7t", "inference_17v_12t")
PAS_CASE = "predict_and_sample_23v_7t"

_results = weakref.WeakKeyDictionary()       # student -> {case: probe result}


def _probe(student, cases, name):
    """The probe's result for a case (each probe runs once per student)."""
    per_student = _results.setdefault(student, {})
    if name not in per_student:
        per_student[name] = cases[name].run(student)
    return per_student[name]


def _sizes(cases, name):
    _, kwargs = cases[name].inputs()
    return kwargs


def _built(student, cases, name, function):
    result = _probe(student, cases, name)
    if "error" in result:
        fail(f"{function} on a hidden case", "a model that builds and runs", result["error"],
             build_hint(result["error"]), public_expected="a model that builds and runs")
    return result


def _close(a, b, rtol=1e-4, atol=1e-6):
    return a is not None and b is not None and np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=rtol, atol=atol)


def _check_layers(report, function):
    if report["n_lstm"] != 1 or not report["lstm_is_given"]:
        fail(f"{function}: LSTM layers in the model", "one, the LSTM_cell argument (shared)",
             f"{report['n_lstm']} (given LSTM_cell used: {report['lstm_is_given']})",
             "LSTM layer re-created inside the loop? The LSTM must be shared: call the LSTM_cell "
             "argument at every step", public_expected="one, the LSTM_cell argument (shared)")
    if report["n_dense"] != 1 or not report["dense_is_given"]:
        fail(f"{function}: Dense layers in the model", "one, the densor argument (shared)",
             f"{report['n_dense']} (given densor used: {report['dense_is_given']})",
             "Dense layer re-created inside the loop? Apply the densor argument at every step",
             public_expected="one, the densor argument (shared)")


def _check_outputs(report, function, T, n_values, what):
    if report["n_outputs"] != T:
        fail(f"{function}: number of outputs (one per step of {what})", T, report["n_outputs"],
             "outputs must be a list with one softmax per step (not stacked, not the last only)")
    bad = [s for s in report["output_shapes"] if s != [None, n_values]]
    if bad:
        fail(f"{function}: output shapes", [None, n_values], bad[0],
             "each output is densor(a): (batch, n_values); a fixed first dimension means the "
             "argmax was taken over the batch axis instead of the last axis (axis=-1)")


# ---- djmodel ------------------------------------------------------------------------------

@pytest.mark.grade_id("djmodel")
@pytest.mark.points(1)
def test_djmodel_builds(student, cases):
    for name in DJ_CASES:
        _built(student, cases, name, "djmodel")


@pytest.mark.grade_id("djmodel")
@pytest.mark.points(2)
def test_djmodel_shared_layers(student, cases):
    for name in DJ_CASES:
        report = _built(student, cases, name, "djmodel")["report"]
        _check_layers(report, "djmodel")
        if not report["reshaper_used"]:
            fail("djmodel: reshaper layer used", True, False,
                 "reshape each x_t to (1, n_values) with the reshaper argument",
                 public_expected=True)


@pytest.mark.grade_id("djmodel")
@pytest.mark.points(1)
def test_djmodel_parameter_count(student, cases):
    for name in DJ_CASES:
        s = _sizes(cases, name)
        got = _built(student, cases, name, "djmodel")["report"]["n_params"]
        want = lstm_param_count(s["n_values"], s["n_a"]) + dense_param_count(s["n_values"], s["n_a"])
        if got != want:
            fail("djmodel: count_params() on a hidden case", want, got,
                 "only one LSTM and one Dense may hold weights (layers re-created inside the "
                 "loop, or n_values not taken from densor.units?)")


@pytest.mark.grade_id("djmodel")
@pytest.mark.points(1)
def test_djmodel_outputs(student, cases):
    for name in DJ_CASES:
        s = _sizes(cases, name)
        report = _built(student, cases, name, "djmodel")["report"]
        _check_outputs(report, "djmodel", s["Tx"], s["n_values"], "Tx")
        want = [[None, s["Tx"], s["n_values"]], [None, s["n_a"]], [None, s["n_a"]]]
        if report["input_shapes"] != want:
            fail("djmodel: input shapes", want, report["input_shapes"],
                 "inputs=[X, a0, c0]; X has shape (Tx, n_values) with n_values = densor.units")


@pytest.mark.grade_id("djmodel")
@pytest.mark.points(2)
def test_djmodel_values(student, expected, cases):
    for name in DJ_CASES:
        got = _built(student, cases, name, "djmodel")
        rtol, atol = cases[name].rtol, cases[name].atol
        if _close(got["predictions"], got["not_carried"], rtol, atol) and not _close(
                got["predictions"], got["reference"], rtol, atol):
            fail("djmodel outputs on seeded weights", "outputs with a and c carried from step to "
                 "step", "outputs that restart from a0, c0 at every step",
                 "states not carried: pass the a and c returned by LSTM_cell at step t-1 as "
                 "initial_state at step t",
                 public_expected="outputs with a and c carried from step to step")
        check_close(f"djmodel outputs (T, m, n_values), hidden case {DJ_CASES.index(name) + 1}",
                    got["predictions"],
                    expected.value(name)["predictions"], rtol=rtol, atol=atol,
                    hint="slice X[:, t, :] at step t, reshape, LSTM_cell(x, initial_state=[a, c]), densor(a)")


# ---- music_inference_model ----------------------------------------------------------------

@pytest.mark.grade_id("music_inference_model")
@pytest.mark.points(1)
def test_music_inference_model_builds(student, cases):
    for name in INF_CASES:
        _built(student, cases, name, "music_inference_model")


@pytest.mark.grade_id("music_inference_model")
@pytest.mark.points(2)
def test_music_inference_model_shared_layers(student, cases):
    for name in INF_CASES:
        s = _sizes(cases, name)
        report = _built(student, cases, name, "music_inference_model")["report"]
        _check_layers(report, "music_inference_model")
        want = lstm_param_count(s["n_values"], s["n_a"]) + dense_param_count(s["n_values"], s["n_a"])
        if report["n_params"] != want:
            fail("music_inference_model: count_params() on a hidden case", want,
                 report["n_params"], "only the shared LSTM and Dense hold weights")


@pytest.mark.grade_id("music_inference_model")
@pytest.mark.points(1)
def test_music_inference_model_outputs(student, cases):
    for name in INF_CASES:
        s = _sizes(cases, name)
        report = _built(student, cases, name, "music_inference_model")["report"]
        _check_outputs(report, "music_inference_model", s["Ty"], s["n_values"], "Ty")
        want = [[None, 1, s["n_values"]], [None, s["n_a"]], [None, s["n_a"]]]
        if report["input_shapes"] != want:
            fail("music_inference_model: input shapes", want, report["input_shapes"],
                 "inputs=[x0, a0, c0]; x0 has shape (1, n_values) with n_values = densor.units")


@pytest.mark.grade_id("music_inference_model")
@pytest.mark.points(3)
def test_music_inference_model_feedback(student, expected, cases):
    for name in INF_CASES:
        got = _built(student, cases, name, "music_inference_model")
        rtol, atol = cases[name].rtol, cases[name].atol
        pred = got["predictions"]
        if not _close(pred, got["reference"], rtol, atol):
            if _close(pred, got["fed_x0"], rtol, atol):
                fail("music_inference_model: input of steps 1..Ty-1", "the one-hot argmax of the "
                     "previous prediction", "x0 at every step",
                     "feeding the input instead of the prediction: set x to the one-hot of "
                     "argmax(out) before the next step",
                     public_expected="the one-hot argmax of the previous prediction")
            if _close(pred, got["fed_softmax"], rtol, atol):
                fail("music_inference_model: input of steps 1..Ty-1", "the one-hot argmax of the "
                     "previous prediction", "the softmax itself",
                     "take keras.ops.argmax(out, axis=-1) and its one-hot (depth n_values) "
                     "before RepeatVector(1)",
                     public_expected="the one-hot argmax of the previous prediction")
        check_close("music_inference_model outputs (Ty, m, n_values), hidden case "
                    f"{INF_CASES.index(name) + 1}", pred,
                    expected.value(name)["predictions"], rtol=rtol, atol=atol,
                    hint="each step: LSTM_cell, densor, argmax over the last axis, one-hot of "
                         "depth n_values, RepeatVector(1)")


# ---- predict_and_sample -------------------------------------------------------------------

@pytest.mark.grade_id("predict_and_sample")
@pytest.mark.points(1)
def test_predict_and_sample_shapes(student, cases):
    s = _sizes(cases, PAS_CASE)
    got = _built(student, cases, PAS_CASE, "predict_and_sample")
    check_shape("indices", got["indices"], (s["Ty"], 1),
                "indices = argmax over the last axis of the (Ty, 1, n_values) predictions")
    check_shape("results", got["results"], (s["Ty"], s["n_values"]),
                "results = to_categorical(indices, num_classes=n_values), shape (Ty, n_values)")
    check_integer_indices(got["indices"])


@pytest.mark.grade_id("predict_and_sample")
@pytest.mark.points(2)
def test_predict_and_sample_indices(student, expected, cases):
    got = _built(student, cases, PAS_CASE, "predict_and_sample")
    if got["indices"].shape != got["argmax"].shape:
        fail("shape of indices", got["argmax"].shape, got["indices"].shape,
             "take the argmax over the last axis (axis=-1), the n_values axis")
    check_close("indices", got["indices"], got["argmax"], rtol=0, atol=0,
                hint="indices must be the argmax over the last axis of the model's predictions")
    check_close("indices", got["indices"], expected.value(PAS_CASE)["indices"], rtol=0, atol=0)


@pytest.mark.grade_id("predict_and_sample")
@pytest.mark.points(1)
def test_predict_and_sample_results_one_hot(student, expected, cases):
    s = _sizes(cases, PAS_CASE)
    got = _built(student, cases, PAS_CASE, "predict_and_sample")
    results = got["results"]
    if results.shape != (s["Ty"], s["n_values"]) or not np.all((results == 0) | (results == 1)) \
            or not np.all(results.sum(axis=-1) == 1):
        fail("results", "one-hot rows (one 1 per row, zeros elsewhere)",
             f"array of shape {results.shape} with values in [{results.min():.3g}, {results.max():.3g}]",
             "results must be one-hot: to_categorical(indices, num_classes=n_values)",
             public_expected="one-hot rows (one 1 per row, zeros elsewhere)")
    check_close("results", results, np.eye(s["n_values"])[got["argmax"].ravel()], rtol=0, atol=0,
                hint="results[t] is the one-hot vector of indices[t]")
    check_close("results", results, expected.value(PAS_CASE)["results"], rtol=0, atol=0)
