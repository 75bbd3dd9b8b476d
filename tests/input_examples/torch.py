"""Valid calls for cu.torch (only when PyTorch is installed: the ipywidgets 7.7 run has no frameworks)."""

import atexit
import shutil
import tempfile
from pathlib import Path

import numpy as np

from input_examples import call

try:
    import torch
except ImportError:  # no PyTorch here: tests/test_bad_input.py skips cu.torch
    torch = None

CALLS = {}
if torch is not None:
    import course_utils as cu
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    def _model():
        torch.manual_seed(0)
        return nn.Sequential(nn.Linear(784, 4), nn.ReLU(), nn.Linear(4, 10))

    _rng = np.random.default_rng(0)
    X = _rng.random((6, 784)).astype(np.float32)
    Y = _rng.integers(0, 10, 6)
    LOADER = DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(Y.astype(np.int64))), batch_size=3)
    FOLDER = Path(tempfile.mkdtemp(prefix="course-torch-examples-"))
    atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
    SAVED = FOLDER / "saved.pt"
    torch.save(_model().state_dict(), SAVED)

    def _optimizer(model):
        return torch.optim.SGD(model.parameters(), 0.1)

    _MODEL = _model()

    CALLS = {
        "RandomShift": call(max_shift=2, image_shape=(28, 28)),
        "train_epoch": call(_MODEL, LOADER, nn.CrossEntropyLoss(), _optimizer(_MODEL), view=None),
        "evaluate": call(_MODEL, (X, Y), nn.CrossEntropyLoss(), batch_size=3),
        "fit": call(_MODEL, LOADER, nn.CrossEntropyLoss(), _optimizer(_MODEL), 1, validation_data=(X, Y),
                    view=cu.training.TrainingView(live=False), progress=False),
        "count_parameters": call(_model()),
        "predict_proba": call(_model(), X, batch_size=4, logits=True),
        "gradient_sizes": call(_model(), X, Y, nn.CrossEntropyLoss()),
        "save_model": call(_model(), FOLDER / "model.pt"),
        "load_model": call(SAVED, _model()),
    }
