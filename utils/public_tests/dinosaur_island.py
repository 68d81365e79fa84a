"""Visible checks of the dinosaur-name assignment: clip, sample, optimize, model.

Each check builds small inputs whose right answer is known (a rule or a network whose output
can be read off), says what it checked, expected vs got and a hint naming the likely mistake,
and prints "All tests passed." only at the end. The numbers printed for the seeded examples
are the ones the original course printed for the same seeds.
"""
from __future__ import annotations

import contextlib
import copy
import io
import string

import numpy as np

from utils.char_lm import initialize_parameters, load_dinos, rnn_backward, rnn_forward
from utils.testing import (all_passed, check_close, check_keys, check_len, check_shape,
                           check_type, fail)

GRADIENT_KEYS = ("dWaa", "dWax", "dWya", "db", "dby")
PARAMETER_KEYS = ("Wax", "Waa", "Wya", "b", "by")
CHARS = ["\n"] + list(string.ascii_lowercase)            # the dinosaur vocabulary
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}
IX_TO_CHAR = {i: ch for i, ch in enumerate(CHARS)}
VOCAB_SIZE = len(CHARS)


# ---- clip --------------------------------------------------------------------------------

def course_gradients():
    """The course's clip example: seed 3, five gradients times 10, plus a carried da_next."""
    np.random.seed(3)
    gradients = {
        "dWax": np.random.randn(5, 3) * 10, "dWaa": np.random.randn(5, 5) * 10,
        "dWya": np.random.randn(2, 5) * 10, "db": np.random.randn(5, 1) * 10,
        "dby": np.random.randn(2, 1) * 10,
    }
    gradients["da_next"] = np.random.randn(5, 1) * 10
    return gradients


def diagnose_clip(key, original, got, max_value, expected=None):
    """Fail with a message naming the mistake when `got` is not `original` clipped at max_value."""
    check_shape(f"clipped {key}", got, original.shape)
    expected = np.clip(original, -max_value, max_value) if expected is None else expected
    if np.allclose(got, expected, rtol=1e-12, atol=1e-12):
        return
    over, under = original > max_value, original < -max_value
    # The bound stays in `expected` and values read off the clipped input in `got` (hidden
    # checks call this with a bound and inputs students never see: neither goes public).
    if np.all(got <= max_value) and np.any(got < -max_value):
        fail(f"smallest entry of {key} (lower bound -maxValue)",
             f">= {-max_value:g}", f"{got.min():.6g}", public_got=None, hint=
             "clipping one side only: clip every entry to the interval [-maxValue, maxValue], "
             "for example np.clip(gradient, -maxValue, maxValue, out=gradient)")
    if np.all(got >= -max_value) and np.any(got > max_value):
        fail(f"largest entry of {key} (upper bound maxValue)",
             f"<= {max_value:g}", f"{got.max():.6g}", public_got=None, hint=
             "clipping one side only: clip every entry to the interval [-maxValue, maxValue]")
    bound = float(np.max(np.abs(got))) if got.size else 0.0
    if not np.isclose(bound, max_value) and np.any(np.abs(original) > bound) and \
            np.allclose(got, np.clip(original, -bound, bound), rtol=1e-12, atol=1e-12):
        fail(f"entries of {key} beyond the bound maxValue",
             f"clipped to +/-{max_value:g}", f"clipped to +/-{bound:g}",
             "hard-coded bound: use the argument maxValue, not a fixed number")
    if np.any(got > max_value) or np.any(got < -max_value):
        fail(f"range of {key} after clipping at maxValue",
             f"[-{max_value:g}, {max_value:g}]", f"[{got.min():.6g}, {got.max():.6g}]",
             "clip both bounds with the argument maxValue", public_got=None)
    inside = ~(over | under)
    if not np.allclose(got[inside], expected[inside], rtol=1e-12, atol=1e-12):
        fail(f"entries of {key} already inside [-maxValue, maxValue]", "unchanged",
             "changed", "clipping must leave values inside the interval as they are "
                        "(is the key mixed up with another gradient?)", public_expected="unchanged")
    fail(f"values of clipped {key}", "the gradient clipped to the interval", "other values",
         "clip this key's own array, not another one",
         public_expected="the gradient clipped to the interval")


def clip_test(target):
    """clip: both bounds, every key, the argument as bound, a new dict, the caller untouched."""
    for max_value in (10, 5):
        gradients = course_gradients()
        before = copy.deepcopy(gradients)
        out = target(gradients, max_value)
        check_type("clip's return value", out, dict)
        check_keys("clip's returned dictionary", out, GRADIENT_KEYS,
                   "return a new dictionary with exactly dWaa, dWax, dWya, db and dby "
                   "(forgetting a key, or keeping extra ones such as da_next?)")
        print(f"\nGradients for maxValue={max_value}")
        print('gradients["dWaa"][1][2] =', out["dWaa"][1][2])
        print('gradients["dWax"][3][1] =', out["dWax"][3][1])
        print('gradients["dWya"][1][2] =', out["dWya"][1][2])
        print('gradients["db"][4] =', out["db"][4])
        print('gradients["dby"][1] =', out["dby"][1])
        for key in before:
            if not np.array_equal(gradients[key], before[key]):
                fail(f"the caller's gradients['{key}'] after clip", "unchanged",
                     "modified in place",
                     "clip mutated its input: deep-copy the dictionary (copy.deepcopy) "
                     "before clipping with out=")
        for key in GRADIENT_KEYS:
            diagnose_clip(key, before[key], out[key], max_value)
    check_close('clipped gradients["dby"][1] at maxValue=5', out["dby"][1], [5.0])
    all_passed()


# ---- sample ------------------------------------------------------------------------------

def course_sample_parameters():
    """The course's sampling example: seed 24, n_a = 100, unscaled normal weights."""
    np.random.seed(24)
    n_a = 100
    Wax, Waa = np.random.randn(n_a, VOCAB_SIZE), np.random.randn(n_a, n_a)
    Wya = np.random.randn(VOCAB_SIZE, n_a)
    b, by = np.random.randn(n_a, 1), np.random.randn(VOCAB_SIZE, 1)
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}


COURSE_SAMPLE = [23, 16, 26, 26, 24, 3, 21, 1, 7, 24, 15, 3, 25, 20, 6, 13, 10, 8, 20, 12, 2, 0]
ALPHABET = list(range(1, 27)) + [0]                      # "abc...z\n"


def zero_parameters(n_a, vocab_size=VOCAB_SIZE):
    return {"Wax": np.zeros((n_a, vocab_size)), "Waa": np.zeros((n_a, n_a)),
            "Wya": np.zeros((vocab_size, n_a)), "b": np.zeros((n_a, 1)),
            "by": np.zeros((vocab_size, 1))}


def recurrence_only_parameters(gain=40.0):
    """A network that spells a..z then a newline through its hidden state alone (Wax = 0).

    Unit 0 switches on at the first step and each step switches on one more unit; the output
    is the letter whose number equals the count of active units, so the name is "abc...z\\n"
    only when the hidden state is carried from one step to the next.
    """
    n_a = 28
    p = zero_parameters(n_a)
    p["b"][0] = 3.0                                       # the first unit turns on at once
    p["Waa"][np.arange(1, n_a), np.arange(0, n_a - 1)] = 3.0   # unit i turns on unit i+1
    p["Waa"][0, 0] = 3.0                                  # and units stay on
    p["Waa"][np.arange(1, n_a), np.arange(1, n_a)] = 3.0
    for k in range(1, 27):                                # letter k: units 0..k-1 on, unit k off
        p["Wya"][k, k - 1], p["Wya"][k, k] = gain, -gain
    p["Wya"][0, 26], p["Wya"][0, 27] = gain, -gain        # newline after z
    return p


def input_only_parameters(gain=40.0):
    """A network that spells a..z then a newline through its input alone (Waa = 0).

    Unit c copies "the previous character was c"; unit 27 is on only for the all-zero first
    input. The next letter is the previous one plus one, so the name is "abc...z\\n" only
    when x is replaced by the one-hot vector of each sampled character.
    """
    n_a = 28
    p = zero_parameters(n_a)
    p["Wax"][np.arange(27), np.arange(27)] = 3.0          # unit c <- input character c
    p["Wax"][27, :] = -6.0                                # unit 27: no input at all
    p["b"][27] = 3.0
    p["Wya"][1, 27] = gain                                # start -> 'a'
    for c in range(1, 26):
        p["Wya"][c + 1, c] = gain                         # c -> c + 1
    p["Wya"][0, 26] = gain                                # 'z' -> newline
    return p


def one_letter_parameters():
    """A network that always says 'a' (newline nearly impossible): tests the length cap."""
    p = zero_parameters(8)
    p["by"][1], p["by"][0] = 30.0, -30.0
    return p


def reseeded_uniform_draws(seed, seed_step=2, vocab_size=VOCAB_SIZE, cap=50):
    """Indices drawn from a uniform distribution under the reseeding rule of `sample`.

    Before draw number `counter` the generator is seeded with seed + seed_step * counter
    (seed_step = 2 is the rule: both seed and counter grow by one per step).
    """
    indices, idx, counter = [], -1, 0
    uniform = np.full(vocab_size, 1.0 / vocab_size)
    while idx != 0 and counter != cap:
        np.random.seed(seed + seed_step * counter)
        idx = int(np.random.choice(range(vocab_size), p=uniform))
        indices.append(idx)
        counter += 1
    if counter == cap:
        indices.append(0)
    return indices


def as_ints(indices, what="sample's return value"):
    check_type(what, indices, list, "return the Python list of sampled indices")
    for i in indices:
        if not isinstance(i, (int, np.integer)):
            fail(f"entries of {what}", "integer indices", type(i).__name__,
                 "append the index drawn by np.random.choice, not a vector")
    return [int(i) for i in indices]


def diagnose_sample(got, expected, what, seed=None, argmax_possible=False):
    """Fail with a message naming the mistake when the sampled indices differ."""
    if got == expected:
        return
    show = lambda ix: "".join(IX_TO_CHAR.get(i, "?") for i in ix).replace("\n", "\\n")
    if len(expected) == 51 and got == expected[:50]:
        fail(f"{what}: indices at the length cap", f"51 indices ending with the newline "
             f"index {CHAR_TO_IX[chr(10)]}", f"{len(got)} indices",
             "no newline appended at the length cap: after the loop, when counter reached 50, "
             "append char_to_ix['\\n']", public_expected="51 indices ending with the newline")
    if len(got) > 51 or (len(expected) == 51 and len(got) != 51):
        fail(f"{what}: number of sampled indices", len(expected), len(got),
             "length cap: stop after 50 characters (counter != 50) and then append the newline")
    if argmax_possible and len(set(got)) == 1:
        fail(f"{what}: indices drawn from a uniform distribution", show(expected), show(got),
             "the same index every time looks like argmax: draw the index with "
             "np.random.choice(range(vocab_size), p=y.ravel()) instead")
    if seed is not None:
        if got == reseeded_uniform_draws(seed, seed_step=1):
            fail(f"{what}: reseeding rule", show(expected), show(got),
                 "reseed with np.random.seed(counter + seed) and increment BOTH seed and "
                 "counter by one after each character (the seeds used are s, s+2, s+4, ...)")
        fail(f"{what}: reseeding rule", show(expected), show(got),
             "call np.random.seed(counter + seed) right before each np.random.choice, "
             "then increment both seed and counter")
    fail(f"{what}", show(expected), show(got),
         "at each step: a = tanh(Wax x + Waa a_prev + b), y = softmax(Wya a + by), "
         "np.random.seed(counter + seed), draw with np.random.choice(range(vocab_size), "
         "p=y.ravel()), then x = one-hot of the index and a_prev = a")


def sample_test(target):
    """sample: a distribution not argmax, the reseeding rule, state and input carried, the cap."""
    # the course's example
    indices = target(course_sample_parameters(), CHAR_TO_IX, 0)
    got = as_ints(indices)
    print("Sampling:")
    print("list of sampled indices:\n", got)
    print("list of sampled characters:\n", [IX_TO_CHAR[i] for i in got])
    if not got or got[-1] != CHAR_TO_IX["\n"]:
        fail("last sampled index", "the newline index 0", got[-1] if got else "an empty list",
             "every name ends with the newline (the loop stops on it, the cap appends it)")
    if min(got) < 0 or max(got) >= VOCAB_SIZE:
        fail("range of sampled indices", f"0..{VOCAB_SIZE - 1}", f"{min(got)}..{max(got)}",
             "draw from range(vocab_size)")

    # a uniform distribution: only the reseeding rule decides
    for seed in (3, 11):
        expected = reseeded_uniform_draws(seed)
        got_u = as_ints(target(zero_parameters(6), CHAR_TO_IX, seed))
        diagnose_sample(got_u, expected, f"uniform model, seed={seed}", seed=seed,
                        argmax_possible=True)

    # the hidden state alone carries the name
    got_s = as_ints(target(recurrence_only_parameters(), CHAR_TO_IX, 0))
    if got_s != ALPHABET and got_s[:3] == [1, 1, 1]:
        fail("a network whose letters come from its hidden state",
             "'abcdefghijklmnopqrstuvwxyz\\n'", "'aaa...'",
             "hidden state not carried: set a_prev = a after each character")
    diagnose_sample(got_s, ALPHABET, "a network whose letters come from its hidden state")

    # the input alone carries the name
    got_x = as_ints(target(input_only_parameters(), CHAR_TO_IX, 0))
    if got_x != ALPHABET and got_x[:3] == [1, 1, 1]:
        fail("a network whose letters come from its input",
             "'abcdefghijklmnopqrstuvwxyz\\n'", "'aaa...'",
             "input not updated: set x to the one-hot vector of the sampled index")
    diagnose_sample(got_x, ALPHABET, "a network whose letters come from its input")

    # a network that never ends a name: the length cap
    got_c = as_ints(target(one_letter_parameters(), CHAR_TO_IX, 0))
    diagnose_sample(got_c, [1] * 50 + [0], "a network that always says 'a'")

    diagnose_sample(got, COURSE_SAMPLE, "sampled indices for the seed-24 example (course values)")
    all_passed()


# ---- optimize ----------------------------------------------------------------------------

def course_optimize_inputs():
    """The course's optimize example: seed 1, n_a = 100, a random a_prev, a 6-step example."""
    np.random.seed(1)
    n_a = 100
    a_prev = np.random.randn(n_a, 1)
    Wax, Waa = np.random.randn(n_a, VOCAB_SIZE), np.random.randn(n_a, n_a)
    Wya = np.random.randn(VOCAB_SIZE, n_a)
    b, by = np.random.randn(n_a, 1), np.random.randn(VOCAB_SIZE, 1)
    parameters = {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}
    X = [12, 3, 5, 11, 22, 3]
    Y = [4, 14, 11, 22, 25, 26]
    return X, Y, a_prev, parameters


def reference_step(X, Y, a_prev, parameters):
    """Loss, raw gradients and hidden states of one example (the provided helpers)."""
    loss, cache = rnn_forward(X, Y, a_prev, copy.deepcopy(parameters))
    gradients, a = rnn_backward(X, Y, parameters, cache)
    return loss, gradients, a


def diagnose_optimize(out, X, Y, a_prev, before, after, learning_rate, what):
    """Check optimize's result and its in-place update against the provided helpers."""
    check_type(f"{what}: optimize's return value", out, tuple,
               "return (loss, gradients, a[len(X)-1])")
    check_len(f"{what}: optimize's return value", out, 3)
    loss, gradients, a_last = out
    ref_loss, raw, a = reference_step(X, Y, a_prev, before)
    check_close(f"{what}: loss", loss, ref_loss, rtol=1e-9,
                hint="the loss comes from rnn_forward(X, Y, a_prev, parameters)")
    check_type(f"{what}: gradients", gradients, dict)
    check_keys(f"{what}: gradients", gradients, GRADIENT_KEYS,
               "return the dictionary that clip gave back")
    for key in GRADIENT_KEYS:
        g = np.asarray(gradients[key])
        if np.max(np.abs(g)) > 5 + 1e-12:
            fail(f"{what}: largest |{key}|", "<= 5", f"{np.max(np.abs(g)):.6g}",
                 "wrong clip value: clip the gradients with clip(gradients, 5)",
                 public_expected="<= 5")
        expected = np.clip(raw[key], -5, 5)
        if not np.allclose(g, expected, rtol=1e-9, atol=1e-12):
            top = np.max(np.abs(g))
            hint = ("wrong clip value: the gradients must be clipped at 5"
                    if np.max(np.abs(raw[key])) > top + 1e-9 else
                    "gradients come from rnn_backward(X, Y, parameters, cache), then clip")
            check_close(f"{what}: gradients['{key}']", g, expected, rtol=1e-9, atol=1e-12,
                        hint=hint)
    for key in PARAMETER_KEYS:
        step = after[key] - before[key]
        if np.allclose(step, 0):
            fail(f"{what}: change of parameters['{key}']", "an in-place update", "no change",
                 "update the caller's parameters with update_parameters(parameters, "
                 "gradients, learning_rate)", public_expected="an in-place update")
        clipped = np.clip(raw["d" + key], -5, 5)
        if np.allclose(step, -learning_rate * raw["d" + key], rtol=1e-7, atol=1e-12) and \
                not np.allclose(raw["d" + key], clipped):
            fail(f"{what}: change of parameters['{key}']", "-learning_rate * clipped gradient",
                 "-learning_rate * unclipped gradient",
                 "order of steps: forward, backward, clip, THEN update with the clipped gradients",
                 public_expected="-learning_rate * clipped gradient")
        if not np.allclose(step, -learning_rate * clipped, rtol=1e-7, atol=1e-12):
            ratio = np.sum(step * clipped) / max(np.sum(clipped * clipped), 1e-300)
            fail(f"{what}: change of parameters['{key}'] divided by its clipped gradient",
                 f"{-learning_rate:g}", f"{ratio:.6g}",
                 "ignoring the learning rate? pass learning_rate to update_parameters")
    n = len(X)
    check_shape(f"{what}: returned hidden state", a_last, a[n - 1].shape)
    if n > 1 and np.allclose(a_last, a[0]) and not np.allclose(a[0], a[n - 1]):
        fail(f"{what}: returned hidden state", "a[len(X)-1], the last state",
             "a[0], the first hidden state", "return a[len(X)-1]",
             public_expected="a[len(X)-1], the last state")
    check_close(f"{what}: returned hidden state", a_last, a[n - 1], rtol=1e-9,
                hint="return the last hidden state a[len(X)-1] from rnn_backward")


def optimize_test(target):
    """optimize: forward, backward, clip at 5, update in place with the learning rate."""
    X, Y, a_prev, parameters = course_optimize_inputs()
    before = copy.deepcopy(parameters)
    out = target(X, Y, a_prev, parameters, learning_rate=0.01)
    if isinstance(out, tuple) and len(out) == 3:
        loss, gradients, a_last = out
        print("Loss =", loss)
        print('gradients["dWaa"][1][2] =', gradients["dWaa"][1][2])
        print('np.argmax(gradients["dWax"]) =', np.argmax(gradients["dWax"]))
        print('gradients["dWya"][1][2] =', gradients["dWya"][1][2])
        print('gradients["db"][4] =', gradients["db"][4])
        print('gradients["dby"][1] =', gradients["dby"][1])
        print("a_last[4] =", a_last[4])
    diagnose_optimize(out, X, Y, a_prev, before, parameters, 0.01, "course example")

    # a second step with another learning rate
    X2, Y2, a_prev2, parameters2 = course_optimize_inputs()
    parameters2 = {k: v * 0.3 for k, v in parameters2.items()}
    before2 = copy.deepcopy(parameters2)
    out2 = target(X2, Y2, a_prev2, parameters2, learning_rate=0.05)
    diagnose_optimize(out2, X2, Y2, a_prev2, before2, parameters2, 0.05,
                      "scaled weights, learning_rate=0.05")

    loss, gradients, a_last = out
    check_close("loss of the course example", loss, 126.50397572165389, rtol=1e-9)
    check_close('gradients["dWaa"][1][2]', gradients["dWaa"][1][2], 0.19470931534713587,
                rtol=1e-7)
    check_close('gradients["dWya"][1][2]', gradients["dWya"][1][2], -0.007773876032002162,
                rtol=1e-7)
    check_close('gradients["db"][4]', gradients["db"][4], [-0.06809825], atol=1e-8)
    check_close('gradients["dby"][1]', gradients["dby"][1], [0.01538192], atol=1e-8)
    check_close("a_last[4]", a_last[4], [-1.0], atol=1e-8)
    all_passed()


# ---- model -------------------------------------------------------------------------------

def shuffled_examples(data_x, seed=0):
    """The training order model must use: stripped names shuffled after np.random.seed(seed)."""
    examples = [x.strip() for x in data_x]
    np.random.seed(seed)
    np.random.shuffle(examples)
    return examples


def mean_name_loss(parameters, names, char_to_ix):
    """Average cross-entropy of names (each from a zero state) under the parameters."""
    n_a = parameters["Waa"].shape[0]
    total = 0.0
    for name in names:
        X = [None] + [char_to_ix[ch] for ch in name]
        Y = X[1:] + [char_to_ix["\n"]]
        loss, _ = rnn_forward(X, Y, np.zeros((n_a, 1)), parameters, len(char_to_ix))
        total += loss
    return total / len(names)


@contextlib.contextmanager
def recording(namespace, name, calls):
    """Temporarily replace namespace[name] by a wrapper that records every call in `calls`."""
    original = namespace.get(name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append((copy.deepcopy(args), dict(kwargs), copy.deepcopy(result)))
        return result

    namespace[name] = wrapper
    try:
        yield
    finally:
        namespace[name] = original


def check_model_trace(calls, examples, char_to_ix, what, unshuffled=None):
    """optimize's calls during training: order, labels, learning rate, carried state.

    calls -- (args, kwargs, result) of each optimize call; examples -- the expected order;
    unshuffled -- the order before shuffling (for the hint), or None.
    """
    newline = char_to_ix["\n"]
    for j, (args, kwargs, result) in enumerate(calls):
        X, Y, a_prev = args[0], args[1], args[2]
        lr = kwargs.get("learning_rate", args[4] if len(args) > 4 else 0.01)
        name = examples[j % len(examples)]
        want_X = [None] + [char_to_ix[ch] for ch in name]
        if list(X) != want_X:
            plain = unshuffled[j % len(unshuffled)] if unshuffled else None
            if plain is not None and list(X) == [None] + [char_to_ix[ch] for ch in plain]:
                fail(f"{what}: example of iteration {j}", repr(name),
                     repr(plain), "examples not shuffled: call np.random.seed(0) then "
                     "np.random.shuffle(examples) before the loop")
            fail(f"{what}: X of iteration {j}", want_X, list(X),
                 "X = [None] + the indices of examples[j % len(examples)]")
        if list(Y) != want_X[1:] + [newline]:
            fail(f"{what}: Y of iteration {j}", want_X[1:] + [newline], list(Y),
                 "labels: Y = X[1:] + [char_to_ix['\\n']]")
        if not np.isclose(lr, 0.01):
            fail(f"{what}: learning rate passed to optimize", 0.01, lr,
                 "wrong learning rate: use learning_rate=0.01")
        if j == 0:
            if not np.allclose(a_prev, 0):
                fail(f"{what}: first a_prev", "zeros", "non-zero values", "start from zeros")
        else:
            previous = calls[j - 1][2][2]
            if not np.allclose(a_prev, previous):
                reset = np.allclose(a_prev, 0)
                fail(f"{what}: a_prev of iteration {j}",
                     f"the state optimize returned at iteration {j - 1}",
                     "zeros" if reset else "another array",
                     "hidden state reset between examples: carry a_prev from one example to "
                     "the next (a_prev = the third value optimize returns)")


def model_test(target):
    """model: a few hundred iterations on the dinosaur names."""
    text, names, char_to_ix, ix_to_char = load_dinos()
    num_iterations, n_a = 300, 50
    calls = []
    out_text = io.StringIO()
    namespace = target.__globals__
    with recording(namespace, "optimize", calls), contextlib.redirect_stdout(out_text):
        out = target(names, ix_to_char, char_to_ix, num_iterations=num_iterations, n_a=n_a)
    printed = out_text.getvalue()
    print(printed.strip())
    check_type("model's return value", out, tuple, "return (parameters, last_dino_name)")
    check_len("model's return value", out, 2)
    parameters, last_name = out
    check_keys("returned parameters", parameters, PARAMETER_KEYS)
    for key, shape in (("Wax", (n_a, 27)), ("Waa", (n_a, n_a)), ("Wya", (27, n_a)),
                       ("b", (n_a, 1)), ("by", (27, 1))):
        check_shape(f"parameters['{key}']", parameters[key], shape)
    if len(calls) != num_iterations:
        fail("number of optimize calls", num_iterations, len(calls),
             "one optimization step per iteration")
    examples = shuffled_examples(names)
    unshuffled = [x.strip() for x in names]
    check_model_trace(calls, examples, char_to_ix, "training trace", unshuffled)
    if "Iteration: 0, Loss: 23.087336" not in printed:
        fail("first progress line", "'Iteration: 0, Loss: 23.087336'",
             repr(printed.splitlines()[0] if printed else ""),
             "print 'Iteration: %d, Loss: %f' % (j, loss) after smoothing, every 2000 "
             "iterations starting at j = 0")
    check_type("last_dino_name", last_name, str)
    if not (last_name.endswith("\n") and last_name[:-1].isalpha() and last_name[0].isupper()
            and last_name[1:-1].islower() or last_name == "\n"):
        fail("last_dino_name", "a capitalised name ending with '\\n'", repr(last_name),
             "keep get_sample(sampled_indices, ix_to_char) of the last sampled name")
    if last_name != "Xwtdmfqoeyhsqwasjkjvu\n":
        fail("last name sampled at iteration 0 (seed 6)", repr("Xwtdmfqoeyhsqwasjkjvu\n"),
             repr(last_name), "sample with seeds 0..dino_names-1 at every 2000th iteration")
    initial = initialize_parameters(n_a, 27, 27)
    probe = examples[:200]
    start, end = (mean_name_loss(initial, probe, char_to_ix),
                  mean_name_loss(parameters, probe, char_to_ix))
    if not end < start - 1.0:
        fail("average loss per name before -> after 300 iterations", f"a drop of more "
             f"than 1 from {start:.3f}", f"{end:.3f}", "the loss should fall while training")
    print(f"average loss per name: {start:.3f} before, {end:.3f} after {num_iterations} "
          f"iterations")
    all_passed()

