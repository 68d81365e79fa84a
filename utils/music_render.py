"""Hearing and seeing the jazz assignment's music: a small offline synthesiser and piano rolls.

Synthesiser choice: an additive one written here with numpy. Each note is a sum of three
sine harmonics (amplitudes 1, 1/2, 1/4, equal temperament with A4 = 440 Hz) shaped by an
attack-decay-sustain-release envelope; notes are mixed, normalised and written as 16-bit mono
PCM with the standard `wave` module. Note times come from `mido`, which applies the file's
tempo map. Why: it needs no SoundFont, no download and no native library (FluidSynth,
ffmpeg), renders a 20-second clip in a fraction of a second, and is deterministic, so a test
can check the file. It sounds like an electric organ, not a guitar; that is what it leaves
out (the course's mid2wav used plain sines with a 500 Hz "A").

`python -m utils.music_render --out DIR` (what `make music` runs) trains a small Keras LSTM
on the solo for a few seconds with a fixed seed, samples five chord sets from it, and writes
DIR/my_music.midi and DIR/rendered.wav. That model is a plain teacher-forced sequence model,
not the assignment's graded djmodel; it only exists so the command makes music on its own.
"""
from __future__ import annotations

import argparse
import math
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 22050
HARMONICS = (1.0, 0.5, 0.25)             # relative amplitudes of partials 1, 2, 3
ATTACK, DECAY, SUSTAIN, RELEASE = 0.01, 0.08, 0.6, 0.1   # seconds, seconds, level, seconds
PEAK = 0.9                               # mix normalised to this peak (of full scale)


@dataclass(frozen=True)
class NoteEvent:
    """A sounding note: start and end in seconds, MIDI pitch, velocity 1..127."""
    start: float
    end: float
    pitch: int
    velocity: int = 100


# ---- MIDI -> notes ------------------------------------------------------------------------

def midi_notes(path: Path | str) -> list[NoteEvent]:
    """Notes of a MIDI file with times in seconds (tempo changes applied by mido)."""
    import mido

    notes, sounding, now = [], {}, 0.0
    for msg in mido.MidiFile(str(path)):                 # merged tracks, delta times in s
        now += msg.time
        if msg.type == "note_on" and msg.velocity > 0:
            sounding.setdefault((msg.channel, msg.note), []).append((now, msg.velocity))
        elif msg.type in ("note_off", "note_on"):
            started = sounding.get((msg.channel, msg.note))
            if started:
                begin, velocity = started.pop(0)
                notes.append(NoteEvent(begin, now, msg.note, velocity))
    return sorted(notes, key=lambda n: (n.start, n.pitch))


def midi_length(path: Path | str) -> float:
    """Length of a MIDI file in seconds, as mido computes it."""
    import mido
    return float(mido.MidiFile(str(path)).length)


# ---- notes -> samples ---------------------------------------------------------------------

def envelope(n_on: int, sr: int = SAMPLE_RATE) -> np.ndarray:
    """ADSR gain for a note held `n_on` samples, followed by its release tail."""
    a, d, r = int(ATTACK * sr), int(DECAY * sr), int(RELEASE * sr)
    held = np.full(n_on, SUSTAIN)                                            # sustain level
    ramp = np.concatenate([np.linspace(0, 1, a, endpoint=False),             # attack
                           np.linspace(1, SUSTAIN, d, endpoint=False)])      # decay
    held[:min(n_on, len(ramp))] = ramp[:n_on]
    last = held[-1] if n_on else 0.0
    tail = np.linspace(last, 0, r)                                           # release
    return np.concatenate([held, tail])


def synthesize(notes: list[NoteEvent], duration: float, sr: int = SAMPLE_RATE) -> np.ndarray:
    """Mix the notes into a float array of `duration` seconds (plus the release tail)."""
    out = np.zeros(int(math.ceil((duration + RELEASE) * sr)) + 1)           # (n_samples,)
    for n in notes:
        first = int(round(n.start * sr))
        gain = envelope(max(1, int(round((n.end - n.start) * sr))), sr) * n.velocity / 127
        t = np.arange(len(gain)) / sr                                        # seconds
        freq = 440.0 * 2 ** ((n.pitch - 69) / 12)                            # Hz
        tone = sum(amp * np.sin(2 * np.pi * k * freq * t) for k, amp in enumerate(HARMONICS, 1))
        stop = min(len(out), first + len(gain))
        out[first:stop] += (gain * tone)[:stop - first]
    peak = np.max(np.abs(out))
    return out * (PEAK / peak) if peak > 0 else out


def write_wav(path: Path | str, samples: np.ndarray, sr: int = SAMPLE_RATE) -> Path:
    """Write float samples in [-1, 1] as 16-bit mono PCM."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())
    return path


def render(midi_path: Path | str, wav_path: Path | str, sr: int = SAMPLE_RATE) -> Path:
    """Render a MIDI file to a WAV file; its length is the MIDI's length plus RELEASE."""
    return write_wav(wav_path, synthesize(midi_notes(midi_path), midi_length(midi_path), sr), sr)


def audio(wav_path: Path | str):
    """An IPython audio player for a WAV file (for notebooks)."""
    from IPython.display import Audio
    return Audio(filename=str(wav_path))


# ---- pictures -----------------------------------------------------------------------------

def solo_notes(solo, seconds_per_beat: float = 60 / 130) -> list[NoteEvent]:
    """The parsed solo's melody (a `utils.music.Solo`) as NoteEvents, bar after bar."""
    from music21 import pitch
    notes = []
    for k, bar in enumerate(solo.melody):
        for e in bar:
            for name in e.pitches:
                start = (4 * k + e.offset) * seconds_per_beat
                notes.append(NoteEvent(start, start + e.duration * seconds_per_beat,
                                       int(pitch.Pitch(name).midi)))
    return notes


def piano_roll(notes: list[NoteEvent], ax=None, title: str = ""):
    """Draw notes as horizontal bars (time in seconds against MIDI pitch)."""
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3))
    for n in notes:
        ax.broken_barh([(n.start, n.end - n.start)], (n.pitch - 0.4, 0.8),
                       facecolors=plt.cm.viridis(n.velocity / 127))
    if notes:
        ax.set_ylim(min(n.pitch for n in notes) - 2, max(n.pitch for n in notes) + 2)
        ax.set_xlim(0, max(n.end for n in notes))
    ax.set_xlabel("time (s)")
    ax.set_ylabel("MIDI pitch")
    ax.set_title(title)
    return ax


# ---- a quick model for `make music` -------------------------------------------------------

def quick_indices(X, Y, n_sets: int = 5, Ty: int = 50, epochs: int = 30, seed: int = 0):
    """Train a small teacher-forced LSTM on (X, Y) and sample `n_sets` index sequences.

    Sampling starts from the zero input and feeds each step's argmax back, re-running the
    sequence model on the growing prefix (cheap at these sizes). The first index of each set
    is drawn from the first step's softmax with a seeded generator so the sets differ.
    """
    import keras

    keras.utils.set_random_seed(seed)
    n_values = X.shape[2]
    model = keras.Sequential([
        keras.Input((None, n_values)),
        keras.layers.LSTM(64, return_sequences=True),
        keras.layers.Dense(n_values, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy")
    targets = np.swapaxes(Y, 0, 1).astype("float32")                   # (m, Tx, n_values)
    model.fit(X.astype("float32"), targets, epochs=epochs, verbose=0)
    rng = np.random.default_rng(seed)
    sets = []
    for _ in range(n_sets):
        x = np.zeros((1, Ty, n_values), dtype="float32")               # step 0: zero input
        indices = []
        for t in range(Ty):
            probs = np.asarray(model(x[:, :t + 1]))[0, t]             # (n_values,)
            probs = probs / probs.sum()
            idx = int(rng.choice(n_values, p=probs)) if t == 0 else int(np.argmax(probs))
            indices.append(idx)
            if t + 1 < Ty:
                x[0, t + 1, idx] = 1.0                                 # feed the choice back
        sets.append(np.array(indices).reshape(Ty, 1))
    return sets


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="output", help="folder for my_music.midi and rendered.wav")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from utils.music import generate_music, load_music_utils

    began = time.perf_counter()
    X, Y, n_values, indices_values, chords = load_music_utils()
    sets = quick_indices(X, Y, epochs=args.epochs, seed=args.seed)
    out = Path(args.out)
    result = generate_music(sets, indices_values, chords, out / "my_music.midi", seed=args.seed)
    wav = render(result.midi_path, out / "rendered.wav")
    print(f"wrote {result.midi_path} and {wav} ({midi_length(result.midi_path):.1f} s of music, "
          f"{n_values} grammar values) in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
