"""Valid calls for cu.data (the network stays off: tests see an offline machine)."""

import course_utils as cu
import numpy as np

from input_examples import call

X = np.arange(40.0).reshape(20, 2)
y = np.arange(20) % 2

CALLS = {
    "train_val_test_split": call(X, y, val_fraction=0.2, test_fraction=0.2, seed=0),
    "sha256_of": call(__file__),
    "cache_status": call("mnist"),
    "load_mnist": call(source="offline", allow_download=False, timeout=1.0, quiet=True),
    "load_imdb": call(num_words=100, maxlen=50, source="generated", allow_download=False, timeout=1.0,
                      seed=0, quiet=True),
    "imdb_decode": call([1, 5, 6], {"good": 2, "film": 3}, index_from=3, _empty={"arg0"}),
    "load_fashion_mnist": call(source="debian", allow_download=False, timeout=1.0, quiet=True, _valid=False),
    "load_offline_reviews": call(name="vader", num_words=100, maxlen=20, seed=0, test_fraction=0.2, quiet=True,
                                 _valid=False),
    "fetch_reviews": call("vader", force=False, timeout=1.0, quiet=True, _valid=False),
    "review_texts": call(cu.data.load_imdb(source="generated", num_words=50, quiet=True)),
    "make_synthetic_reviews": call(20, seed=0, min_length=5, max_length=10),
    "make_playground_data": call("xor", 20, 0.1, seed=0),
    "student_scores": call(),
}
SKIP = {
    "Split": "a plain container (NamedTuple); the functions that make splits check their inputs",
    "is_online": "the tests replace it with an offline stand-in; test_data checks its input directly",
    "CacheChecksumError": "an exception class",
    "DataUnavailableError": "an exception class",
    "LoadedData": "a result type the loaders build",
    "keras_cache_dir": "takes no input",
    "course_data_dir": "takes no input",
    "data_sources": "takes no input",
}
