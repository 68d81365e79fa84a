"""A character-level language model in numpy: the helpers of the dinosaur-name assignment.

A vanilla RNN reads one character per step and predicts the next one:

    a<t>  = tanh(Wax x<t> + Waa a<t-1> + b)        hidden state, (n_a, 1)
    y<t>  = softmax(Wya a<t> + by)                 next-character distribution, (V, 1)

Examples are lists of character indices; the loss of one example is the summed cross-entropy
of its next-character predictions. The module provides the data and vocabulary, the forward
and backward passes through time, plain SGD and Adagrad updates, the loss smoothing used for
progress reports, and a Karpathy-style trainer (`train_min_char_rnn`: fixed-length chunks of
one long text, hidden state carried from chunk to chunk, Adagrad). Gradient clipping,
sampling and the per-name training loop are the assignment's exercises and live in the
notebook, not here.
"""
from __future__ import annotations

import numpy as np

from utils.activations import softmax
from utils.paths import data_path


# ---- data and vocabulary ----------------------------------------------------------------

def load_text(name: str = "dinos.txt") -> str:
    """The lower-cased contents of the course text file `name`."""
    return data_path(name).read_text(encoding="utf-8").lower()


def vocabulary(text: str):
    """Sorted characters of `text` and the two maps between characters and indices.

    Returns:
    chars -- sorted list of the distinct characters (for dinos.txt, "\\n" then a..z)
    char_to_ix -- dict character -> index
    ix_to_char -- dict index -> character
    """
    chars = sorted(set(text))
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    ix_to_char = {i: ch for i, ch in enumerate(chars)}
    return chars, char_to_ix, ix_to_char


def load_dinos():
    """The dinosaur data: (text, names, char_to_ix, ix_to_char).

    text is the whole lower-cased file (19909 characters, 27 symbols); names is
    text.split("\\n") (1536 names, the file has no trailing newline).
    """
    text = load_text("dinos.txt")
    _, char_to_ix, ix_to_char = vocabulary(text)
    return text, text.split("\n"), char_to_ix, ix_to_char


# ---- parameters, loss bookkeeping, printing ---------------------------------------------

def initialize_parameters(n_a, n_x, n_y):
    """Small random weights and zero biases (reseeds the global generator with 1).

    Returns:
    parameters -- dict with Wax (n_a, n_x), Waa (n_a, n_a), Wya (n_y, n_a), b (n_a, 1), by (n_y, 1)
    """
    np.random.seed(1)
    Wax = np.random.randn(n_a, n_x) * 0.01   # input to hidden, (n_a, n_x)
    Waa = np.random.randn(n_a, n_a) * 0.01   # hidden to hidden, (n_a, n_a)
    Wya = np.random.randn(n_y, n_a) * 0.01   # hidden to output, (n_y, n_a)
    b = np.zeros((n_a, 1))                   # hidden bias, (n_a, 1)
    by = np.zeros((n_y, 1))                  # output bias, (n_y, 1)
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}


def smooth(loss, cur_loss):
    """Exponential moving average of the loss: 0.999 * loss + 0.001 * cur_loss."""
    return loss * 0.999 + cur_loss * 0.001


def get_initial_loss(vocab_size, seq_length):
    """Loss of a uniform guess over `vocab_size` symbols for `seq_length` characters."""
    return -np.log(1.0 / vocab_size) * seq_length


def get_sample(sample_ix, ix_to_char):
    """The sampled indices as text with its first letter upper-cased (keeps the final "\\n")."""
    txt = "".join(ix_to_char[ix] for ix in sample_ix)
    return txt[0].upper() + txt[1:]


def print_sample(sample_ix, ix_to_char):
    """Print `get_sample(...)` without adding a newline (the name's own "\\n" ends the line)."""
    print(get_sample(sample_ix, ix_to_char), end="")


# ---- forward and backward through time ---------------------------------------------------

def rnn_step_forward(parameters, a_prev, x):
    """One step: the new hidden state and the next-character distribution.

    Arguments:
    parameters -- dict with Wax, Waa, Wya, b, by
    a_prev -- previous hidden state, (n_a, 1)
    x -- one-hot input, (V, 1)

    Returns:
    a_next -- (n_a, 1)
    p_t -- probabilities of the next character, (V, 1)
    """
    Waa, Wax, Wya, by, b = (parameters["Waa"], parameters["Wax"], parameters["Wya"],
                            parameters["by"], parameters["b"])
    a_next = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)   # (n_a, 1)
    p_t = softmax(np.dot(Wya, a_next) + by)                       # (V, 1)
    return a_next, p_t


def rnn_step_backward(dy, gradients, parameters, x, a, a_prev):
    """Accumulate one step's gradients into `gradients` (also carries `da_next`).

    Arguments:
    dy -- gradient of the loss with respect to the logits, (V, 1)
    gradients -- dict dWax, dWaa, dWya, db, dby, da_next, updated in place
    parameters -- dict with Wax, Waa, Wya, b, by
    x, a, a_prev -- the step's input (V, 1), state (n_a, 1) and previous state (n_a, 1)

    Returns:
    gradients -- the same dict
    """
    gradients["dWya"] += np.dot(dy, a.T)                          # (V, n_a)
    gradients["dby"] += dy                                        # (V, 1)
    da = np.dot(parameters["Wya"].T, dy) + gradients["da_next"]   # into a<t>, (n_a, 1)
    daraw = (1 - a * a) * da                                      # backprop through tanh
    gradients["db"] += daraw                                      # (n_a, 1)
    gradients["dWax"] += np.dot(daraw, x.T)                       # (n_a, V)
    gradients["dWaa"] += np.dot(daraw, a_prev.T)                  # (n_a, n_a)
    gradients["da_next"] = np.dot(parameters["Waa"].T, daraw)     # into a<t-1>, (n_a, 1)
    return gradients


def rnn_forward(X, Y, a0, parameters, vocab_size=27):
    """Run the RNN over one example and add up its cross-entropy.

    Arguments:
    X -- list of input indices; None stands for the all-zero "start" input
    Y -- list of target indices, same length as X
    a0 -- initial hidden state, (n_a, 1)
    parameters -- dict with Wax, Waa, Wya, b, by
    vocab_size -- V

    Returns:
    loss -- summed cross-entropy over the T_x steps
    cache -- (y_hat, a, x): dicts keyed by time step; a[-1] is a copy of a0
    """
    x, a, y_hat = {}, {}, {}
    a[-1] = np.copy(a0)
    loss = 0
    for t in range(len(X)):
        x[t] = np.zeros((vocab_size, 1))                            # one-hot input, (V, 1)
        if X[t] is not None:
            x[t][X[t]] = 1
        a[t], y_hat[t] = rnn_step_forward(parameters, a[t - 1], x[t])
        loss -= np.log(y_hat[t][Y[t], 0])                           # cross-entropy of step t
    return loss, (y_hat, a, x)


def rnn_backward(X, Y, parameters, cache):
    """Backpropagation through time for one example.

    Returns:
    gradients -- dict dWax, dWaa, dWya, db, dby (same shapes as the parameters) and da_next
    a -- the hidden states from the cache
    """
    (y_hat, a, x) = cache
    gradients = {
        "dWax": np.zeros_like(parameters["Wax"]), "dWaa": np.zeros_like(parameters["Waa"]),
        "dWya": np.zeros_like(parameters["Wya"]), "db": np.zeros_like(parameters["b"]),
        "dby": np.zeros_like(parameters["by"]), "da_next": np.zeros_like(a[0]),
    }
    for t in reversed(range(len(X))):
        dy = np.copy(y_hat[t])
        dy[Y[t]] -= 1                                               # softmax + cross-entropy
        gradients = rnn_step_backward(dy, gradients, parameters, x[t], a[t], a[t - 1])
    return gradients, a


def update_parameters(parameters, gradients, lr):
    """Plain gradient descent, in place on the caller's arrays; returns the same dict."""
    parameters["Wax"] += -lr * gradients["dWax"]
    parameters["Waa"] += -lr * gradients["dWaa"]
    parameters["Wya"] += -lr * gradients["dWya"]
    parameters["b"] += -lr * gradients["db"]
    parameters["by"] += -lr * gradients["dby"]
    return parameters


# ---- Karpathy's min-char-rnn: chunks of one long text, Adagrad ---------------------------

PARAMETER_KEYS = ("Wax", "Waa", "Wya", "b", "by")


def adagrad_update(parameters, gradients, memory, lr):
    """Adagrad, in place: memory += g^2; theta -= lr * g / sqrt(memory + 1e-8)."""
    for key in PARAMETER_KEYS:
        g = gradients["d" + key]
        memory[key] += g * g                                         # running sum of squares
        parameters[key] += -lr * g / np.sqrt(memory[key] + 1e-8)    # per-weight step size
    return parameters


def sample_text(parameters, a_prev, first_ix, n, rng):
    """Draw `n` indices from the model, starting from index `first_ix` and state a_prev.

    rng is a numpy Generator; the global generator is not touched.
    """
    vocab_size = parameters["by"].shape[0]
    x = np.zeros((vocab_size, 1))
    x[first_ix] = 1
    indices = []
    for _ in range(n):
        a_prev, p = rnn_step_forward(parameters, a_prev, x)
        ix = int(rng.choice(vocab_size, p=p.ravel()))               # sample, not argmax
        x = np.zeros((vocab_size, 1))
        x[ix] = 1
        indices.append(ix)
    return indices


def train_min_char_rnn(text, num_steps, hidden_size=100, seq_length=25, learning_rate=0.1,
                       clip_value=5.0, seed=0, sample_every=0, sample_length=200):
    """Train the vanilla RNN the min-char-rnn way on one long string.

    The text is read in consecutive chunks of `seq_length` characters; each chunk's targets
    are the same characters shifted by one. The hidden state is carried from one chunk to
    the next and reset to zeros only when the text wraps around. Gradients are clipped to
    [-clip_value, clip_value] and applied with Adagrad.

    Arguments:
    text -- the training string
    num_steps -- number of chunks (updates) to train for
    hidden_size -- n_a
    seq_length -- characters per chunk (T_x)
    learning_rate -- Adagrad step size
    seed -- seeds the weights and the sampling (a private numpy Generator)
    sample_every -- when > 0, keep a sample of `sample_length` characters every that many steps

    Returns:
    parameters -- dict Wax, Waa, Wya, b, by
    history -- dict with "loss" (smoothed loss per chunk, one value per step), "chars"
               (sorted vocabulary) and "samples" (list of (step, text))
    """
    chars, char_to_ix, ix_to_char = vocabulary(text)
    vocab_size = len(chars)
    rng = np.random.default_rng(seed)
    parameters = {
        "Wax": rng.standard_normal((hidden_size, vocab_size)) * 0.01,  # (n_a, V)
        "Waa": rng.standard_normal((hidden_size, hidden_size)) * 0.01,  # (n_a, n_a)
        "Wya": rng.standard_normal((vocab_size, hidden_size)) * 0.01,   # (V, n_a)
        "b": np.zeros((hidden_size, 1)),                                # (n_a, 1)
        "by": np.zeros((vocab_size, 1)),                                # (V, 1)
    }
    memory = {key: np.zeros_like(value) for key, value in parameters.items()}
    smooth_loss = get_initial_loss(vocab_size, seq_length)
    history = {"loss": [], "chars": chars, "samples": []}
    data = [char_to_ix[ch] for ch in text]
    position, a_prev = 0, np.zeros((hidden_size, 1))
    for step in range(num_steps):
        if position + seq_length + 1 >= len(data):
            position, a_prev = 0, np.zeros((hidden_size, 1))        # wrap: start over
        X = data[position:position + seq_length]                    # inputs, T_x indices
        Y = data[position + 1:position + seq_length + 1]            # targets, shifted by one
        if sample_every and step % sample_every == 0:
            ix = sample_text(parameters, a_prev, X[0], sample_length, rng)
            history["samples"].append((step, "".join(ix_to_char[i] for i in ix)))
        loss, cache = rnn_forward(X, Y, a_prev, parameters, vocab_size)
        gradients, a = rnn_backward(X, Y, parameters, cache)
        for key in PARAMETER_KEYS:
            np.clip(gradients["d" + key], -clip_value, clip_value, out=gradients["d" + key])
        adagrad_update(parameters, gradients, memory, learning_rate)
        a_prev = a[len(X) - 1]                                      # carried to the next chunk
        smooth_loss = smooth(smooth_loss, loss)
        history["loss"].append(smooth_loss)
        position += seq_length
    return parameters, history


# ---- watching a training run --------------------------------------------------------------

def record_losses(train_fn, *args, step_name="optimize", **kwargs):
    """Run `train_fn(*args, **kwargs)` and record the loss of every optimization step.

    train_fn is a training loop defined in a notebook (such as `model`) that calls the
    function named `step_name` from its own globals once per iteration, and that function
    returns the loss first. The call is wrapped only for the duration of this run, so the
    training loop's signature and return value stay as they are.

    Returns:
    result -- what train_fn returned
    losses -- list of the per-iteration losses, in order
    lengths -- list of the number of predicted characters of each iteration (len(X))
    """
    namespace = train_fn.__globals__
    step = namespace[step_name]
    losses, lengths = [], []

    def recorded_step(*step_args, **step_kwargs):
        out = step(*step_args, **step_kwargs)
        losses.append(float(out[0]))                                 # the example's loss
        lengths.append(len(step_args[0]))                            # characters predicted
        return out

    namespace[step_name] = recorded_step
    try:
        result = train_fn(*args, **kwargs)
    finally:
        namespace[step_name] = step
    return result, losses, lengths


def smoothed(losses, initial):
    """The running `smooth` of a list of losses, starting from `initial`."""
    out, value = [], initial
    for cur in losses:
        value = smooth(value, cur)
        out.append(value)
    return out
