#!/usr/bin/env python3
"""Subgraphs of constants computed at compile time, checked against PyTorch and in the optimized IR.

    constant_subgraphs.py --bin-dir BIN --work DIR [--only NAME ...]

Models build tables in forward: sinusoidal positions (arange, exp, sin, cos, strided slice
assignment), causal masks (triu of -inf), statistics of a buffer (cumsum, topk, softmax), the
indices of a constant mask (nonzero, whose shape only its data gives). Exported with PyTorch's
own constant folding off, as `torch.onnx.export(..., do_constant_folding=False)` writes them, the
whole of each table reaches aicc. Each case is compiled twice: `--emit=optimized` must show none of
the case's table ops (they became constants), and the compiled model must match PyTorch at
atol = rtol = 1e-4. Exits non-zero on a failure.
"""
import math
import os
import subprocess
import sys
import warnings

import torch
from torch import nn

from check_case import check_case, write_test_data


class Positions(nn.Module):
    """x + the sinusoidal position table of "Attention is all you need", built in forward."""

    def forward(self, x):
        t, d = x.shape[1], x.shape[2]
        position = torch.arange(t, dtype=torch.float32).unsqueeze(1)
        rate = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
        table = torch.zeros(t, d)
        table[:, 0::2] = torch.sin(position * rate)
        table[:, 1::2] = torch.cos(position * rate)
        return x + table


class CausalScores(nn.Module):
    """Softmax of scores with a causal mask of -inf above the diagonal, built in forward."""

    def forward(self, x):
        t = x.shape[1]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return torch.softmax(x @ x.transpose(1, 2) / math.sqrt(x.shape[2]) + mask, dim=-1)


class BufferStatistics(nn.Module):
    """Ops of a constant buffer: a cumulative sum, the top values of each row, a softmax."""

    def __init__(self):
        super().__init__()
        self.register_buffer("table", torch.randn(4, 8))

    def forward(self, x):
        top = torch.topk(self.table, 3, dim=1).values.sum(dim=1)
        return x * torch.cumsum(self.table, dim=1) + top.unsqueeze(1) + torch.softmax(self.table, dim=0)


class MaskedColumns(nn.Module):
    """The columns a constant mask selects: nonzero's result is shaped by the mask's data."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mask", torch.tensor([1, 0, 1, 1, 0, 0, 1, 0]))

    def forward(self, x):
        return x[:, torch.nonzero(self.mask).squeeze(1)] * 2


# name: (module, input shape, the ops that must not remain)
CASES = {
    "positions": (Positions(), (2, 6, 8), ["Range", "Exp", "Sin", "Cos", "ScatterND", "Slice"]),
    "causal_scores": (CausalScores(), (2, 5, 4), ["Trilu", "ConstantOfShape", "Expand"]),
    "buffer_statistics": (BufferStatistics(), (4, 8), ["TopK", "CumSum", "ReduceSum"]),
    "masked_columns": (MaskedColumns(), (3, 8), ["NonZero", "Squeeze"]),
}


def export(name, folder):
    torch.manual_seed(sorted(CASES).index(name))
    module, shape, _ = CASES[name]
    model = module.eval()
    x = torch.randn(*shape)
    os.makedirs(folder, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), os.path.join(folder, "model.onnx"), opset_version=17, input_names=["x"],
                          output_names=["y"], do_constant_folding=False)
    with torch.no_grad():
        y = model(x)
    write_test_data(folder, {"x": x.numpy()}, {"y": y.numpy()})


def remaining_ops(bin_dir, folder, ops):
    """The ops of `ops` that the optimized IR of folder/model.onnx still has (None: no IR)."""
    result = subprocess.run([os.path.join(bin_dir, "aicc"), os.path.join(folder, "model.onnx"), "--emit=optimized",
                             "-o", "-"], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr)
        return None
    return [op for op in ops if f'"aicc.{op}"' in result.stdout]


def main():
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True, help="folder holding aicc and aicc-run")
    parser.add_argument("--work", required=True, help="folder for the cases (one sub-folder each)")
    parser.add_argument("--only", nargs="+", choices=sorted(CASES))
    args = parser.parse_args()

    failures = []
    for name in args.only or list(CASES):
        folder = os.path.join(args.work, name)
        export(name, folder)
        left = remaining_ops(args.bin_dir, folder, CASES[name][2])
        if left is None or left:
            print(f"FAIL {name}: not computed at compile time: {left}", flush=True)
            failures.append(name)
        elif not check_case(args.bin_dir, name, folder):
            failures.append(name)
    print(f"constant subgraphs: {len(args.only or CASES)} cases, {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
