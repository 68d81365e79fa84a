"""Data for the jazz assignment: Pat Metheny's solo as grammar tokens, and back to MIDI.

Pipeline (music21 10; the course's port of deepjazz assumed music21 6, whose MIDI import
kept voices directly under each part):

1. `parse_midi`: read `original_metheny.mid`, take the melody from the part named "Guitar"
   (all its notes and rests, whichever voice or measure they sit in, gathered with
   `recurse()`), the chords from the part named "Piano", keep the solo window of quarter
   notes [476, 548], and group both by bar (`int(offset / 4)`). Offsets become bar-relative.
2. `get_corpus_data`: one grammar string per bar (`utils.music_grammar.parse_melody`), split
   into terms; the vocabulary is the SORTED set of terms, so index <-> value maps do not
   depend on PYTHONHASHSEED (the course enumerated a `set`, whose order does).
3. `data_processing`: m random windows of Tx terms as one-hot X (first step all zeros) and Y
   (X shifted one step left), Y swapped to (Tx, m, n_values).
4. `generate_music`: index sequences from a model -> grammar -> notes over the solo's chords
   -> a music21 stream and a MIDI file.

Parsing the MIDI takes several seconds, so the parsed bars are cached as plain JSON (keyed by
the file's sha256, the music21 version and `PIPELINE_VERSION`) under `$COURSE_CACHE_DIR`
(default `~/.cache/seqmodels-course`); `load_music_utils` therefore runs in well under a
second once the cache exists. Nothing here imports TensorFlow.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import numpy as np

from utils.paths import data_path

MIDI_FILE = "original_metheny.mid"
SOLO_START, SOLO_END = 476.0, 548.0      # the solo window in quarter notes (end included)
MELODY_PART = "Guitar"
CHORD_PART = "Piano"
PIPELINE_VERSION = 1                     # bump when the parsed representation changes
TEMPO_BPM = 130


@dataclass(frozen=True)
class Event:
    """One note, rest or chord as plain data: offset from its bar start, length, pitches."""
    offset: float
    duration: float
    pitches: tuple[str, ...]             # () for a rest, names with octave otherwise

    @property
    def is_rest(self) -> bool:
        return not self.pitches


@dataclass(frozen=True)
class Solo:
    """The parsed solo: melody events and chord events per bar (same length, bar-aligned)."""
    bars: tuple[int, ...]                    # real bar numbers int(offset / 4)
    melody: tuple[tuple[Event, ...], ...]    # per bar: notes and rests (chords dropped)
    chords: tuple[tuple[Event, ...], ...]    # per bar: piano chords


# ---- parsing the MIDI file ----------------------------------------------------------------

def _part(score, name: str):
    names = [p.partName for p in score.parts]
    for p in score.parts:
        if p.partName == name:
            return p
    raise ValueError(f"no part named '{name}' in the MIDI file (parts: {names})")


def _events_by_bar(elements) -> dict[int, list[Event]]:
    """Group (absolute offset, element) pairs of the window by bar, offsets bar-relative."""
    from music21 import chord, note

    def event(offset, e):
        length = float(e.quarterLength) or 0.25           # zero-length grace notes -> 0.25
        if isinstance(e, note.Rest):
            pitches = ()
        elif isinstance(e, chord.Chord):
            pitches = tuple(p.nameWithOctave for p in e.pitches)
        else:
            pitches = (e.pitch.nameWithOctave,)
        return Event(round(float(offset) % 4, 6), length, pitches)

    in_window = [(float(o), e) for o, e in elements if SOLO_START <= float(o) <= SOLO_END]
    in_window.sort(key=lambda pair: pair[0])
    return {bar: [event(o, e) for o, e in group]
            for bar, group in groupby(in_window, key=lambda pair: int(pair[0] // 4))}


def parse_midi(path: Path | str | None = None) -> Solo:
    """Parse the MIDI file with music21 (slow: several seconds) into a `Solo`.

    Melody: every Note and Rest of the "Guitar" part. music21 10 merges the guitar's
    overlapping notes into Chords where music21 6 kept them as separate notes in a second
    voice; such chords are split back into single notes (lowest first). Chords: every Chord of the "Piano" part. Bars
    are those holding melody inside [SOLO_START, SOLO_END), each paired with the chords of
    the same bar.
    """
    from music21 import chord, converter, note

    score = converter.parse(str(path or data_path(MIDI_FILE)))
    guitar, piano = _part(score, MELODY_PART), _part(score, CHORD_PART)
    melody_elements = []
    for e in guitar.recurse().getElementsByClass([note.Note, note.Rest, chord.Chord]):
        offset = e.getOffsetInHierarchy(guitar)
        if isinstance(e, chord.Chord):                    # overlapping notes merged on import
            for p in e.pitches:
                melody_elements.append((offset, note.Note(p, quarterLength=e.quarterLength)))
        else:
            melody_elements.append((offset, e))
    chord_elements = [(e.getOffsetInHierarchy(piano), e)
                      for e in piano.recurse().getElementsByClass(chord.Chord)]
    melody = _events_by_bar(melody_elements)
    chords = _events_by_bar(chord_elements)
    bars = tuple(b for b in sorted(melody) if b * 4 < SOLO_END and b in chords)
    return Solo(bars, tuple(tuple(melody[b]) for b in bars), tuple(tuple(chords[b]) for b in bars))


# ---- cache --------------------------------------------------------------------------------

def cache_dir() -> Path:
    return Path(os.environ.get("COURSE_CACHE_DIR", Path.home() / ".cache" / "seqmodels-course"))


def _cache_file(path: Path) -> Path:
    import music21
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return cache_dir() / f"solo-{digest}-m21_{music21.__version__}-v{PIPELINE_VERSION}.json"


def _to_json(solo: Solo) -> str:
    as_lists = lambda bars: [[[e.offset, e.duration, list(e.pitches)] for e in bar] for bar in bars]
    return json.dumps({"bars": list(solo.bars), "melody": as_lists(solo.melody),
                       "chords": as_lists(solo.chords)})


def _from_json(text: str) -> Solo:
    data = json.loads(text)
    as_events = lambda bars: tuple(tuple(Event(o, d, tuple(p)) for o, d, p in bar) for bar in bars)
    return Solo(tuple(data["bars"]), as_events(data["melody"]), as_events(data["chords"]))


def load_solo(path: Path | str | None = None, use_cache: bool = True) -> Solo:
    """The parsed solo, from the cache when it holds this file's parse."""
    path = Path(path or data_path(MIDI_FILE))
    cached = _cache_file(path)
    if use_cache and cached.is_file():
        return _from_json(cached.read_text())
    solo = parse_midi(path)
    if use_cache:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(_to_json(solo))
        except OSError:
            pass                                          # a read-only home: no cache
    return solo


# ---- music21 objects from events ----------------------------------------------------------

def to_music21(event: Event):
    """A music21 Rest, Note or Chord for an event (offset set, bar-relative)."""
    from music21 import chord, note
    if event.is_rest:
        obj = note.Rest()
    elif len(event.pitches) == 1:
        obj = note.Note(event.pitches[0])
    else:
        obj = chord.Chord(list(event.pitches))
    obj.quarterLength = event.duration
    obj.offset = event.offset
    return obj


def chord_groups(solo: Solo) -> list[list]:
    """The solo's chords as lists of music21 Chords, one list per bar."""
    return [[to_music21(e) for e in bar] for bar in solo.chords]


# ---- corpus, vocabulary and training arrays -----------------------------------------------

def grammars(solo: Solo) -> list[str]:
    """One abstract grammar string per bar of the solo."""
    from utils.music_grammar import parse_melody
    return [parse_melody([to_music21(e) for e in melody], [to_music21(e) for e in chords])
            for melody, chords in zip(solo.melody, solo.chords)]


def get_corpus_data(solo: Solo) -> tuple[list[str], list[str], dict, dict]:
    """Corpus of grammar terms and its vocabulary in sorted (deterministic) order.

    Returns:
    corpus -- list of all terms of all bars, in order
    values -- sorted list of the distinct terms
    values_indices -- dict term -> index
    indices_values -- dict index -> term
    """
    corpus = [term for g in grammars(solo) for term in g.split(" ")]
    values = sorted(set(corpus))
    values_indices = {v: i for i, v in enumerate(values)}
    indices_values = {i: v for i, v in enumerate(values)}
    return corpus, values, values_indices, indices_values


def data_processing(corpus: list[str], values_indices: dict, m: int = 60, Tx: int = 30):
    """One-hot training windows of the corpus.

    Arguments:
    corpus -- list of terms
    values_indices -- dict term -> index
    m -- number of windows
    Tx -- length of each window

    Returns:
    X -- bool array (m, Tx, n_values); X[:, 0, :] is all zeros (the "no input yet" step)
    Y -- bool array (Tx, m, n_values); Y[t] = X[:, t + 1] (the next term), Y[Tx - 1] zeros
    n_values -- number of distinct terms
    """
    n_values = len(values_indices)
    np.random.seed(0)                                       # the course's seed for the windows
    X = np.zeros((m, Tx, n_values), dtype=bool)             # (m, Tx, n_values)
    Y = np.zeros((m, Tx, n_values), dtype=bool)             # (m, Tx, n_values)
    for i in range(m):
        start = np.random.choice(len(corpus) - Tx)
        window = corpus[start:start + Tx]
        for j in range(1, Tx):
            idx = values_indices[window[j]]
            X[i, j, idx] = 1                                # term j is the input at step j
            Y[i, j - 1, idx] = 1                            # ...and the target of step j - 1
    Y = np.swapaxes(Y, 0, 1)                                # (Tx, m, n_values)
    return X, Y, n_values


def load_music_utils(path: Path | str | None = None, m: int = 60, Tx: int = 30):
    """Everything the notebook needs (the course's 2021 interface, music21 10 inside).

    Returns:
    X -- (m, Tx, n_values) one-hot inputs
    Y -- (Tx, m, n_values) one-hot targets
    n_values -- vocabulary size
    indices_values -- dict index -> grammar term
    chords -- list of chord groups (lists of music21 Chords), one per bar
    """
    solo = load_solo(path)
    corpus, _, values_indices, indices_values = get_corpus_data(solo)
    X, Y, n_values = data_processing(corpus, values_indices, m, Tx)
    return X, Y, n_values, indices_values, chord_groups(solo)


# ---- from indices back to music -----------------------------------------------------------

@dataclass
class Generated:
    """What `generate_music` produced: the stream, the MIDI path and notes per chord set."""
    stream: object
    midi_path: Path | None
    notes_per_set: list[int]


def generate_music(index_sequences, indices_values: dict, chords: list, out_path=None,
                   seed: int | None = None, verbose: bool = True) -> Generated:
    """Turn sequences of predicted indices into music over the solo's chord groups.

    Arguments:
    index_sequences -- list of integer sequences (one per chord set, e.g. predict_and_sample's
                       indices, shape (Ty, 1) or (Ty,)); chord set k uses chords[k]
    indices_values -- dict index -> grammar term
    chords -- chord groups (lists of music21 Chords with bar-relative offsets)
    out_path -- where to write the MIDI file (None: do not write)
    seed -- seed of the private random.Random that picks concrete pitches (None: unseeded)

    Returns:
    Generated -- stream, path of the MIDI file and number of notes per chord set
    """
    from music21 import midi, note, stream, tempo
    from utils.music_grammar import clean_up_notes, prune_grammar, prune_notes, unparse_grammar

    rng = random.Random(seed)
    out = stream.Stream()
    counts = []
    bar_offset = 0.0
    for k, indices in enumerate(index_sequences):
        bar_chords = [to_music21_copy(c) for c in chords[k % len(chords)]]
        terms = [indices_values[int(i)] for i in np.asarray(indices).ravel()]
        grammar = " ".join(["C,0.25"] + terms)                  # a fixed first chord tone
        grammar = grammar.replace(" A", " C").replace(" X", " C")
        grammar = prune_grammar(grammar, rng)
        sounds = clean_up_notes(prune_notes(unparse_grammar(grammar, bar_chords, rng)))
        counts.append(sum(isinstance(s, note.Note) for s in sounds))
        if verbose:
            print(f"Generated {counts[-1]} notes over chord set {k + 1}.")
        for s in sounds:
            out.insert(bar_offset + s.offset, s)
        for c in bar_chords:
            out.insert(bar_offset + c.offset, c)
        bar_offset += 4.0
    out.insert(0.0, tempo.MetronomeMark(number=TEMPO_BPM))
    midi_path = None
    if out_path is not None:
        midi_path = Path(out_path)
        midi_path.parent.mkdir(parents=True, exist_ok=True)
        mf = midi.translate.streamToMidiFile(out)
        mf.open(str(midi_path), "wb")
        mf.write()
        mf.close()
        if verbose:
            print(f"Your generated music is saved in {midi_path}")
    return Generated(out, midi_path, counts)


def to_music21_copy(obj):
    """A fresh copy of a music21 object with its offset kept (streams re-site objects)."""
    import copy
    offset = obj.offset
    new = copy.deepcopy(obj)
    new.offset = offset
    return new
