"""Feeds the 2-D slice X[:, t, :] to the LSTM without reshaping it to (1, n_values)."""
from keras.layers import Input
from keras.models import Model

EXPECT = "reshape each x_t"


def djmodel(Tx, LSTM_cell, densor, reshaper):
    n_values = densor.units
    n_a = LSTM_cell.units
    X = Input(shape=(Tx, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outputs = []
    for t in range(Tx):
        x = X[:, t, :]
        _, a, c = LSTM_cell(x, initial_state=[a, c])
        outputs.append(densor(a))
    return Model(inputs=[X, a0, c0], outputs=outputs)
