#!/usr/bin/env python3
"""Exports aicc's seed models from PyTorch into ONNX's test-data layout.

    export_models.py --out DIR [--only NAME ...] [--force] [--list]

Each model is written at batch 1 and batch 8 as DIR/<name>_b<batch>/model.onnx with
test_data_set_0/input_0.pb (random, fixed seed) and output_0.pb (PyTorch's output in eval mode).
The expected outputs come from PyTorch, not from aicc, so they are an independent reference.

Weights are random with fixed seeds (there are no pretrained weights offline). Re-running is cheap:
a folder whose stamp matches this script's hash and the torch/onnx versions is left alone.
Run with a Python that has torch and onnx (Debian's /usr/bin/python3).
"""
import argparse
import hashlib
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

OPSET = 17
BATCHES = (1, 8)
STAMP = ".export-stamp"


def init_weights(module):
    """He-normal init keeps activations at unit scale through the ReLU stacks, so outputs vary
    with the input instead of collapsing onto the last bias (PyTorch's default init shrinks
    them), and a wrong kernel shows up as a wrong number. The output layer is not followed by a
    ReLU and gets LeCun init (half He's variance), which keeps Softmax/Sigmoid out of saturation:
    a probability of 1e-6 would hide any error under the 1e-4 tolerance."""
    layers = [m for m in module.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m in layers:
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu" if m is not layers[-1] else "linear")
        nn.init.uniform_(m.bias, -0.1, 0.1)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(),
                                 nn.Linear(10, 1), nn.Sigmoid())

    def forward(self, x):
        return self.net(x)


class MnistCnn(nn.Module):
    # 28 -conv3-> 26 -pool-> 13 -conv3-> 11 -pool-> 5 -conv3-> 3: 64*3*3 features.
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 3 * 3, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)


class Cnn224(nn.Module):
    # Four 3x3/pad-1 conv blocks halve 224 down to 14; a global average pool then keeps the
    # classifier (and so the weights file) small.
    def __init__(self):
        super().__init__()
        layers, channels = [], [3, 16, 32, 64, 64]
        for cin, cout in zip(channels, channels[1:]):
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 128), nn.ReLU(),
                                  nn.Linear(128, 1), nn.Sigmoid())

    def forward(self, x):
        return self.head(self.features(x))


VOCAB, SEQ, EMBED = 1000, 16, 32


class EmbeddingClassifier(nn.Module):
    """Token ids -> embedding -> mean over the sequence (or flattened) -> two Linear layers."""

    def __init__(self, pool):
        super().__init__()
        self.pool = pool
        self.embed = nn.Embedding(VOCAB, EMBED)
        features = EMBED if pool == "mean" else SEQ * EMBED
        self.head = nn.Sequential(nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, 4))

    def forward(self, ids):
        x = self.embed(ids)
        x = x.mean(dim=1) if self.pool == "mean" else torch.flatten(x, 1)
        return self.head(x)


def float_input(shape, rng):
    return rng.standard_normal(shape).astype(np.float32)


def image_input(shape, rng):
    """Smooth, image-like data: a brightness per image and channel, blocks of random intensity and
    a little noise. Unlike i.i.d. noise it survives average pooling, so the output depends on the
    input (and e.g. mixing up NCHW and NHWC changes it)."""
    b, c, h, w = shape
    cells = max(d for d in range(1, 9) if h % d == 0 and w % d == 0)
    coarse = rng.uniform(0, 1, (b, c, 1, 1)) + rng.uniform(-0.5, 0.5, (b, c, cells, cells))
    image = np.kron(coarse, np.ones((h // cells, w // cells))) + 0.05 * rng.standard_normal(shape)
    return image.astype(np.float32)


def token_input(shape, rng):
    return rng.integers(0, VOCAB, size=shape, dtype=np.int64)


# name -> (seed, constructor, input shape after the batch dimension, input maker)
MODELS = {
    "mlp": (1, Mlp, (10,), float_input),
    "mnist_cnn": (2, MnistCnn, (1, 28, 28), image_input),
    "cnn224": (3, Cnn224, (3, 224, 224), image_input),
    "embedding_classifier": (4, lambda: EmbeddingClassifier("mean"), (SEQ,), token_input),
    "embedding_flatten": (5, lambda: EmbeddingClassifier("flatten"), (SEQ,), token_input),
}


def stamp_text():
    """What a cached folder must have been produced by: this script, this torch, this onnx."""
    with open(__file__, "rb") as f:
        script = hashlib.sha256(f.read()).hexdigest()
    return f"script {script}\ntorch {torch.__version__}\nonnx {onnx.__version__}\nopset {OPSET}\n"


def export(name, batch, folder):
    seed, make, shape, make_input = MODELS[name]
    torch.manual_seed(seed)
    model = make()
    init_weights(model)
    model.eval()

    # Seed per (model, batch) so each folder's data is reproducible on its own.
    x = make_input((batch,) + shape, np.random.default_rng(1000 * seed + batch))
    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy()

    tmp = folder + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, "test_data_set_0"))
    path = os.path.join(tmp, "model.onnx")
    torch.onnx.export(model, (torch.from_numpy(x),), path, opset_version=OPSET, do_constant_folding=True,
                      input_names=["input"], output_names=["output"])
    onnx.checker.check_model(onnx.load(path), full_check=True)
    for kind, array in (("input", x), ("output", y)):
        tensor = numpy_helper.from_array(array, kind)
        with open(os.path.join(tmp, "test_data_set_0", f"{kind}_0.pb"), "wb") as f:
            f.write(tensor.SerializeToString())
    with open(os.path.join(tmp, STAMP), "w") as f:
        f.write(stamp_text())
    # Rename last, so an interrupted export never leaves a folder that looks complete.
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(tmp, folder)


def is_current(folder):
    try:
        with open(os.path.join(folder, STAMP)) as f:
            return f.read() == stamp_text()
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="folder to write <name>_b<batch>/ into")
    parser.add_argument("--only", nargs="+", choices=sorted(MODELS), help="export just these models")
    parser.add_argument("--force", action="store_true", help="re-export even if the stamp matches")
    parser.add_argument("--list", action="store_true", help="print the folder names and exit")
    args = parser.parse_args()

    folders = [(name, batch, f"{name}_b{batch}") for name in (args.only or MODELS) for batch in BATCHES]
    if args.list:
        print("\n".join(f for _, _, f in folders))
        return 0
    if not args.out:
        parser.error("--out is required")

    torch.set_num_threads(1)  # deterministic reductions for the recorded outputs
    for name, batch, sub in folders:
        folder = os.path.join(args.out, sub)
        if not args.force and is_current(folder):
            continue
        print(f"exporting {sub}", flush=True)
        export(name, batch, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
