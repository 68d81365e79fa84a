"""A small Keras character model of Shakespeare's sonnets: data, model, training, generation.

The text is lower-cased and cut into windows of `WINDOW` characters taken every `STRIDE`
characters; each window's label is the character that follows it (31412 examples for the
course's shakespeare.txt). The model is one LSTM layer and a softmax over the 38 symbols,
trained from scratch for a short while on the CPU. Generation pads a prompt on the left to
the window length (padding positions are all-zero inputs) and draws each next character
from the model's distribution sharpened or flattened by a temperature.

This is the only module of the numpy assignments that imports TensorFlow; nothing is
downloaded and no pre-trained weights are used.
"""
from __future__ import annotations

from utils.tf_env import quiet_tensorflow

quiet_tensorflow()                  # before Keras loads TensorFlow

import keras  # noqa: E402  (after quiet_tensorflow)
import numpy as np  # noqa: E402

from utils.paths import data_path  # noqa: E402

WINDOW = 40      # characters the model reads
STRIDE = 3       # step between the starts of two windows
PAD = "0"        # prompt padding; encoded as an all-zero vector


def load_corpus(name: str = "shakespeare.txt"):
    """The lower-cased text and its vocabulary: (text, chars, char_to_ix, ix_to_char)."""
    text = data_path(name).read_text(encoding="utf-8").lower()
    chars = sorted(set(text))
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    ix_to_char = {i: ch for i, ch in enumerate(chars)}
    return text, chars, char_to_ix, ix_to_char


def make_windows(text, window=WINDOW, stride=STRIDE):
    """Windows of `window` characters every `stride` characters and the character after each."""
    starts = range(0, len(text) - window, stride)
    inputs = [text[i:i + window] for i in starts]
    targets = [text[i + window] for i in starts]
    return inputs, targets


def one_hot(windows, targets, char_to_ix):
    """Boolean arrays x (m, window, V) and y (m, V) for the windows and their next characters."""
    m, window, vocab_size = len(windows), len(windows[0]), len(char_to_ix)
    x = np.zeros((m, window, vocab_size), dtype=bool)
    y = np.zeros((m, vocab_size), dtype=bool)
    for i, (sentence, target) in enumerate(zip(windows, targets)):
        for t, ch in enumerate(sentence):
            x[i, t, char_to_ix[ch]] = True
        y[i, char_to_ix[target]] = True
    return x, y


def build_model(vocab_size, units=128, window=WINDOW, learning_rate=0.01):
    """LSTM(units) over the one-hot window, then a softmax over the vocabulary (compiled)."""
    inputs = keras.Input(shape=(window, vocab_size))
    hidden = keras.layers.LSTM(units)(inputs)                          # (m, units)
    outputs = keras.layers.Dense(vocab_size, activation="softmax")(hidden)  # (m, V)
    model = keras.Model(inputs, outputs, name="shakespeare_lstm")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy")
    return model


def train(model, x, y, epochs=1, batch_size=128, seed=0, max_examples=None, verbose=2):
    """Fit `model` on (x, y) from a fixed seed; returns the per-epoch losses.

    max_examples keeps only the first that many windows (a quicker, rougher model).
    """
    keras.utils.set_random_seed(seed)
    if max_examples is not None:
        x, y = x[:max_examples], y[:max_examples]
    history = model.fit(x, y, batch_size=batch_size, epochs=epochs, shuffle=True,
                        verbose=verbose)
    return history.history["loss"]


def encode_prompt(prompt, char_to_ix, window=WINDOW):
    """One-hot (1, window, V) encoding of the last `window` characters of the padded prompt.

    Characters outside the vocabulary and the padding character become all-zero vectors.
    """
    padded = (PAD * window + prompt.lower())[-window:]
    x = np.zeros((1, window, len(char_to_ix)), dtype="float32")
    for t, ch in enumerate(padded):
        if ch != PAD and ch in char_to_ix:
            x[0, t, char_to_ix[ch]] = 1.0
    return x


def sample_index(probs, temperature=1.0, rng=None):
    """Draw an index from `probs` re-weighted as probs**(1/temperature) (renormalised).

    temperature < 1 sharpens the distribution (safer, more repetitive text), > 1 flattens it.
    """
    rng = np.random.default_rng() if rng is None else rng
    logits = np.log(np.asarray(probs, dtype="float64") + 1e-12) / temperature
    p = np.exp(logits - np.max(logits))                 # shift for stability
    p /= p.sum()
    return int(rng.choice(len(p), p=p))


def generate(model, prompt, char_to_ix, ix_to_char, n_chars=400, temperature=1.0, seed=0,
             window=WINDOW):
    """Continue `prompt` with `n_chars` sampled characters; returns prompt + continuation."""
    rng = np.random.default_rng(seed)
    text = prompt.lower()
    for _ in range(n_chars):
        x = encode_prompt(text, char_to_ix, window)
        probs = model.predict_on_batch(x)[0]                 # (V,)
        text += ix_to_char[sample_index(probs, temperature, rng)]
    return text
