"""Valid calls for cu.keras (only when Keras is installed: the ipywidgets 7.7 run has no frameworks)."""

import atexit
import shutil
import tempfile
from pathlib import Path

import numpy as np

from input_examples import call

try:
    import keras
except ImportError:  # no Keras here: tests/test_bad_input.py skips cu.keras
    keras = None

CALLS = {}
if keras is not None:
    import course_utils as cu

    def _model():
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(4, activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        return model

    _rng = np.random.default_rng(0)
    X = _rng.random((6, 784)).astype(np.float32)
    Y = _rng.integers(0, 10, 6)
    FOLDER = Path(tempfile.mkdtemp(prefix="course-keras-examples-"))
    atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
    SAVED = FOLDER / "saved.keras"
    _model().save(SAVED)

    CALLS = {
        "TrainingCallback": call(cu.training.TrainingView(live=False)),
        "count_parameters": call(_model()),
        "predict_proba": call(_model(), X, batch_size=4, logits=False),
        "gradient_sizes": call(_model(), X, Y),
        "save_model": call(_model(), FOLDER / "model.keras"),
        "load_model": call(SAVED),
    }
