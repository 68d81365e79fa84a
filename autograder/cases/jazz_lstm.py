"""Seeded cases of the jazz LSTM hidden checks (sizes and seeds never shown in the notebook).

Every case runs a probe that builds its own layers with seeded weights, so the checks need
neither the MIDI file nor training. Outputs are float32 softmaxes; rtol 1e-4 holds across
CPU kernels (oneDNN or not) and on a GPU.
"""
from __future__ import annotations

from autograder.expected import Case

PROBES = "autograder.probes.jazz_lstm"


def _kwargs(**kwargs):
    return lambda: ((), kwargs)


CASES = {
    "djmodel_23v_7t": Case("djmodel", _kwargs(n_values=23, n_a=5, Tx=7, m=2, seed=31),
                           probe=f"{PROBES}:djmodel_probe", rtol=1e-4, atol=1e-6),
    "djmodel_11v_4t": Case("djmodel", _kwargs(n_values=11, n_a=8, Tx=4, m=3, seed=57),
                           probe=f"{PROBES}:djmodel_probe", rtol=1e-4, atol=1e-6),
    "inference_23v_7t": Case("music_inference_model", _kwargs(n_values=23, n_a=5, Ty=7, m=2, seed=49),
                             probe=f"{PROBES}:music_inference_model_probe", rtol=1e-4, atol=1e-6),
    "inference_17v_12t": Case("music_inference_model", _kwargs(n_values=17, n_a=6, Ty=12, m=1, seed=71),
                              probe=f"{PROBES}:music_inference_model_probe", rtol=1e-4, atol=1e-6),
    "predict_and_sample_23v_7t": Case("predict_and_sample", _kwargs(n_values=23, n_a=5, Ty=7, seed=19),
                                      probe=f"{PROBES}:predict_and_sample_probe", rtol=1e-6, atol=1e-8),
}
