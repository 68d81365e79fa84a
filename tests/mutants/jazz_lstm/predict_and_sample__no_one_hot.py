"""Returns the raw softmax predictions as results instead of one-hot vectors."""
import numpy as np

EXPECT = "results must be one-hot"


def predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer):
    pred = inference_model.predict([x_initializer, a_initializer, c_initializer], verbose=0)
    indices = np.argmax(np.array(pred), axis=-1)
    results = np.array(pred)[:, 0, :]
    return results, indices
