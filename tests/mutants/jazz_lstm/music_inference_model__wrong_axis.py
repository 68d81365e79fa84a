"""Takes the argmax over the batch axis (axis=0) instead of the last axis."""
import keras
from keras.layers import Input, RepeatVector
from keras.models import Model

EXPECT = "last axis"


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
        x = keras.ops.argmax(out, axis=0)
        x = keras.ops.one_hot(x, n_values)
        x = RepeatVector(1)(x)
    return Model(inputs=[x0, a0, c0], outputs=outputs)
