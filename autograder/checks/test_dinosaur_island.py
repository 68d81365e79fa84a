"""Hidden checks of the dinosaur-name assignment: clip, sample, optimize, model.

Inputs come from `autograder/cases/dinosaur_island.py` (seeds and shapes the notebook never
shows); expected outputs from `autograder/expected/dinosaur_island.npz`. The diagnostic
helpers of the visible checks name the mistake; the values come from the recorded outputs.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from utils.char_lm import initialize_parameters
from utils.public_tests.dinosaur_island import (
    GRADIENT_KEYS, PARAMETER_KEYS, diagnose_clip, diagnose_optimize, diagnose_sample,
    mean_name_loss, shuffled_examples)
from utils.testing import check_close, check_keys, check_len, check_type, fail

CLIP_CASES = ("clip_a", "clip_b", "clip_c")
SAMPLE_VALUE_CASES = ("sample_a", "sample_b")
OPTIMIZE_CASES = ("optimize_a", "optimize_b")


def as_index_list(got, what):
    check_type(what, got, list, "return the Python list of sampled indices")
    for i in got:
        if not isinstance(i, (int, np.integer)):
            fail(f"entries of {what}", "integer indices", type(i).__name__)
    return [int(i) for i in got]


# ---- clip ---------------------------------------------------------------------------------

@pytest.mark.grade_id("clip")
@pytest.mark.points(1)
def test_clip_returns_five_keys(student, cases):
    for name in CLIP_CASES:
        got = cases[name].run(student)["out"]
        check_type("clip's return value", got, dict, "return a dictionary of gradients")
        check_keys("clip's returned dictionary", got, GRADIENT_KEYS,
                   "return a new dictionary with exactly dWaa, dWax, dWya, db and dby "
                   "(forgetting a key, or keeping extra ones such as da_next?)")


@pytest.mark.grade_id("clip")
@pytest.mark.points(2)
def test_clip_values_every_key(student, expected, cases):
    for name in CLIP_CASES:
        (gradients, max_value), _ = cases[name].inputs()
        got = cases[name].run(student)["out"]
        check_type("clip's return value", got, dict)
        want = expected.value(name)["out"]
        for key in GRADIENT_KEYS:
            if key not in got:
                fail("keys of clip's returned dictionary", key, "missing",
                     "forgetting a key: every one of dWaa, dWax, dWya, db, dby is clipped")
            diagnose_clip(key, gradients[key], np.asarray(got[key]), max_value, want[key])


@pytest.mark.grade_id("clip")
@pytest.mark.points(1)
def test_clip_leaves_input_unchanged(student, cases):
    for name in CLIP_CASES:
        (gradients, _), _ = cases[name].inputs()
        after = cases[name].run(student)["input_after"]
        for key, value in gradients.items():
            if not np.array_equal(after[key], value):
                fail(f"the caller's gradients['{key}'] after clip", "unchanged",
                     "modified in place", "clip mutated its input: deep-copy the dictionary "
                     "(copy.deepcopy) before clipping with out=")


# ---- sample -------------------------------------------------------------------------------

@pytest.mark.grade_id("sample")
@pytest.mark.points(2)
def test_sample_values(student, expected, cases):
    for name in SAMPLE_VALUE_CASES:
        got = as_index_list(cases[name].run(student), "sample's return value")
        want = [int(i) for i in expected.value(name)]
        diagnose_sample(got, want, f"sampled indices (hidden case {name})")


@pytest.mark.grade_id("sample")
@pytest.mark.points(2)
def test_sample_reseeding_rule(student, expected, cases):
    for i, (name, seed) in enumerate((("sample_uniform_5", 5), ("sample_uniform_40", 40))):
        got = as_index_list(cases[name].run(student), "sample's return value")
        want = [int(i) for i in expected.value(name)]
        diagnose_sample(got, want, f"uniform model, hidden seed {i + 1} of 2", seed=seed,
                        argmax_possible=True)


@pytest.mark.grade_id("sample")
@pytest.mark.points(1)
def test_sample_length_cap(student, expected, cases):
    got = as_index_list(cases["sample_cap"].run(student), "sample's return value")
    want = [int(i) for i in expected.value("sample_cap")]
    diagnose_sample(got, want, "weights that never end a name")


@pytest.mark.grade_id("sample")
@pytest.mark.points(1)
def test_sample_state_carried(student, expected, cases):
    got = as_index_list(cases["sample_state"].run(student), "sample's return value")
    want = [int(i) for i in expected.value("sample_state")]
    if got != want and len(got) > 2 and got[0] == got[1] == got[2]:
        fail("a network whose letters come from its hidden state", "26 different letters",
             "the same letter repeated",
             "hidden state not carried: set a_prev = a after each character")
    diagnose_sample(got, want, "a network whose letters come from its hidden state")


# ---- optimize -----------------------------------------------------------------------------

def _optimize_result(student, cases, name):
    out = cases[name].run(student)
    result = out["out"]
    check_type("optimize's return value", result, tuple, "return (loss, gradients, a[len(X)-1])")
    check_len("optimize's return value", result, 3)
    return result, out["parameters_after"]


@pytest.mark.grade_id("optimize")
@pytest.mark.points(2)
def test_optimize_values(student, expected, cases):
    for name in OPTIMIZE_CASES:
        (loss, gradients, a_last), _ = _optimize_result(student, cases, name)
        want_loss, want_gradients, want_a = expected.value(name)["out"]
        tol = dict(rtol=cases[name].rtol, atol=cases[name].atol)
        check_close(f"loss (hidden case {name})", loss, want_loss, **tol,
                    hint="the loss comes from rnn_forward(X, Y, a_prev, parameters)")
        check_keys("returned gradients", gradients, GRADIENT_KEYS,
                   "return the dictionary clip gave back")
        for key in GRADIENT_KEYS:
            check_close(f"gradients['{key}'] (hidden case {name})", gradients[key],
                        want_gradients[key], **tol,
                        hint="backward pass, then clip(gradients, 5)")
        check_close(f"returned hidden state (hidden case {name})", a_last, want_a, **tol,
                    hint="return a[len(X)-1]")


@pytest.mark.grade_id("optimize")
@pytest.mark.points(1)
def test_optimize_clip_value(student, cases):
    for name in OPTIMIZE_CASES:
        (_, gradients, _), _ = _optimize_result(student, cases, name)
        check_type("returned gradients", gradients, dict)
        largest = max(float(np.max(np.abs(gradients[k]))) for k in GRADIENT_KEYS if k in gradients)
        if largest > 5 + 1e-12:
            fail(f"largest |gradient| returned (hidden case {name})", "<= 5", f"{largest:.6g}",
                 "wrong clip value: clip the gradients with clip(gradients, 5)",
                 public_expected="<= 5")
        if largest < 5 - 1e-12:
            fail(f"largest |gradient| returned (hidden case {name})",
                 "5 (this example has gradients beyond 5)", f"{largest:.6g}",
                 "wrong clip value: clip at exactly 5",
                 public_expected="5 (this example has gradients beyond 5)")


@pytest.mark.grade_id("optimize")
@pytest.mark.points(2)
def test_optimize_update_in_place(student, cases):
    for name in OPTIMIZE_CASES:
        (X, Y, a_prev, parameters, learning_rate), _ = cases[name].inputs()
        result, after = _optimize_result(student, cases, name)
        check_keys("parameters after optimize", after, PARAMETER_KEYS)
        diagnose_optimize(result, X, Y, a_prev, parameters, after, learning_rate,
                          f"hidden case {name}")


@pytest.mark.grade_id("optimize")
@pytest.mark.points(1)
def test_optimize_returned_state(student, expected, cases):
    for name in OPTIMIZE_CASES:
        (X, _, a_prev, parameters, _), _ = cases[name].inputs()
        (_, _, a_last), _ = _optimize_result(student, cases, name)
        want = expected.value(name)["out"][2]
        a_first = np.tanh(parameters["Waa"] @ a_prev + parameters["b"])   # X[0] is None
        got = np.asarray(a_last, dtype=float)
        if got.shape == want.shape and np.allclose(got, a_first) and not np.allclose(want, a_first):
            fail(f"returned hidden state (hidden case {name})", "a[len(X)-1], the last state",
                 "a[0], the first hidden state", "return a[len(X)-1]",
                 public_expected="a[len(X)-1], the last state")
        check_close(f"returned hidden state (hidden case {name})", a_last, want, rtol=1e-6,
                    atol=1e-10, hint="return a[len(X)-1], the state after the last character")


# ---- model --------------------------------------------------------------------------------

def _trace(student, cases, name):
    out = cases[name].run(student)
    check_type("model's return value, parameters", out["parameters"], dict,
               "return (parameters, last_dino_name)")
    return out


@pytest.mark.grade_id("model")
@pytest.mark.points(2)
def test_model_returns_parameters_and_name(student, expected, cases):
    name = "model_2001"
    got, want = _trace(student, cases, name), expected.value(name)
    check_keys("returned parameters", got["parameters"], PARAMETER_KEYS)
    for key in PARAMETER_KEYS:
        check_close(f"parameters['{key}'] after training (hidden case)", got["parameters"][key],
                    want["parameters"][key], rtol=cases[name].rtol, atol=cases[name].atol,
                    hint="one optimize step per iteration, lr 0.01, shuffled examples, "
                         "carried hidden state")
    if got["last_name"] != want["last_name"]:
        fail("last_dino_name", repr(want["last_name"]), repr(got["last_name"]),
             "keep get_sample(...) of the last name sampled (seed dino_names - 1)")


@pytest.mark.grade_id("model")
@pytest.mark.points(2)
def test_model_shuffles_examples(student, expected, cases):
    name = "model_short"
    (data_x, *_), _ = cases[name].inputs()
    got, want = _trace(student, cases, name), expected.value(name)
    got_inputs, want_inputs = got["inputs"].split("|"), want["inputs"].split("|")
    plain = [x.strip() for x in data_x]
    order = shuffled_examples(data_x)
    if got_inputs != want_inputs:
        n = min(len(got_inputs), len(want_inputs))
        j = next((i for i in range(n) if got_inputs[i] != want_inputs[i]), n)
        if got_inputs[:len(plain)] == plain[:len(got_inputs)]:
            fail(f"name trained on at iteration {j}", repr(order[j % len(order)]),
                 repr(got_inputs[j] if j < len(got_inputs) else None),
                 "examples not shuffled: call np.random.seed(0) then "
                 "np.random.shuffle(examples) before the loop",
                 public_got=None)                  # the names are the hidden training data
        fail(f"name trained on at iteration {j}",
             repr(want_inputs[j] if j < len(want_inputs) else None),
             repr(got_inputs[j] if j < len(got_inputs) else None),
             "use examples[j % len(examples)] with examples shuffled once after "
             "np.random.seed(0)", public_got=None)
    if not np.all(got["first_is_none"]):
        fail("first entry of X", "None (the zero input)", "an index",
             "X = [None] + the indices of the name's characters")


@pytest.mark.grade_id("model")
@pytest.mark.points(2)
def test_model_carries_hidden_state(student, cases):
    got = _trace(student, cases, "model_short")
    carried, zero = got["carried"], got["zero_state"]
    if carried.size == 0:
        fail("calls to optimize during training", "one per iteration", 0)
    if not zero[0]:
        fail("a_prev of the first iteration", "zeros", "non-zero", "start from zeros")
    broken = np.flatnonzero(~carried[1:]) + 1
    if broken.size:
        j = int(broken[0])
        fail(f"a_prev passed to optimize at iteration {j}",
             f"the state optimize returned at iteration {j - 1}",
             "zeros" if zero[j] else "another array",
             "hidden state reset between examples: carry a_prev from one example to the next")


@pytest.mark.grade_id("model")
@pytest.mark.points(1)
def test_model_labels_and_learning_rate(student, cases):
    got = _trace(student, cases, "model_short")
    if not np.all(got["labels_ok"]):
        j = int(np.flatnonzero(~got["labels_ok"])[0])
        fail(f"labels Y at iteration {j}", "X[1:] + [newline index]", "something else",
             "labels: Y = X[1:] + [char_to_ix['\\n']]", public_expected="X[1:] + [newline index]")
    lrs = got["learning_rate"]
    if not np.allclose(lrs, 0.01):
        fail("learning rate passed to optimize", 0.01, float(lrs[~np.isclose(lrs, 0.01)][0]),
             "wrong learning rate: call optimize(..., learning_rate=0.01)", public_expected=0.01)


@pytest.mark.grade_id("model")
@pytest.mark.points(1)
def test_model_progress_report(student, expected, cases):
    name = "model_2001"
    got, want = _trace(student, cases, name), expected.value(name)
    pattern = re.compile(r"^Iteration: (\d+), Loss: ([0-9.]+)$", re.M)
    got_lines, want_lines = pattern.findall(got["printed"]), pattern.findall(want["printed"])
    if [j for j, _ in got_lines] != [j for j, _ in want_lines]:
        fail("progress lines printed", [f"Iteration: {j}" for j, _ in want_lines],
             [f"Iteration: {j}" for j, _ in got_lines],
             "print 'Iteration: %d, Loss: %f' % (j, loss) when j % 2000 == 0")
    check_close("smoothed losses printed", np.array([float(v) for _, v in got_lines]),
                np.array([float(v) for _, v in want_lines]), rtol=0, atol=2e-6,
                hint="smooth the loss with smooth(loss, curr_loss) starting from "
                     "get_initial_loss(vocab_size, dino_names)")
    seeds, want_seeds = list(got["sample_seeds"]), list(want["sample_seeds"])
    if seeds != want_seeds:
        fail("seeds passed to sample", want_seeds, seeds,
             "sample dino_names names with seeds 0, 1, ... at every progress report")
    names = lambda text: [ln for ln in text.splitlines() if ln and not ln.startswith("Iteration")]
    if names(got["printed"]) != names(want["printed"]):
        fail("names printed in the progress reports", names(want["printed"])[:4],
             names(got["printed"])[:4], "print each sampled name without its newline")


@pytest.mark.grade_id("model")
@pytest.mark.points(1)
def test_model_loss_decreases(student, cases):
    name = "model_short"
    (data_x, _, char_to_ix, _, n_a, _), _ = cases[name].inputs()
    got = _trace(student, cases, name)
    start = mean_name_loss(initialize_parameters(n_a, 27, 27), data_x, char_to_ix)
    end = mean_name_loss(got["parameters"], data_x, char_to_ix)
    if not end < start - 1.0:
        fail("average loss per name before -> after training (hidden case)",
             f"a drop of more than 1 from {start:.3f}", f"{end:.3f}",
             "the loss should fall: is optimize called with the right example each iteration?")
