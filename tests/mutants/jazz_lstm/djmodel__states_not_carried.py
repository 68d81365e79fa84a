"""Restarts every step from a0, c0: the LSTM's new states are never passed on."""
from keras.layers import Input
from keras.models import Model

EXPECT = "states not carried"


def djmodel(Tx, LSTM_cell, densor, reshaper):
    n_values = densor.units
    n_a = LSTM_cell.units
    X = Input(shape=(Tx, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    outputs = []
    for t in range(Tx):
        x = reshaper(X[:, t, :])
        _, a, c = LSTM_cell(x, initial_state=[a0, c0])
        outputs.append(densor(a))
    return Model(inputs=[X, a0, c0], outputs=outputs)
