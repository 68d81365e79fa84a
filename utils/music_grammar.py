"""The abstract melody grammar of the jazz assignment (music21 only).

A bar of melody becomes a string of terms `CLASS,DURATION[,<upper,lower>]`:

* CLASS says how a note relates to the chord that governs it: `R` rest, `C` chord tone,
  `S` scale tone (major scale over a major chord, Dorian otherwise), `A` approach tone (a
  semitone away from a chord tone), `X` anything else;
* DURATION is the quarterLength with three decimals (`0.250`, `0.333`);
* `<upper,lower>` (notes after the first of the bar) brackets the interval from the previous
  note: that interval plus and minus a minor third, as music21 `directedName`s.

`parse_melody` goes from notes to terms; `unparse_grammar` goes back, drawing concrete
pitches at random (Python's `random`, so a caller that seeds it gets the same music) inside
the bracket and of the right class. `prune_grammar`, `prune_notes` and `clean_up_notes` tidy
the generated material. This is the grammar of deepjazz (Ji-Sung Kim, after Evan Chow's
jazzml) rewritten for music21 10; what it leaves out: chord voicings and dynamics.
"""
from __future__ import annotations

import random
from functools import lru_cache

from music21 import chord, interval, note, scale

BAR = 4.0        # quarter notes per bar (4/4 throughout the solo)


# ---- classifying a pitch against a chord --------------------------------------------------

@lru_cache(maxsize=None)
def _scale_names(pitches: tuple[str, ...], blues: bool) -> tuple[str, ...]:
    """Names of the scale music21 derives from a chord (major for major chords).

    Analysis uses the Dorian scale for non-major chords; generation (`blues=True`) the
    weighted hexatonic blues scale on the chord's root, as deepjazz does.
    """
    c = chord.Chord(list(pitches))
    if c.quality == "major":
        kind = scale.MajorScale(c.root()) if blues else scale.MajorScale()
    else:
        kind = scale.WeightedHexatonicBlues(c.root()) if blues else scale.DorianScale()
    return tuple(sorted({p.name for p in kind.derive(c).getPitches()}))


def _key(c: chord.Chord) -> tuple[str, ...]:
    return tuple(p.nameWithOctave for p in c.pitches)


def is_chord_tone(c: chord.Chord, n: note.Note) -> bool:
    return n.name in c.pitchNames


def is_scale_tone(c: chord.Chord, n: note.Note) -> bool:
    return n.name in _scale_names(_key(c), blues=False)


def is_approach_tone(c: chord.Chord, n: note.Note) -> bool:
    """A semitone above or below some chord tone (enharmonic spellings count)."""
    for p in c.pitches:
        for step in (1, -1):
            near = p.transpose(step)
            if n.name in (near.name, near.getEnharmonic().name):
                return True
    return False


def classify(c: chord.Chord, element) -> str:
    """Grammar class letter of a note, rest or chord under chord `c`."""
    if isinstance(element, note.Rest):
        return "R"
    if isinstance(element, chord.Chord) or is_chord_tone(c, element):
        return "C"
    if is_scale_tone(c, element):
        return "S"
    if is_approach_tone(c, element):
        return "A"
    return "X"


def governing_chord(chords: list, offset: float):
    """The last chord starting at or before `offset` (the first chord when none does)."""
    earlier = [c for c in chords if c.offset <= offset]
    return earlier[-1] if earlier else chords[0]


# ---- notes -> grammar ---------------------------------------------------------------------

def parse_melody(elements: list, chords: list) -> str:
    """Abstract grammar of one bar.

    Arguments:
    elements -- notes and rests of the bar, offsets in quarter notes from the bar start
    chords -- chords of the bar, offsets from the bar start, sorted (at least one)

    Returns:
    grammar -- the bar's terms joined by single spaces
    """
    terms = []
    previous = None                                   # last note (rests are skipped)
    for element in elements:
        c = governing_chord(chords, element.offset)
        term = f"{classify(c, element)},{float(element.quarterLength):.3f}"
        if isinstance(element, note.Note):
            if previous is not None:
                step = interval.Interval(noteStart=previous, noteEnd=element)
                upper = interval.add([step, "m3"])        # interval + minor third
                lower = interval.subtract([step, "m3"])   # interval - minor third
                term += f",<{upper.directedName},{lower.directedName}>"
            previous = element
        terms.append(term)
    return " ".join(terms)


# ---- grammar -> notes ---------------------------------------------------------------------

def prune_grammar(grammar: str, rng: random.Random) -> str:
    """Snap every duration to a multiple of 0.25, rounding down or (down + 0.25) at random."""
    pruned = []
    for term in grammar.split(" "):
        fields = term.split(",")
        duration = float(fields[1])
        down = duration - duration % 0.25                 # floor to the grid
        fields[1] = str(down if rng.choice([-1, 1]) < 0 else down + 0.25)
        pruned.append(",".join(fields))
    return " ".join(pruned)


def _chord_tone(c: chord.Chord, rng: random.Random) -> note.Note:
    return note.Note(rng.choice([p.nameWithOctave for p in c.pitches]))


def _scale_tone(c: chord.Chord, rng: random.Random) -> note.Note:
    name = rng.choice(_scale_names(_key(c), blues=True))
    octave = rng.choice([p.octave for p in c.sortAscending().pitches])
    return note.Note(f"{name}{octave}")


def _approach_tone(c: chord.Chord, rng: random.Random) -> note.Note:
    return _scale_tone(c, rng).transpose(rng.choice([1, -1]))


_FITS = {"C": is_chord_tone, "S": is_scale_tone}


def unparse_grammar(grammar: str, chords: list, rng: random.Random) -> list:
    """Concrete notes and rests for a grammar string over the given chords.

    The running offset grows by each term's duration before the element is placed, as in
    deepjazz. A term without a bracket (or with one but no earlier note) gets a free
    chord/scale/approach tone (octave >= 4);
    a bracketed term a pitch of its class between the two bracket bounds around the previous
    note, different from it when there is a choice (octave >= 3).

    Returns:
    elements -- list of music21 Notes and Rests with offsets set
    """
    elements = []
    offset = 0.0
    previous = None
    for term in grammar.split(" "):
        fields = term.split(",")
        kind, duration = fields[0], float(fields[1])
        offset += duration
        if kind == "R":
            rest = note.Rest(quarterLength=duration)
            rest.offset = offset
            elements.append(rest)
            continue
        c = governing_chord(chords, offset)
        if len(fields) == 2 or previous is None:
            make = {"C": _chord_tone, "S": _scale_tone}.get(kind, _approach_tone)
            new = make(c, rng)
            new.octave = max(new.octave, 4)
        else:
            bounds = [interval.Interval(fields[2].strip("<")), interval.Interval(fields[3].strip(">"))]
            lower, upper = sorted(bounds, key=lambda i: i.cents)
            low = interval.transposePitch(previous.pitch, lower)     # lowest allowed pitch
            high = interval.transposePitch(previous.pitch, upper)    # highest allowed pitch
            fits = _FITS.get(kind, is_approach_tone)
            candidates = []
            for k in range(int(high.ps - low.ps) + 1):
                n = note.Note(low.transpose(k).simplifyEnharmonic())
                if fits(c, n):
                    candidates.append(n)
            if len(candidates) > 1:
                others = [n for n in candidates if n.nameWithOctave != previous.nameWithOctave]
                new = rng.choice(others or candidates)
            elif candidates:
                new = candidates[0]
            else:
                new = previous.transpose(rng.choice([-2, 2]))         # a whole step away
            new.octave = max(new.octave, 3)
        new.quarterLength = duration
        new.offset = offset
        elements.append(new)
        previous = new
    return elements


def prune_notes(elements: list) -> list:
    """In consecutive pairs (0,1), (2,3), ... drop the second of two identical notes."""
    drop = set()
    for i in range(0, len(elements) - 1, 2):
        a, b = elements[i], elements[i + 1]
        if isinstance(a, note.Note) and isinstance(b, note.Note) and a.nameWithOctave == b.nameWithOctave:
            drop.add(i + 1)
    return [e for i, e in enumerate(elements) if i not in drop]


def clean_up_notes(elements: list) -> list:
    """Give zero-length elements 0.25 and drop a note that starts with its predecessor."""
    kept = []
    for i, e in enumerate(elements):
        if e.quarterLength == 0:
            e.quarterLength = 0.25
        if i > 0 and isinstance(e, note.Note) and e.offset == elements[i - 1].offset:
            continue
        kept.append(e)
    return kept
