"""Valid calls for cu.generative (notebook 09)."""

import numpy as np

from input_examples import call

_rng = np.random.default_rng(0)
_DATA = _rng.normal(size=200)
_MU, _LOG_VAR, _EPS = _rng.normal(size=(3, 2)), _rng.normal(size=(3, 2)) * 0.3, _rng.normal(size=(3, 2))
_X = _rng.random((3, 16))
_DECODER = [(_rng.normal(size=(2, 5)), np.zeros(5)), (_rng.normal(size=(5, 16)), np.zeros(16))]
_CODES = _rng.normal(size=(12, 2))
_LABELS = np.arange(12) % 10
_IMAGES = _rng.random((12, 4, 4))
_RING = _rng.normal(size=(50, 2))
_PROBABILITIES = np.full((4, 10), 0.1)
_RESULTS = {name: dict(reconstructions=_rng.random((3, 4, 4)), map=_rng.random((4, 16)), reconstruction=100.0,
                       kl=5.0) for name in ("β = 1", "β = 4")}
_RUNS = {name: dict(steps=[10, 20], samples=_rng.normal(size=(2, 30, 2)), surface=_rng.random((2, 6, 6)),
                    d_loss=_rng.random(20), g_loss=_rng.random(20)) for name in ("balanced", "collapsed")}

CALLS = {
    "fit_gaussian": call(_DATA),
    "gaussian_log_likelihood": call(_DATA, 0.5, 1.5),
    "reparameterize": call(_MU, _LOG_VAR, _EPS),
    "kl_divergence": call(_MU, _LOG_VAR),
    "reconstruction_loss": call(_X, _X * 0.5 + 0.25),
    "decode": call(_DECODER, _CODES),
    "latent_grid": call(size=4, limit=2.0),
    "knn_accuracy": call(_CODES, _LABELS, _CODES[:5], _LABELS[:5], k=3),
    "digit_mosaic": call(_IMAGES, 4, gap=1),
    "make_ring": call(40, num_modes=8, radius=2.0, std=0.1, seed=1),
    "ring_centres": call(8, 2.0),
    "mode_coverage": call(_RING, num_modes=8, radius=2.0, std=0.1, min_share=0.1),
    "judge_digits": call(_PROBABILITIES, threshold=0.05, asked=_PROBABILITIES.argmax(axis=1)),
    "spread_by_class": call(_IMAGES, _LABELS, per_class=3),
    "plot_gaussian_fit": call(_DATA, 0.0, 1.0),
    "plot_loss_terms": call({"reconstruction": [3.0, 2.0], "kl": [1.0, 1.5], "val_kl": [2.0, 1.0, 1.2]}),
    "plot_latent_spaces": call({"autoencoder": _CODES, "VAE": _CODES * 0.5}, _LABELS),
    "plot_digits": call(_IMAGES, ncols=6, title="digits"),
    "plot_ring": call(_RING, real=_RING[:20], num_modes=8, radius=2.0, std=0.1, title="a ring"),
    "demo_gaussian": call(_DATA),
    "demo_latent_explorer": call(_DECODER, _CODES, _LABELS, limit=2.0),
    "demo_interpolation": call(_DECODER, _CODES, _IMAGES, first=1, second=2),
    "demo_beta": call(_IMAGES[:3], _RESULTS),
    "demo_gan_ring": call(_RUNS, num_modes=8, radius=2.0, std=0.1, limit=3.0),
    "demo_gan_digits": call(_rng.random((3, 6, 4, 4)), [1, 2, 3], ncols=3),
}
SKIP = {
    "RingCoverage": "a result type (NamedTuple) that mode_coverage builds",
    "DigitVerdict": "a result type (NamedTuple) that judge_digits builds",
}
