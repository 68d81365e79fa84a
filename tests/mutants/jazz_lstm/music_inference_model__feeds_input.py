"""Feeds x0 at every step instead of the one-hot argmax of the previous prediction."""
from keras.layers import Input
from keras.models import Model

EXPECT = "feeding the input instead of the prediction"


def music_inference_model(LSTM_cell, densor, Ty=100):
    n_values = densor.units
    n_a = LSTM_cell.units
    x0 = Input(shape=(1, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outputs = []
    for t in range(Ty):
        _, a, c = LSTM_cell(x0, initial_state=[a, c])
        outputs.append(densor(a))
    return Model(inputs=[x0, a0, c0], outputs=outputs)
