#!/usr/bin/env python3
"""Multinomial sampling, checked by its statistics, as torch.multinomial exports it.

    multinomial.py --bin-dir BIN --work DIR

torch.multinomial(softmax(x), n, replacement=True) on a batch of rows (one with a class of
probability 0.0001, one whose logits are large enough to overflow exp) is exported at opset 17 and
compiled; with 20000 samples a row, each class's frequency must be within 0.015 of its probability
(about four standard deviations), a class of probability 0 is never drawn, and a seeded graph gives
the same samples on two runs. Exits non-zero on a failure.
"""
import argparse
import os
import sys
import warnings

import numpy as np
import onnx
import torch

from compiled_model import compile_and_run

SAMPLES = 20000


class Sampler(torch.nn.Module):
    def forward(self, logits):
        return torch.multinomial(torch.softmax(logits, dim=-1), SAMPLES, replacement=True)


def run(bin_dir, folder, logits, seed=None):
    """The samples the compiled model draws for `logits`."""
    model = os.path.join(folder, "model.onnx")
    if seed is not None:
        proto = onnx.load(model)
        for node in proto.graph.node:
            if node.op_type == "Multinomial":
                node.attribute.append(onnx.helper.make_attribute("seed", float(seed)))
        onnx.save(proto, model)
    return compile_and_run(bin_dir, folder, {"logits": logits})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    probabilities = np.array([[0.1, 0.2, 0.3, 0.4, 0.0], [0.7, 0.0001, 0.2, 0.0999, 0.0]], np.float32)
    with np.errstate(divide="ignore"):
        logits = np.log(probabilities)
    logits = np.concatenate([logits, [[1000.0, 1000.0, 999.0, -np.inf, -np.inf]]]).astype(np.float32)
    want = torch.softmax(torch.from_numpy(logits), dim=-1).numpy()

    failures = []
    for seed, name in ((None, "unseeded"), (5.0, "seeded")):
        folder = os.path.join(args.work, name)
        os.makedirs(folder, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(Sampler(), (torch.from_numpy(logits),), os.path.join(folder, "model.onnx"),
                              opset_version=17, input_names=["logits"], output_names=["samples"])
        samples = run(args.bin_dir, folder, logits, seed)
        if samples.shape != (len(logits), SAMPLES) or samples.min() < 0 or samples.max() >= logits.shape[1]:
            failures.append(f"{name}: samples of shape {samples.shape} in [{samples.min()}, {samples.max()}]")
            continue
        for row, (drawn, p) in enumerate(zip(samples, want)):
            frequency = np.bincount(drawn, minlength=len(p)) / SAMPLES
            if np.abs(frequency - p).max() > 0.015 or (frequency[p == 0] > 0).any():
                failures.append(f"{name} row {row}: frequencies {frequency.round(4)} for probabilities {p.round(4)}")
        if seed is not None and not np.array_equal(samples, run(args.bin_dir, folder, logits)):
            failures.append(f"{name}: two runs with seed {seed} drew different samples")
    for failure in failures:
        print("FAIL", failure)
    print(f"multinomial: 2 cases, {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
