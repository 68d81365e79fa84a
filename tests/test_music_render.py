"""utils.music_render: the additive synthesiser, WAV files, piano rolls and `make music`."""
import os
import subprocess
import sys
import wave

import numpy as np
import pytest

from utils.music import generate_music, load_music_utils
from utils.music_render import (RELEASE, SAMPLE_RATE, NoteEvent, envelope, midi_length,
                                midi_notes, piano_roll, render, synthesize, write_wav)
from utils.paths import PROJECT_ROOT


def read_wav(path):
    with wave.open(str(path), "rb") as w:
        params = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return params, samples


def check_wav(path, midi_path):
    params, samples = read_wav(path)
    assert params == (1, 2, SAMPLE_RATE)
    duration = len(samples) / SAMPLE_RATE
    assert abs(duration - (midi_length(midi_path) + RELEASE)) < 2 / SAMPLE_RATE
    rms = np.sqrt(np.mean((samples / 32768.0) ** 2))
    assert rms > 0.02, f"rendered audio is (nearly) silent: rms {rms:.4f}"
    assert np.abs(samples).max() <= 32767


@pytest.fixture(scope="module")
def generated_midi(tmp_path_factory):
    X, Y, n_values, indices_values, chords = load_music_utils()
    rng = np.random.default_rng(5)
    sequences = [rng.integers(0, n_values, (50, 1)) for _ in range(5)]
    path = tmp_path_factory.mktemp("music") / "my_music.midi"
    return generate_music(sequences, indices_values, chords, path, seed=0, verbose=False).midi_path


def test_envelope_shape():
    env = envelope(SAMPLE_RATE // 2)
    assert len(env) == SAMPLE_RATE // 2 + int(RELEASE * SAMPLE_RATE)
    assert env[0] == 0 and env.max() <= 1 and env[-1] == 0
    assert np.isclose(env[SAMPLE_RATE // 4], 0.6)             # sustain level mid-note


def test_synthesize_puts_energy_where_notes_are():
    notes = [NoteEvent(0.0, 0.5, 69), NoteEvent(1.0, 1.5, 57)]
    out = synthesize(notes, 2.0)
    assert np.isclose(np.abs(out).max(), 0.9)
    assert np.abs(out[int(0.7 * SAMPLE_RATE):int(0.9 * SAMPLE_RATE)]).max() == 0   # gap is silent
    spectrum = np.abs(np.fft.rfft(out[:int(0.5 * SAMPLE_RATE)]))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / int(0.5 * SAMPLE_RATE)
    assert abs(peak_hz - 440) < 3                                                   # A4


def test_midi_notes_of_generated_music(generated_midi):
    notes = midi_notes(generated_midi)
    assert len(notes) > 50
    assert all(0 <= n.start < n.end and 0 <= n.pitch < 128 for n in notes)


def test_render_writes_a_valid_wav(generated_midi, tmp_path):
    wav = render(generated_midi, tmp_path / "rendered.wav")
    check_wav(wav, generated_midi)


def test_silence_is_written_as_silence(tmp_path):
    path = write_wav(tmp_path / "silent.wav", synthesize([], 1.0))
    _, samples = read_wav(path)
    assert not samples.any()


def test_piano_roll_draws_every_note(generated_midi):
    import matplotlib
    matplotlib.use("Agg")
    notes = midi_notes(generated_midi)
    ax = piano_roll(notes, title="generated")
    assert len(ax.collections) == len(notes)
    import matplotlib.pyplot as plt
    plt.close("all")


@pytest.mark.slow
@pytest.mark.xdist_group("jazz_lstm")
def test_make_music_command(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), TF_CPP_MIN_LOG_LEVEL="3", MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-m", "utils.music_render", "--out", str(tmp_path)],
                          capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    midi, wav = tmp_path / "my_music.midi", tmp_path / "rendered.wav"
    assert midi.is_file() and wav.is_file()
    check_wav(wav, midi)
