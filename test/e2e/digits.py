"""scikit-learn's handwritten digits as the e2e accuracy tests use them: shuffled with a fixed seed,
the first TRAIN for training, the rest held out; and the CNN, training loop and export they share."""
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

TRAIN = 1000


def shuffled_digits(script):
    """The 1797 images [N, 8, 8] in [0, 1] and their labels, in a fixed shuffled order. `script`
    names the caller in the error when scikit-learn is missing."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        sys.exit(f"{script}: python3-sklearn is missing (scripts/install-deps.sh installs it)")
    data = load_digits()
    order = np.random.default_rng(0).permutation(len(data.images))
    return (data.images / 16.0).astype(np.float32)[order], data.target.astype(np.int64)[order]


def cnn():
    """The small CNN the int8 accuracy tests train: two convolutions with BatchNorm and ReLU, one
    Linear."""
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                         nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
                         nn.Flatten(), nn.Linear(32 * 4 * 4, 10))


def train(net, x, y, epochs, lr, batch):
    """Adam on the cross entropy, `epochs` passes over (x, y) in batches of `batch`, a fixed order."""
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(0)
    net.train()
    for _ in range(epochs):
        for indices in torch.randperm(len(x), generator=generator).split(batch):
            optimizer.zero_grad()
            nn.functional.cross_entropy(net(x[indices]), y[indices]).backward()
            optimizer.step()
    return net.eval()


def export_classifier(net, sample, folder, opset=13):
    """`net` written to folder/model.onnx (folder created) as x -> logits with a symbolic batch, traced
    on `sample` (numpy, batch 1); returns the model's path."""
    os.makedirs(folder, exist_ok=True)
    model = os.path.join(folder, "model.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(net, torch.from_numpy(sample), model, opset_version=opset, input_names=["x"],
                          output_names=["logits"], dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}})
    return model
