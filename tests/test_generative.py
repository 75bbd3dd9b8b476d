"""cu.generative (notebook 09): the Gaussian, the VAE's terms against the frameworks, the ring, the demos, the checks."""

from __future__ import annotations

import math

import course_utils as cu
import course_utils.generative as generative
import numpy as np
import pytest
from matplotlib.figure import Figure

BLIT_TOLERANCE = 0.007


# --------------------------------------------------------------------------- 1. the Gaussian


def test_fit_gaussian_is_the_maximum_likelihood_fit():
    data = np.random.default_rng(0).normal(0.0, 1.0, 1000)  # the source's 1,000 samples
    mu, sigma = generative.fit_gaussian(data)
    assert mu == pytest.approx(np.mean(data)) and sigma == pytest.approx(np.std(data))
    best = generative.gaussian_log_likelihood(data, mu, sigma)
    for dm, ds in ((0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)):
        assert generative.gaussian_log_likelihood(data, mu + dm, sigma + ds) < best
    with pytest.raises(ValueError, match="equal"):
        generative.fit_gaussian([2.0, 2.0, 2.0])


def test_gaussian_log_likelihood_of_one_point():
    # log N(0 | 0, 1) = -0.5 log(2 pi)
    assert generative.gaussian_log_likelihood([0.0], 0.0, 1.0) == pytest.approx(-0.5 * math.log(2 * math.pi))
    assert generative.gaussian_log_likelihood([1.0], 0.0, 2.0) == pytest.approx(
        -0.5 * math.log(2 * math.pi * 4) - 1 / 8)


# --------------------------------------------------------------------------- 2. the VAE's pieces


def test_reparameterize_and_kl_by_hand():
    z = generative.reparameterize([[1.0, 0.0]], [[math.log(4.0), 0.0]], [[0.5, -1.0]])
    assert np.allclose(z, [[2.0, -1.0]])
    assert np.allclose(generative.kl_divergence(np.zeros((3, 4)), np.zeros((3, 4))), 0)
    # one dimension with mu = 1, sigma = 1: KL = mu^2 / 2
    assert np.allclose(generative.kl_divergence([[1.0]], [[0.0]]), [0.5])
    # sigma^2 = e: -0.5 (1 + 1 - e)
    assert np.allclose(generative.kl_divergence([[0.0]], [[1.0]]), [-0.5 * (2 - math.e)])
    with pytest.raises(ValueError, match="same shape|match"):
        generative.kl_divergence(np.zeros((2, 3)), np.zeros((2, 2)))


def test_kl_agrees_with_sampling():
    """The closed form equals a Monte Carlo estimate of E[log q(z) - log p(z)]."""
    rng = np.random.default_rng(0)
    mu, log_var = np.array([[0.7, -0.3]]), np.array([[-0.5, 0.4]])
    sigma = np.exp(0.5 * log_var)
    z = mu + sigma * rng.normal(size=(200_000, 2))
    log_q = -0.5 * (np.log(2 * np.pi) + log_var + (z - mu) ** 2 / sigma**2)
    log_p = -0.5 * (np.log(2 * np.pi) + z**2)
    assert generative.kl_divergence(mu, log_var)[0] == pytest.approx((log_q - log_p).sum(axis=1).mean(), abs=0.01)


def test_reconstruction_loss_equals_keras_and_torch():
    rng = np.random.default_rng(1)
    X, X_hat = rng.random((4, 784)), rng.uniform(0.01, 0.99, (4, 784))
    ours = generative.reconstruction_loss(X, X_hat)
    by_hand = -np.sum(X * np.log(X_hat) + (1 - X) * np.log(1 - X_hat), axis=1)
    assert np.allclose(ours, by_hand)
    keras = pytest.importorskip("keras")
    keras_sum = 784 * keras.ops.convert_to_numpy(keras.losses.binary_crossentropy(X, X_hat))
    assert np.allclose(ours, keras_sum, rtol=1e-4)
    torch = pytest.importorskip("torch")
    torch_sum = torch.nn.functional.binary_cross_entropy(torch.tensor(X_hat), torch.tensor(X), reduction="none").sum(1)
    assert np.allclose(ours, torch_sum.numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match="probabilities"):
        generative.reconstruction_loss(X, X_hat + 1)


def test_decode_equals_keras_and_torch_layouts():
    rng = np.random.default_rng(2)
    W1, b1, W2, b2 = rng.normal(size=(2, 8)), rng.normal(size=8), rng.normal(size=(8, 9)), rng.normal(size=9)
    Z = rng.normal(size=(5, 2))
    expected = 1 / (1 + np.exp(-(np.maximum(Z @ W1 + b1, 0) @ W2 + b2)))
    assert np.allclose(generative.decode([(W1, b1), (W2, b2)], Z), expected)
    torch = pytest.importorskip("torch")
    layers = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 9), torch.nn.Sigmoid())
    weights = [(m.weight.detach().T.numpy(), m.bias.detach().numpy()) for m in layers if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        assert np.allclose(generative.decode(weights, Z), layers(torch.tensor(Z, dtype=torch.float32)).numpy(), atol=1e-5)
    untransposed = [(m.weight.detach().numpy(), m.bias.detach().numpy()) for m in layers if isinstance(m, torch.nn.Linear)]
    with pytest.raises(ValueError):
        generative.decode(untransposed, Z)


def test_latent_grid_rows_go_down_in_z2():
    grid = generative.latent_grid(3, 1.0)
    assert grid.shape == (9, 2)
    assert grid[0].tolist() == [-1.0, 1.0] and grid[-1].tolist() == [1.0, -1.0]


def test_knn_accuracy():
    codes = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    labels = np.array([0, 0, 1, 1])
    assert generative.knn_accuracy(codes, labels, codes + 0.01, labels, k=1) == 1.0
    assert generative.knn_accuracy(codes, labels, [[5.0, 5.05]], [0], k=2) == 0.0
    big = np.random.default_rng(0).normal(size=(1200, 2))
    assert 0.0 <= generative.knn_accuracy(big, np.arange(1200) % 3, big, np.arange(1200) % 3, k=1) == 1.0


def test_digit_mosaic_shapes_and_gaps():
    images = np.ones((5, 3, 4))
    mosaic = generative.digit_mosaic(images, 2)
    assert mosaic.shape == (3 * 4 - 1, 2 * 5 - 1)
    assert np.isnan(mosaic[3, 0]) and mosaic[0, 0] == 1
    assert generative.digit_mosaic(np.ones((2, 16)), 2, gap=0).shape == (4, 8)


# --------------------------------------------------------------------------- 3. the ring


def test_ring_and_coverage():
    centres = generative.ring_centres(8, 2.0)
    assert np.allclose(np.linalg.norm(centres, axis=1), 2.0) and np.allclose(centres[0], [2, 0])
    real = generative.make_ring(4000, std=0.1, seed=0)
    assert real.dtype == np.float32
    coverage = generative.mode_coverage(real, std=0.1)
    assert coverage.modes_covered == 8 and coverage.quality > 0.98 and coverage.counts.sum() <= 4000
    one_mode = np.repeat(centres[:1], 500, axis=0) + 0.01
    collapsed = generative.mode_coverage(one_mode, std=0.1)
    assert collapsed.modes_covered == 1 and collapsed.quality == 1.0
    assert generative.mode_coverage(np.zeros((100, 2)), std=0.1).quality == 0.0  # the centre is no mode


def test_judge_digits():
    probabilities = np.array([[0.95, 0.05] + [0] * 8, [0.5, 0.5] + [0] * 8, [0] * 9 + [1.0]])
    verdict = generative.judge_digits(probabilities)
    assert verdict.confident_share == pytest.approx(2 / 3)
    assert verdict.classes_seen == [0, 9] and verdict.counts.sum() == 2
    assert verdict.as_asked_share is None
    asked = generative.judge_digits(probabilities, asked=[0, 0, 3])  # the last one is sure, but of a 9
    assert asked.as_asked_share == pytest.approx(1 / 3) and asked.confident_share == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="sum to 1"):
        generative.judge_digits(np.full((2, 10), 0.5))
    with pytest.raises(ValueError, match="asked"):
        generative.judge_digits(probabilities, asked=[0, 1])
    with pytest.raises((TypeError, ValueError), match="asked"):
        generative.judge_digits(probabilities, asked=[0, 1, 12])


def test_spread_by_class():
    rng = np.random.default_rng(0)
    labels = np.arange(60) % 3
    same = np.repeat(rng.random((1, 784)), 60, axis=0)  # one picture drawn 60 times: no spread
    assert np.allclose(generative.spread_by_class(same, labels), 0, atol=1e-6)
    varied = rng.random((60, 28, 28))
    spread = generative.spread_by_class(varied, labels)
    pairs = [np.linalg.norm(a - b) for i, a in enumerate(varied[labels == 1].reshape(20, -1))
             for b in varied[labels == 1].reshape(20, -1)[i + 1:]]
    assert spread.shape == (3,) and spread[1] == pytest.approx(np.mean(pairs))
    assert np.isnan(generative.spread_by_class(varied[:4], [0, 0, 0, 2])[1:]).all()  # class 1 absent, 2 alone
    with pytest.raises(ValueError, match="labels"):
        generative.spread_by_class(varied, labels[:10])
    with pytest.raises(ValueError, match="per_class"):
        generative.spread_by_class(varied, labels, per_class=1)


# --------------------------------------------------------------------------- plots


def test_every_plot_returns_a_figure():
    rng = np.random.default_rng(0)
    codes, labels = rng.normal(size=(50, 2)), np.arange(50) % 10
    figures = [
        generative.plot_gaussian_fit(),
        generative.plot_gaussian_fit(rng.normal(size=100), 1.0, 0.5),
        generative.plot_loss_terms({"reconstruction": [3, 2], "kl": [1, 2], "val_reconstruction": [4, 3, 2],
                                    "val_kl": [0.5, 1, 2]}),
        generative.plot_latent_spaces({"autoencoder": codes, "VAE": codes}, labels),
        generative.plot_latent_spaces({"VAE": codes}, labels),
        generative.plot_digits(rng.random((10, 784)), ncols=5, title="ten"),
        generative.plot_ring(generative.make_ring(300)),
    ]
    assert all(isinstance(f, Figure) for f in figures)
    with pytest.raises(ValueError, match="kl"):
        generative.plot_loss_terms({"reconstruction": [1.0]})


# --------------------------------------------------------------------------- demos


def _decoder(latent_dim=2, pixels=784, seed=0):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(latent_dim, 32)), rng.normal(size=32)), (rng.normal(size=(32, pixels)) * 0.3, np.zeros(pixels))]


def _check_frames(demo, changes):
    frames = []
    for name, value in changes:
        cu.widgets.drive(demo, **{name: value})
        frames.append(bytes(demo.live_figure.image.value))
        assert cu.widgets.blit_mismatch(demo.live_figure) <= BLIT_TOLERANCE, (name, value)
    return frames


@pytest.mark.usefixtures("style")
def test_gaussian_demo_reads_the_log_likelihood():
    demo = generative.demo_gaussian()
    _check_frames(demo, [("mu", 0.0), ("sigma", 1.0), ("mu", -2.0), ("sigma", 0.3)])
    cu.widgets.drive(demo, mu=0.0, sigma=1.0)
    assert "mean log-likelihood" in demo.readout.value


@pytest.mark.usefixtures("style")
def test_latent_explorer_decodes_every_move():
    rng = np.random.default_rng(0)
    demo = generative.demo_latent_explorer(_decoder(), rng.normal(size=(100, 2)), np.arange(100) % 10)
    frames = _check_frames(demo, [("z1", 1.0), ("z2", -1.5), ("z1", -2.0), ("z2", 2.5)])
    assert len(set(frames)) == len(frames)
    with pytest.raises(ValueError, match="2-D"):
        generative.demo_latent_explorer(_decoder(3), rng.normal(size=(5, 2)), np.arange(5))


@pytest.mark.usefixtures("style")
def test_interpolation_demo_ends_on_the_two_codes():
    rng = np.random.default_rng(1)
    decoder, codes = _decoder(), rng.normal(size=(6, 2))
    demo = generative.demo_interpolation(decoder, codes, rng.random((6, 28, 28)), first=0, second=1)
    _check_frames(demo, [("t", 0.0), ("t", 1.0), ("first", 3), ("second", 5), ("t", 0.35)])
    assert demo.values["first"] == 3


@pytest.mark.usefixtures("style")
def test_beta_demo_switches_settings():
    rng = np.random.default_rng(2)
    results = {f"β = {b}": dict(reconstructions=rng.random((4, 28, 28)), map=rng.random((9, 784)),
                                reconstruction=100.0 + b, kl=10.0 / (b + 1)) for b in (0.1, 1, 4)}
    demo = generative.demo_beta(rng.random((4, 28, 28)), results)
    frames = _check_frames(demo, [("setting", "β = 1"), ("setting", "β = 4"), ("setting", "β = 0.1")])
    assert len(set(frames)) == 3 and "104" in demo.readout.value or "100.1" in demo.readout.value
    with pytest.raises(ValueError, match="lacks"):
        generative.demo_beta(rng.random((4, 28, 28)), {"β = 1": {"map": rng.random((9, 784))}})


@pytest.mark.usefixtures("style")
def test_gan_ring_demo_over_steps_and_runs():
    rng = np.random.default_rng(3)
    runs = {name: dict(steps=[50, 100, 150], samples=rng.normal(size=(3, 200, 2)), surface=rng.random((3, 20, 20)),
                       d_loss=rng.random(150), g_loss=rng.random(150)) for name in ("balanced", "collapsed")}
    demo = generative.demo_gan_ring(runs)
    frames = _check_frames(demo, [("snapshot", 0), ("run", "collapsed"), ("snapshot", 1), ("run", "balanced"),
                                  ("snapshot", 2)])
    assert len(set(frames)) == len(frames)
    assert "modes covered" in demo.readout.value
    with pytest.raises(ValueError, match="snapshots"):
        generative.demo_gan_ring({"bad": {**runs["balanced"], "surface": rng.random((2, 20, 20))}})


@pytest.mark.usefixtures("style")
def test_gan_digits_demo():
    stack = np.random.default_rng(4).random((4, 8, 28, 28))
    demo = generative.demo_gan_digits(stack, [1, 5, 10, 20])
    _check_frames(demo, [("snapshot", 0), ("snapshot", 2), ("snapshot", 3)])
    assert "20" in demo.readout.value
    single = generative.demo_gan_digits(stack[:1])
    assert single.controls["snapshot"].disabled


# --------------------------------------------------------------------------- exercises


def test_exercise_09_1_reparameterize():
    assert cu.check("09-1", lambda mu, log_var, eps: mu + np.exp(0.5 * log_var) * eps, show=False)
    assert not cu.check("09-1", lambda mu, log_var, eps: mu + np.exp(log_var) * eps, show=False)
    assert not cu.check("09-1", lambda mu, log_var, eps: mu + log_var * eps, show=False)
    assert not cu.check("09-1", 3, show=False)
    assert "cu.hint" in cu.check("09-1", lambda mu, log_var, eps: mu, show=False).message


def test_exercise_09_2_kl():
    assert cu.check("09-2", generative.kl_divergence, show=False)
    assert cu.check("09-2", lambda mu, lv: -0.5 * np.sum(1 + lv - mu**2 - np.exp(lv), axis=1), show=False)
    assert not cu.check("09-2", lambda mu, lv: -0.5 * np.sum(1 + lv - mu**2 - np.exp(lv)), show=False)
    assert not cu.check("09-2", lambda mu, lv: 0.5 * np.sum(1 + lv - mu**2 - np.exp(lv), axis=1), show=False)
    assert not cu.check("09-2", "KL", show=False)


def test_exercises_09_3_and_09_4():
    assert cu.check("09-3", "c", show=False) and cu.check("09-3", " C ", show=False)
    assert not cu.check("09-3", "a", show=False) and not cu.check("09-3", 3, show=False)
    assert cu.check("09-4", "b", show=False)
    assert not cu.check("09-4", "a", show=False) and not cu.check("09-4", None, show=False)


def test_every_exercise_has_three_stepped_hints():
    for key in ("09-1", "09-2", "09-3", "09-4"):
        assert len(cu.checks.hints(key)) == 3
