"""utils.music and utils.music_grammar: the music21 10 pipeline, its numbers and invariants.

Numbers measured with music21 10.5.1 next to the course's (music21 6.7, 2021 notebook):

| quantity | course | here | why they differ |
| --- | --- | --- | --- |
| melody groups | 19 | 18 | the course grouped the header objects at offset 0 (instrument, tempo, key, time signature) as group 0 and skipped it; only real bars 119..136 here |
| chord groups | 19 | 18 | the same header group (its "4 chords"); after it the course's counts 2,2,2,3,3,3,4,1,4,3,2,4,... line up with ours 2,2,2,2,3,3,4,1,4,3,2,3,... bar for bar, a few bars differing by one chord |
| corpus length | 275 (82 rests) | 279 (85 rests) | music21 10 merges the guitar's overlapping notes into Chords (split back into notes here) and places rests differently inside measures |
| n_values | 90 | 106 | more distinct `<upper,lower>` interval windows from the split notes |
| X | (60, 30, 90) | (60, 30, 106) | n_values; X.sum() = 60 * 29 = 1740 in both |

The header-group reading is inferred from the course's counts (its first group has 4 members
and the grammar loop skips it), not from running music21 6.7 here.

The vocabulary is sorted, so it does not depend on PYTHONHASHSEED (the course's did).
"""
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from utils.music import (Event, Solo, data_processing, generate_music, get_corpus_data,
                         load_music_utils, load_solo, parse_midi)
from utils.paths import PROJECT_ROOT

N_BARS, CORPUS_LEN, N_VALUES, N_RESTS = 18, 279, 106, 85
CHORDS_PER_BAR = [2, 2, 2, 2, 3, 3, 4, 1, 4, 3, 2, 3, 2, 3, 2, 3, 2, 3]
TERM = re.compile(r"^[RCSAX],\d+\.\d{3}(,<-?[a-zA-Z]+-?\d+,-?[a-zA-Z]+-?\d+>)?$")


@pytest.fixture(scope="module")
def solo():
    return load_solo()


@pytest.fixture(scope="module")
def corpus_data(solo):
    return get_corpus_data(solo)


def test_solo_bars_and_chord_groups(solo):
    assert solo.bars == tuple(range(119, 137))
    assert len(solo.melody) == len(solo.chords) == N_BARS
    assert [len(c) for c in solo.chords] == CHORDS_PER_BAR
    for bar in solo.melody + solo.chords:
        offsets = [e.offset for e in bar]
        assert offsets == sorted(offsets) and all(0 <= o < 4 for o in offsets)
        assert all(e.duration > 0 for e in bar)
    assert all(len(e.pitches) >= 2 for bar in solo.chords for e in bar)


def test_corpus_numbers(corpus_data):
    corpus, values, values_indices, indices_values = corpus_data
    assert len(corpus) == CORPUS_LEN
    assert len(values) == N_VALUES
    assert sum(term.startswith("R") for term in corpus) == N_RESTS
    assert all(TERM.match(term) for term in values), [t for t in values if not TERM.match(t)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert all(indices_values[values_indices[v]] == v for v in values)


def test_training_arrays_invariants(corpus_data):
    corpus, _, values_indices, _ = corpus_data
    m, Tx = 60, 30
    X, Y, n_values = data_processing(corpus, values_indices, m, Tx)
    assert X.shape == (m, Tx, N_VALUES) and Y.shape == (Tx, m, N_VALUES)
    assert X.dtype == bool and Y.dtype == bool and n_values == N_VALUES
    assert X.sum() == m * (Tx - 1)                       # one token per step after the first
    assert not X[:, 0, :].any()                          # zero first input
    assert not Y[Tx - 1].any()                           # nothing to predict after the last
    assert np.array_equal(Y[:Tx - 1], np.swapaxes(X[:, 1:], 0, 1))   # Y is X one step ahead
    assert (X[:, 1:].sum(axis=-1) == 1).all()
    X2, Y2, _ = data_processing(corpus, values_indices, m, Tx)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)   # np.random.seed(0) inside


def test_windows_follow_the_seeded_starts(corpus_data):
    corpus, values, values_indices, _ = corpus_data
    X, _, _ = data_processing(corpus, values_indices, 5, 10)
    np.random.seed(0)
    for i in range(5):
        start = np.random.choice(len(corpus) - 10)
        tokens = [values[k] for k in X[i, 1:].argmax(axis=-1)]
        assert tokens == corpus[start + 1:start + 10]


def test_vocabulary_does_not_depend_on_the_hash_seed():
    code = ("import json; from utils.music import load_music_utils; "
            "X, Y, n, iv, ch = load_music_utils(); "
            "print(json.dumps([iv[i] for i in range(n)] + [int(X.argmax(-1).sum())]))")
    outputs = []
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(PROJECT_ROOT))
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, cwd=PROJECT_ROOT, timeout=120, check=True)
        outputs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert outputs[0] == outputs[1]
    assert outputs[0][:-1] == sorted(outputs[0][:-1])


def test_cache_gives_the_same_solo_as_a_fresh_parse(solo, tmp_path, monkeypatch):
    fresh = parse_midi()
    assert fresh == solo
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    assert load_solo() == fresh                          # parses and writes the cache
    assert list(tmp_path.glob("solo-*.json"))
    assert load_solo() == fresh                          # reads it back


def test_load_music_utils_interface():
    X, Y, n_values, indices_values, chords = load_music_utils()
    assert X.shape == (60, 30, n_values) and Y.shape == (30, 60, n_values)
    assert len(indices_values) == n_values == N_VALUES and len(chords) == N_BARS
    assert all(c.isChord for group in chords for c in group)


def test_grammar_classes_of_a_small_bar():
    from music21 import chord, note
    from utils.music_grammar import parse_melody

    c_major = chord.Chord(["C4", "E4", "G4"])
    c_major.offset = 0.0
    notes = []
    for offset, name in [(0.0, "E4"), (0.5, "D4"), (1.0, "C#4"), (1.5, None), (2.0, "E-4")]:
        n = note.Rest(quarterLength=0.5) if name is None else note.Note(name, quarterLength=0.5)
        n.offset = offset
        notes.append(n)
    terms = parse_melody(notes, [c_major]).split(" ")
    assert [t.split(",")[0] for t in terms] == ["C", "S", "A", "R", "A"]
    assert terms[0] == "C,0.500" and terms[3] == "R,0.500"
    assert terms[1] == "S,0.500,<m2,P-4>"                # E4 -> D4 is M-2; +/- minor third


def test_generate_music_is_reproducible_with_a_seed(tmp_path, corpus_data):
    X, Y, n_values, indices_values, chords = load_music_utils()
    rng = np.random.default_rng(3)
    sequences = [rng.integers(0, n_values, (50, 1)) for _ in range(5)]
    a = generate_music(sequences, indices_values, chords, tmp_path / "a.midi", seed=1, verbose=False)
    b = generate_music(sequences, indices_values, chords, tmp_path / "b.midi", seed=1, verbose=False)
    c = generate_music(sequences, indices_values, chords, tmp_path / "c.midi", seed=2, verbose=False)
    assert a.midi_path.read_bytes() == b.midi_path.read_bytes()
    assert a.midi_path.read_bytes() != c.midi_path.read_bytes()
    assert len(a.notes_per_set) == 5 and all(n > 10 for n in a.notes_per_set)


def test_events_round_trip_through_json():
    from utils.music import _from_json, _to_json
    solo = Solo((1,), ((Event(0.5, 0.25, ("C4",)), Event(1.0, 1 / 3, ())),), ((Event(0.0, 2.0, ("C3", "E3")),),))
    assert _from_json(_to_json(solo)) == solo
