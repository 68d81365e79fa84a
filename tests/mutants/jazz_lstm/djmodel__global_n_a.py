"""Sizes the state inputs with the notebook's global n_a instead of LSTM_cell.units."""
from keras.layers import Input
from keras.models import Model

EXPECT = "lstm_cell.units"


def djmodel(Tx, LSTM_cell, densor, reshaper):
    n_values = densor.units
    X = Input(shape=(Tx, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outputs = []
    for t in range(Tx):
        x = reshaper(X[:, t, :])
        _, a, c = LSTM_cell(x, initial_state=[a, c])
        outputs.append(densor(a))
    return Model(inputs=[X, a0, c0], outputs=outputs)
