"""Creates a new LSTM and Dense layer at every time step instead of sharing the given ones."""
from keras.layers import LSTM, Dense, Input
from keras.models import Model

EXPECT = "re-created inside the loop"


def djmodel(Tx, LSTM_cell, densor, reshaper):
    n_values = densor.units
    n_a = LSTM_cell.units
    X = Input(shape=(Tx, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outputs = []
    for t in range(Tx):
        x = reshaper(X[:, t, :])
        _, a, c = LSTM(n_a, return_state=True)(x, initial_state=[a, c])
        outputs.append(Dense(n_values, activation="softmax")(a))
    return Model(inputs=[X, a0, c0], outputs=outputs)
