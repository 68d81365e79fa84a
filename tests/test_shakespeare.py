"""Tests for utils.shakespeare: the window counts of the course, encoding, temperature
sampling, and a tiny seeded model that trains and generates."""
import numpy as np
import pytest

pytestmark = pytest.mark.xdist_group("dinosaur_island")

shakespeare = pytest.importorskip("utils.shakespeare")


@pytest.fixture(scope="module")
def corpus():
    return shakespeare.load_corpus()


def test_corpus_facts(corpus):
    text, chars, char_to_ix, ix_to_char = corpus
    assert text == text.lower()
    assert len(chars) == 38
    windows, targets = shakespeare.make_windows(text)
    assert len(windows) == len(targets) == 31412
    assert all(len(w) == 40 for w in windows[:50])
    assert windows[1] == text[3:43] and targets[1] == text[43]


def test_one_hot_and_prompt_encoding(corpus):
    _, chars, char_to_ix, _ = corpus
    x, y = shakespeare.one_hot(["ab", "ba"], ["a", "b"], char_to_ix)
    assert x.dtype == bool and x.shape == (2, 2, 38) and y.shape == (2, 38)
    assert x.sum() == 4 and y.sum() == 2
    assert x[0, 0, char_to_ix["a"]] and y[1, char_to_ix["b"]]
    enc = shakespeare.encode_prompt("Hi", char_to_ix)
    assert enc.shape == (1, 40, 38)
    assert not enc[0, :38].any()                                   # left padding is zeros
    assert enc[0, 38, char_to_ix["h"]] == 1 and enc[0, 39, char_to_ix["i"]] == 1


def test_temperature_sharpens_and_flattens():
    probs = np.array([0.7, 0.2, 0.1])
    rng = np.random.default_rng(0)
    cold = [shakespeare.sample_index(probs, 0.05, rng) for _ in range(200)]
    assert set(cold) == {0}
    rng = np.random.default_rng(0)
    hot = [shakespeare.sample_index(probs, 50.0, rng) for _ in range(600)]
    counts = np.bincount(hot, minlength=3) / 600
    assert np.all(np.abs(counts - 1 / 3) < 0.08)


def test_tiny_model_trains_and_generates(corpus):
    text, chars, char_to_ix, ix_to_char = corpus
    windows, targets = shakespeare.make_windows(text[:3000])
    x, y = shakespeare.one_hot(windows, targets, char_to_ix)
    model = shakespeare.build_model(len(chars), units=16)
    losses = shakespeare.train(model, x, y, epochs=2, batch_size=64, verbose=0)
    assert len(losses) == 2 and losses[1] < losses[0]
    out = shakespeare.generate(model, "Shall I", char_to_ix, ix_to_char, n_chars=20, seed=3)
    assert out.startswith("shall i") and len(out) == len("shall i") + 20
    assert set(out) <= set(chars)
    again = shakespeare.generate(model, "Shall I", char_to_ix, ix_to_char, n_chars=20, seed=3)
    assert again == out
