"""Helpers the course notebooks import: activations, RNN utilities, the character model,
the music pipeline, the visible checks and the path to the course data.

Each submodule imports only what it needs, so the numpy assignments never load TensorFlow
or music21.
"""
