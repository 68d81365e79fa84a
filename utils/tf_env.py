"""Keep TensorFlow's start-up notices off stderr.

Importing Keras loads TensorFlow, which prints an absl warning and a oneDNN notice to stderr
unless two environment variables are set before that first import. In a notebook those lines
look like errors to a student, and nbgrader gives a test cell that writes to stderr no points.
Call `quiet_tensorflow()` before the first `import keras`; it leaves values already set alone.
"""
import os


def quiet_tensorflow() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")      # no C++ log lines
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")     # no oneDNN notice (and plain kernels)
