"""Repeats the first step's argmax for every step instead of taking each step's own."""
import numpy as np
from keras.utils import to_categorical

EXPECT = "argmax over the last axis of the model's predictions"


def predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer):
    n_values = x_initializer.shape[-1]
    pred = inference_model.predict([x_initializer, a_initializer, c_initializer], verbose=0)
    first = int(np.argmax(pred[0]))
    indices = np.full((len(pred), 1), first)
    results = to_categorical(indices, num_classes=n_values)
    return results, indices
