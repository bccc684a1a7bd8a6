#!/usr/bin/env python3
"""Scan at opset 8 (batch-major: every state and scan input has the batch as its first dim) against
numpy.

    scan_opset8.py --bin-dir BIN --work DIR

Each case is an opset 8 graph of one Scan node, built with onnx.helper, its inputs random with a
fixed seed and its outputs computed here from Scan-8's definition: per batch element, the body runs
once per step on the states and the step's slice of each scan input (reversed for direction 1),
and the final states and the stacked per-step outputs are the results. Cases: ONNX's own
test_scan_sum shape, a batch of 3 with two states, two scan inputs (one reversed) and two scan
outputs, a Scan without states, and a symbolic batch and length. A Scan with sequence_lens must be
refused with an error naming the node. aicc-run checks every output at atol = rtol = 1e-5. Exits
non-zero on a failure.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

from check_case import check_case, write_test_data

F = TensorProto.FLOAT


def body_sum_and_product():
    """States (sum [2], prod [2]); scan inputs a [2], b [2]; outputs sum + a, prod * b, then per step
    sum' - b and the running product."""
    nodes = [helper.make_node("Add", ["sum_in", "a"], ["sum_out"]),
             helper.make_node("Mul", ["prod_in", "b"], ["prod_out"]),
             helper.make_node("Sub", ["sum_out", "b"], ["diff"]),
             helper.make_node("Identity", ["prod_out"], ["prod_step"])]
    return helper.make_graph(
        nodes, "body",
        [helper.make_tensor_value_info(n, F, [2]) for n in ("sum_in", "prod_in", "a", "b")],
        [helper.make_tensor_value_info(n, F, [2]) for n in ("sum_out", "prod_out", "diff", "prod_step")])


def reference_sum_and_product(sum0, prod0, a, b, directions):
    sums, prods, diffs, steps = [], [], [], []
    for n in range(a.shape[0]):
        s, p = sum0[n], prod0[n]
        av = a[n][::-1] if directions[0] else a[n]
        bv = b[n][::-1] if directions[1] else b[n]
        d, st = [], []
        for t in range(a.shape[1]):
            s = s + av[t]
            p = p * bv[t]
            d.append(s - bv[t])
            st.append(p)
        sums.append(s), prods.append(p), diffs.append(d), steps.append(st)
    return [np.array(v, np.float32) for v in (sums, prods, diffs, steps)]


def scan_model(name, inputs, outputs, body, num_scan_inputs, directions=None, sequence_lens=""):
    attrs = {"body": body, "num_scan_inputs": num_scan_inputs}
    if directions is not None:
        attrs["directions"] = directions
    node = helper.make_node("Scan", [sequence_lens] + [i.name for i in inputs], [o.name for o in outputs],
                            name=f"{name}_scan", **attrs)
    extra = [helper.make_tensor_value_info("lens", TensorProto.INT64, [3])] if sequence_lens else []
    graph = helper.make_graph([node], name, inputs + extra, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 8)], producer_name="scan_opset8")
    model.ir_version = 3
    onnx.checker.check_model(model)
    return model


def cases(rng):
    """(name, model, inputs, expected outputs) for each case that must pass."""
    # ONNX's test_scan_sum: batch 1, a running sum.
    add = helper.make_graph(
        [helper.make_node("Add", ["s_in", "x"], ["s_out"]), helper.make_node("Identity", ["s_out"], ["y"])], "body",
        [helper.make_tensor_value_info(n, F, [2]) for n in ("s_in", "x")],
        [helper.make_tensor_value_info(n, F, [2]) for n in ("s_out", "y")])
    s0 = rng.standard_normal((1, 2)).astype(np.float32)
    x = rng.standard_normal((1, 3, 2)).astype(np.float32)
    yield ("running_sum",
           scan_model("running_sum", [helper.make_tensor_value_info("s0", F, [1, 2]),
                                      helper.make_tensor_value_info("x", F, [1, 3, 2])],
                      [helper.make_tensor_value_info("s", F, [1, 2]), helper.make_tensor_value_info("y", F, [1, 3, 2])],
                      add, 1),
           {"s0": s0, "x": x}, {"s": s0 + x.sum(1), "y": s0[:, None] + np.cumsum(x, 1)})

    # Batch 3, two states, two scan inputs (the second reversed), two scan outputs; then the same
    # with the batch and the length symbolic.
    for name, batch, steps in (("two_states", 3, 4), ("symbolic", "batch", "steps")):
        sum0, prod0 = (rng.standard_normal((3, 2)).astype(np.float32) for _ in range(2))
        a, b = (rng.standard_normal((3, 4, 2)).astype(np.float32) for _ in range(2))
        expected = reference_sum_and_product(sum0, prod0, a, b, [0, 1])
        model = scan_model(
            name,
            [helper.make_tensor_value_info(n, F, [batch, 2]) for n in ("sum0", "prod0")] +
            [helper.make_tensor_value_info(n, F, [batch, steps, 2]) for n in ("a", "b")],
            [helper.make_tensor_value_info(n, F, [batch, 2]) for n in ("sum", "prod")] +
            [helper.make_tensor_value_info(n, F, [batch, steps, 2]) for n in ("diff", "steps")],
            body_sum_and_product(), 2, directions=[0, 1])
        yield (name, model, {"sum0": sum0, "prod0": prod0, "a": a, "b": b},
               dict(zip(("sum", "prod", "diff", "steps"), expected)))

    # No states: a per-step map (the reversed input's steps come out in iteration order).
    square = helper.make_graph([helper.make_node("Mul", ["x", "x"], ["y"])], "body",
                               [helper.make_tensor_value_info("x", F, [2])], [helper.make_tensor_value_info("y", F, [2])])
    x = rng.standard_normal((2, 5, 2)).astype(np.float32)
    yield ("no_states",
           scan_model("no_states", [helper.make_tensor_value_info("x", F, [2, 5, 2])],
                      [helper.make_tensor_value_info("y", F, [2, 5, 2])], square, 1, directions=[1]),
           {"x": x}, {"y": (x * x)[:, ::-1]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    aicc = os.path.join(args.bin_dir, "aicc")
    rng = np.random.default_rng(8)
    failures = []
    for name, model, inputs, expected in cases(rng):
        folder = os.path.join(args.work, name)
        os.makedirs(folder, exist_ok=True)
        onnx.save(model, os.path.join(folder, "model.onnx"))
        write_test_data(folder, inputs, expected)
        if not check_case(args.bin_dir, name, folder, tolerance=1e-5):
            failures.append(name)

    # sequence_lens gives each batch element its own length: refused, naming the node.
    folder = os.path.join(args.work, "sequence_lens")
    os.makedirs(folder, exist_ok=True)
    negate = helper.make_graph([helper.make_node("Neg", ["x"], ["y"])], "body",
                               [helper.make_tensor_value_info("x", F, [2])], [helper.make_tensor_value_info("y", F, [2])])
    model = scan_model("sequence_lens", [helper.make_tensor_value_info("x", F, [3, 4, 2])],
                       [helper.make_tensor_value_info("y", F, [3, 4, 2])], negate, 1, sequence_lens="lens")
    onnx.save(model, os.path.join(folder, "model.onnx"))
    result = subprocess.run([aicc, os.path.join(folder, "model.onnx"), "-o", os.path.join(folder, "model.so")],
                            capture_output=True, text=True)
    wanted = "'sequence_lens_scan'"
    if result.returncode == 1 and wanted in result.stderr and "a sequence_lens input is not supported" in result.stderr:
        print("ok   sequence_lens (refused)", flush=True)
    else:
        print(f"FAIL sequence_lens: exit {result.returncode}, wanted an error naming {wanted}\n{result.stderr}")
        failures.append("sequence_lens")

    print(f"scan opset 8: {len(failures)} failing" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
