"""Feeds the softmax back directly: no argmax and no one-hot encoding of the prediction."""
import keras
from keras.layers import Input
from keras.models import Model

EXPECT = "its one-hot"


def music_inference_model(LSTM_cell, densor, Ty=100):
    n_values = densor.units
    n_a = LSTM_cell.units
    x0 = Input(shape=(1, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    x, a, c = x0, a0, c0
    outputs = []
    for t in range(Ty):
        _, a, c = LSTM_cell(x, initial_state=[a, c])
        out = densor(a)
        outputs.append(out)
        x = keras.ops.expand_dims(out, 1)
    return Model(inputs=[x0, a0, c0], outputs=outputs)
