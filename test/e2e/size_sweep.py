#!/usr/bin/env python3
"""Row reductions and an elementwise chain at every size of the reduced axis, against numpy.

    size_sweep.py --bin-dir BIN --work DIR [--sizes N,...] [--ops NAME,...] [--rows R|volume] [--write-only]

Each case is one ONNX graph over 8 rows of N elements, N on the reduced (last) axis: Softmax,
LogSoftmax, LayerNormalization, InstanceNormalization, GroupNorm as PyTorch exports it (Reshape,
InstanceNormalization, Reshape, Mul, Add), ReduceMean, ReduceSum, ArgMax and an elementwise chain. The
sizes are chosen to break tiling that needs a divisor: primes, one off a power of two, rows longer
than a vector tile or a thread tile. The expected outputs are numpy's, computed in float64 from
ONNX's operator definitions; aicc compiles each case and aicc-run checks it at atol = rtol = 1e-4
(today's e2e tolerance). --write-only writes the folders (ONNX test-data layout) without running
them, and prints each folder with its input's element count: bench/size_sweep.sh times the same folders against ONNX Runtime. --rows sets the number of
rows (GroupNorm: channels, two per group); `volume` takes as many as make VOLUME elements (at least
8), so that a benchmark times the work per element rather than the cost of a call. Exits non-zero
on a failure.
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from check_case import check_case, write_test_data

SIZES = [1, 7, 63, 64, 197, 4095, 4096, 4097, 8191, 16384]
ROWS = 8  # GroupNorm: 8 channels in 4 groups, each group 2 channels x N
VOLUME = 1 << 17


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def normalize(x, axes, epsilon):
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + epsilon)


def rows_for(rows, n):
    """The rows of a case with N = n: a number, or "volume"."""
    return max(ROWS, VOLUME // n) if rows == "volume" else int(rows)


def case(op, n, rows, rng):
    """(nodes, inputs {name: array}, initializers {name: array}, expected output) for one case of
    `rows` rows."""
    x = rng.standard_normal((rows, n)).astype(np.float32)
    if op in ("softmax", "logsoftmax"):
        # A NaN and a +inf in a row make the whole row NaN, however the row's max is taken.
        x[1, n // 2] = np.nan
        x[2, n - 1] = np.inf
    x64 = x.astype(np.float64)
    if op == "softmax":
        return [helper.make_node("Softmax", ["x"], ["y"], axis=-1)], {"x": x}, {}, softmax(x64)
    if op == "logsoftmax":
        m = x64.max(axis=-1, keepdims=True)
        expected = x64 - m - np.log(np.exp(x64 - m).sum(axis=-1, keepdims=True))
        return [helper.make_node("LogSoftmax", ["x"], ["y"], axis=-1)], {"x": x}, {}, expected
    if op == "layernorm":
        scale = rng.standard_normal(n).astype(np.float32)
        bias = rng.standard_normal(n).astype(np.float32)
        node = helper.make_node("LayerNormalization", ["x", "scale", "bias"], ["y"], axis=-1, epsilon=1e-5)
        expected = normalize(x64, (-1,), 1e-5) * scale + bias
        return [node], {"x": x}, {"scale": scale, "bias": bias}, expected
    if op == "instancenorm":
        x = x.reshape(1, rows, n)
        scale = rng.standard_normal(rows).astype(np.float32)
        bias = rng.standard_normal(rows).astype(np.float32)
        node = helper.make_node("InstanceNormalization", ["x", "scale", "bias"], ["y"], epsilon=1e-5)
        expected = normalize(x.astype(np.float64), (2,), 1e-5) * scale[:, None] + bias[:, None]
        return [node], {"x": x}, {"scale": scale, "bias": bias}, expected
    if op == "groupnorm":
        # torch.onnx.export of nn.GroupNorm (opset 17): the groups as instances of an
        # InstanceNormalization with unit scale, then the per-channel affine. Two channels a group.
        channels = max(rows // 2 * 2, 2)
        groups = channels // 2
        x = rng.standard_normal((1, channels, n)).astype(np.float32)
        weight = rng.standard_normal((channels, 1)).astype(np.float32)
        bias = rng.standard_normal((channels, 1)).astype(np.float32)
        nodes = [
            helper.make_node("Reshape", ["x", "grouped_shape"], ["grouped"]),
            helper.make_node("InstanceNormalization", ["grouped", "ones", "zeros"], ["normalized"], epsilon=1e-5),
            helper.make_node("Shape", ["x"], ["x_shape"]),
            helper.make_node("Reshape", ["normalized", "x_shape"], ["ungrouped"]),
            helper.make_node("Mul", ["ungrouped", "weight"], ["scaled"]),
            helper.make_node("Add", ["scaled", "bias"], ["y"]),
        ]
        initializers = {"grouped_shape": np.array([1, groups, -1], np.int64),
                        "ones": np.ones(groups, np.float32), "zeros": np.zeros(groups, np.float32),
                        "weight": weight, "bias": bias}
        grouped = normalize(x.astype(np.float64).reshape(1, groups, -1), (2,), 1e-5).reshape(x.shape)
        return nodes, {"x": x}, initializers, grouped * weight + bias
    if op == "reducemean":
        node = helper.make_node("ReduceMean", ["x"], ["y"], axes=[-1], keepdims=1)
        return [node], {"x": x}, {}, x64.mean(axis=-1, keepdims=True)
    if op == "reducesum":
        node = helper.make_node("ReduceSum", ["x", "axes"], ["y"], keepdims=1)
        return [node], {"x": x}, {"axes": np.array([-1], np.int64)}, x64.sum(axis=-1, keepdims=True)
    if op == "argmax":
        # Two reductions (the max, then the first index holding it): the index one reads its position.
        node = helper.make_node("ArgMax", ["x"], ["y"], axis=-1, keepdims=1)
        return [node], {"x": x}, {}, x.argmax(axis=-1)[:, None].astype(np.int64)
    if op == "elementwise":
        # sigmoid(x * a + b) * x: Mul, Add, Sigmoid, Mul fused into one loop nest.
        nodes = [helper.make_node("Mul", ["x", "a"], ["ax"]), helper.make_node("Add", ["ax", "b"], ["axb"]),
                 helper.make_node("Sigmoid", ["axb"], ["s"]), helper.make_node("Mul", ["s", "x"], ["y"])]
        a, b = np.float32(1.5), np.float32(-0.25)
        expected = x64 / (1 + np.exp(-(x64 * a + b)))
        return nodes, {"x": x}, {"a": np.array(a), "b": np.array(b)}, expected
    raise ValueError(op)


OPS = ["softmax", "logsoftmax", "layernorm", "instancenorm", "groupnorm", "reducemean", "reducesum", "argmax",
       "elementwise"]


def write(op, n, rows, folder):
    rng = np.random.default_rng(1000 + n)
    with np.errstate(invalid="ignore"):  # inf - inf in the rows made NaN on purpose
        nodes, inputs, initializers, expected = case(op, n, rows, rng)
    if expected.dtype == np.float64:
        expected = expected.astype(np.float32)
    graph = helper.make_graph(
        nodes, f"{op}_{n}",
        [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) for k, v in inputs.items()],
        [helper.make_tensor_value_info("y", onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[expected.dtype], expected.shape)],
        [numpy_helper.from_array(v, k) for k, v in initializers.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="size_sweep")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    write_test_data(folder, inputs, {"y": expected})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", help="folder holding aicc and aicc-run")
    parser.add_argument("--work", required=True, help="folder for the cases (one sub-folder each)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("--rows", default=str(ROWS), help="rows per case, or volume (see above)")
    parser.add_argument("--write-only", action="store_true")
    args = parser.parse_args()

    sizes = [int(s) for s in args.sizes.split(",")]
    ops = args.ops.split(",")
    failures = []
    for op in ops:
        for n in sizes:
            name = f"{op}_{n}"
            folder = os.path.join(args.work, name)
            rows = rows_for(args.rows, n)
            write(op, n, rows, folder)
            if args.write_only:
                print(f"{folder}\t{rows * n}")
                continue
            if not check_case(args.bin_dir, name, folder):
                failures.append(name)
    if args.write_only:
        return 0
    total = len(ops) * len(sizes)
    print(f"size sweep: {total} cases, {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
