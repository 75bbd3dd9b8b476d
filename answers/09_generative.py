"""Answer key for notebook 09 (generative models: VAE and GAN, Keras and PyTorch twins): one worked solution per exercise.

For teachers. Each entry of SOLUTIONS is what a student would hand in, written out with
the reasoning as comments. ``tests/test_answers.py`` checks that each passes its check:

    import runpy
    solutions = runpy.run_path("answers/09_generative.py")["SOLUTIONS"]
    cu.check("09-1", solutions["09-1"])
"""

import numpy as np


# 09-1: the reparameterization trick. The encoder gives log sigma^2, so sigma = exp(log sigma^2 / 2).
#   eps is N(0, 1); sigma * eps then has standard deviation sigma, and adding mu moves its centre to mu.
#   Written this way, z is a sum and a product of mu and sigma: dz/dmu = 1, dz/dsigma = eps, and the
#   gradient flows back into the encoder. (exp(log_var) would be the variance, not sigma: a common slip.)
def my_reparameterize(mu, log_var, eps):
    mu, log_var, eps = (np.asarray(a, dtype=float) for a in (mu, log_var, eps))
    sigma = np.exp(0.5 * log_var)
    return mu + sigma * eps


# 09-2: the KL divergence of N(mu, sigma^2) from N(0, 1), one number per picture (row):
#   each latent dimension contributes -1/2 (1 + log sigma^2 - mu^2 - sigma^2), and the dimensions add up
#   (axis=1). Check: mu = 0, log sigma^2 = 0 gives 1 + 0 - 0 - 1 = 0, no divergence.
def my_kl_divergence(mu, log_var):
    mu, log_var = np.asarray(mu, dtype=float), np.asarray(log_var, dtype=float)
    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)


# 09-3: the source's example fits random targets from random inputs: nothing in the input predicts them,
#   so on new data no model can beat guessing each target's average (0.5). Worse, its last layer is a
#   softmax, whose 10 outputs add up to 1 (about 0.1 each), while binary_crossentropy scores each output
#   as its own yes/no probability: even the constant guess 0.5 is out of reach; the notebook measured the
#   loss at the softmax's floor, about 1.20 per output, against ln 2 = 0.69 for sigmoid outputs. More
#   epochs or another optimizer change neither fact: (c).
choice_source = "c"

# 09-4: in the beta demo the larger beta (4) had the smallest KL term and the largest reconstruction
#   term: blurrier reconstructions (some test digits came back as another, average-looking digit),
#   but the decoded latent map was smooth everywhere: (b).
choice_beta = "b"

SOLUTIONS = {
    "09-1": my_reparameterize,
    "09-2": my_kl_divergence,
    "09-3": choice_source,
    "09-4": choice_beta,
}
