"""Slider demos of notebook 09 (both twins call the same demos, with arrays).

The demos that take a trained model's arrays are built here on random ones of the notebook's
shapes: a decoder of 2 -> 256 -> 784 (random weights), 1,000 test codes, ten reconstructions and a
15 x 15 decoded map per beta, 12 snapshots of 1,000 ring points and a 40 x 40 surface per GAN run
(3,000 steps), 20 epochs of 32 generated digits (the conditional GAN of section 9).
"""

_NP = "__import__('numpy')"
_RNG = f"{_NP}.random.default_rng(0)"
_DECODER = f"[({_RNG}.normal(size=(2, 256)), {_NP}.zeros(256)), ({_RNG}.normal(size=(256, 784)) * 0.1, {_NP}.zeros(784))]"
_CODES = f"{_RNG}.normal(size=(1000, 2))"
_LABELS = f"{_NP}.arange(1000) % 10"
_IMAGES = f"{_RNG}.random((100, 28, 28))"
_BETA = (f"{{f'β = {{b:g}}': dict(reconstructions={_NP}.random.default_rng(int(10 * b)).random((10, 28, 28)), "
         f"map={_NP}.random.default_rng(int(10 * b) + 1).random((225, 784)), "
         f"reconstruction=150.0 + 10 * b, kl=10.0 / (1 + b)) for b in (0.1, 1.0, 4.0)}}")
_RUNS = (f"{{name: dict(steps={_NP}.arange(1, 13) * 250, samples={_RNG}.normal(size=(12, 1000, 2)), "
         f"surface={_RNG}.random((12, 40, 40)), d_loss={_RNG}.random(3000), g_loss={_RNG}.random(3000)) "
         f"for name in ('balanced game', '5 generator steps per D step')}}")

DEMOS = [
    {
        "name": "09 Gaussian fit (mu, sigma)",
        "build": "cu.generative.demo_gaussian()",
        "changes": [("mu", 0.5), ("sigma", 1.5), ("mu", -0.5), ("sigma", 0.8), ("mu", 0.0), ("sigma", 1.0)],
        "expect": "image",
    },
    {
        "name": "09 latent explorer (z1, z2)",
        "build": f"cu.generative.demo_latent_explorer({_DECODER}, {_CODES}, {_LABELS})",
        "changes": [("z1", 0.5), ("z2", 1.0), ("z1", -1.5), ("z2", -0.5), ("z1", 2.0), ("z2", 0.0)],
        "expect": "image",
    },
    {
        "name": "09 interpolation (first, second, t)",
        "build": f"cu.generative.demo_interpolation({_DECODER}, {_CODES}[:100], {_IMAGES}, first=3, second=2)",
        "changes": [("t", 0.1), ("t", 0.3), ("t", 0.75), ("first", 10), ("second", 20), ("t", 0.95), ("first", 3),
                    ("second", 2)],
        "expect": "image",
    },
    {
        "name": "09 beta chooser (setting)",
        "build": f"cu.generative.demo_beta({_IMAGES}[:10], {_BETA})",
        "changes": [("setting", "β = 1"), ("setting", "β = 4"), ("setting", "β = 0.1")],
        "expect": "image",
    },
    {
        "name": "09 GAN on the ring (snapshot, run)",
        "build": f"cu.generative.demo_gan_ring({_RUNS})",
        "changes": [("snapshot", 3), ("snapshot", 7), ("run", "5 generator steps per D step"), ("snapshot", 2),
                    ("snapshot", 9), ("run", "balanced game")],
        "expect": "image",
    },
    {
        "name": "09 GAN digits over epochs (snapshot)",
        "build": f"cu.generative.demo_gan_digits({_RNG}.random((20, 32, 28, 28)))",
        "changes": [("snapshot", 0), ("snapshot", 5), ("snapshot", 12), ("snapshot", 19)],
        "expect": "image",
    },
]
