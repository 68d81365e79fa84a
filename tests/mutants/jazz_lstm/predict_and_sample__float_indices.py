"""Casts the indices to float before returning them."""
import numpy as np
from keras.utils import to_categorical

EXPECT = "integer dtype"


def predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer):
    n_values = x_initializer.shape[-1]
    pred = inference_model.predict([x_initializer, a_initializer, c_initializer], verbose=0)
    indices = np.argmax(np.array(pred), axis=-1).astype(float)
    results = to_categorical(indices, num_classes=n_values)
    return results, indices
