#!/usr/bin/env python3
"""ScatterND and ScatterElements with indices the run supplies, against numpy, and out-of-range
indices, which must fail the run with an error naming the node.

    scatter_indices.py --bin-dir BIN --work DIR

Each model takes data, indices and updates as inputs, so nothing is folded at compile time. The
valid cases use negative indices (counted from the end), duplicates under a reduction, a symbolic
number of index tuples and a symbolic row length; numpy's rendering of ONNX's definitions is the
reference, checked by aicc-run at atol = rtol = 1e-4. The invalid cases give an index one past
either end of its axis, or updates rows shorter than data's: aicc-run must exit with status 2 (an
error) and the runtime's message, never crash or read or write out of bounds. Exits non-zero on a
failure.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

from check_case import check_case, write_test_data

FLOAT, INT64 = TensorProto.FLOAT, TensorProto.INT64


def scatter_nd(data, indices, updates, reduction="none"):
    out = data.copy()
    for i in np.ndindex(indices.shape[:-1]):
        at = tuple(indices[i])
        out[at] = updates[i] if reduction == "none" else (out[at] + updates[i] if reduction == "add" else out[at] * updates[i])
    return out


def scatter_elements(data, indices, updates, axis, reduction="none"):
    out = data.copy()
    for i in np.ndindex(indices.shape):
        at = list(i)
        at[axis] = indices[i]
        at = tuple(at)
        out[at] = updates[i] if reduction == "none" else out[at] + updates[i]
    return out


def model(op, shapes, attributes, name):
    """One `op` node named `name` over inputs data, indices, updates of `shapes` (None: symbolic)."""
    dims = lambda shape, prefix: [d if d is not None else f"{prefix}{k}" for k, d in enumerate(shape)]
    inputs = [helper.make_tensor_value_info("data", FLOAT, shapes[0]),
              helper.make_tensor_value_info("indices", INT64, dims(shapes[1], "n")),
              helper.make_tensor_value_info("updates", FLOAT, dims(shapes[2], "n"))]
    node = helper.make_node(op, ["data", "indices", "updates"], ["y"], name=name, **attributes)
    graph = helper.make_graph([node], name, inputs, [helper.make_tensor_value_info("y", FLOAT, shapes[0])])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 16)], producer_name="scatter_indices")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def write(folder, m, arrays, expected=None):
    os.makedirs(folder, exist_ok=True)
    onnx.save(m, os.path.join(folder, "model.onnx"))
    write_test_data(folder, arrays, {} if expected is None else {"y": expected.astype(np.float32)})


def check_error(bin_dir, name, folder, message):
    """Compiles folder/model.onnx, runs it, and expects exit status 2 (error) with `message` in stderr."""
    artifact = os.path.join(folder, "model.so")
    compiled = subprocess.run([os.path.join(bin_dir, "aicc"), os.path.join(folder, "model.onnx"), "-o", artifact],
                              capture_output=True, text=True)
    if compiled.returncode != 0:
        print(f"FAIL {name}: compile\n{compiled.stderr}", flush=True)
        return False
    run = subprocess.run([os.path.join(bin_dir, "aicc-run"), artifact, folder, "--iters", "1", "--warmup", "0"],
                         capture_output=True, text=True)
    if run.returncode != 2 or message not in run.stderr:
        print(f"FAIL {name}: expected exit 2 with '{message}', got {run.returncode}\n{run.stdout}{run.stderr}",
              flush=True)
        return False
    print(f"ok   {name}: {run.stderr.strip().splitlines()[-1]}", flush=True)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    data = rng.standard_normal((4, 3)).astype(np.float32)
    failures = []

    def valid(name, m, arrays, expected):
        folder = os.path.join(args.work, name)
        write(folder, m, arrays, expected)
        if not check_case(args.bin_dir, name, folder):
            failures.append(name)

    def invalid(name, m, arrays, message):
        folder = os.path.join(args.work, name)
        write(folder, m, arrays)
        if not check_error(args.bin_dir, name, folder, message):
            failures.append(name)

    # Rows of data by index, a symbolic number of them; -1 is the last row.
    rows = model("ScatterND", [[4, 3], [None, 1], [None, 3]], {}, "scatter_rows")
    indices = np.array([[-1], [1]], np.int64)
    updates = rng.standard_normal((2, 3)).astype(np.float32)
    valid("nd_rows_negative", rows, {"data": data, "indices": indices, "updates": updates},
          scatter_nd(data, indices, updates))
    invalid("nd_rows_past_the_end", rows,
            {"data": data, "indices": np.array([[1], [4]], np.int64), "updates": updates},
            "scatter_rows: index 4 is out of range for axis 0 of size 4")
    invalid("nd_rows_before_the_start", rows,
            {"data": data, "indices": np.array([[-5]], np.int64), "updates": updates[:1]},
            "scatter_rows: index -5 is out of range for axis 0 of size 4")

    # Rows of a symbolic length, named apart in data and updates: updates' rows must be as long.
    wide = model("ScatterND", [[4, "w"], [2, 1], [2, "u"]], {}, "scatter_wide_rows")
    indices = np.array([[2], [0]], np.int64)
    updates = rng.standard_normal((2, 3)).astype(np.float32)
    valid("nd_symbolic_rows", wide, {"data": data, "indices": indices, "updates": updates},
          scatter_nd(data, indices, updates))
    invalid("nd_symbolic_rows_short_updates", wide,
            {"data": data, "indices": indices, "updates": updates[:, :2].copy()},
            "scatter_wide_rows: index 2 is out of range for axis 1 of size 2")

    # Single elements, multiplied in; a duplicate multiplies twice.
    elements = model("ScatterND", [[4, 3], [3, 2], [3]], {"reduction": "mul"}, "scale_elements")
    indices = np.array([[0, 2], [3, -3], [0, 2]], np.int64)
    updates = np.array([2.0, -1.5, 3.0], np.float32)
    valid("nd_elements_mul", elements, {"data": data, "indices": indices, "updates": updates},
          scatter_nd(data, np.where(indices < 0, indices + 3, indices), updates, "mul"))
    invalid("nd_elements_second_axis", elements,
            {"data": data, "indices": np.array([[0, 0], [1, 3], [2, 2]], np.int64), "updates": updates},
            "scale_elements: index 3 is out of range for axis 1 of size 3")

    # ScatterElements along axis 1, adding, with duplicates and negative indices.
    add = model("ScatterElements", [[4, 3], [4, 2], [4, 2]], {"axis": 1, "reduction": "add"}, "add_along_rows")
    indices = np.array([[0, 0], [-1, 1], [2, -3], [1, 1]], np.int64)
    updates = rng.standard_normal((4, 2)).astype(np.float32)
    valid("elements_add_duplicates", add, {"data": data, "indices": indices, "updates": updates},
          scatter_elements(data, np.where(indices < 0, indices + 3, indices), updates, 1, "add"))
    invalid("elements_past_the_end", add,
            {"data": data, "indices": np.array([[0, 0], [0, 0], [0, 7], [0, 0]], np.int64), "updates": updates},
            "add_along_rows: index 7 is out of range for axis 1 of size 3")

    print(f"scatter indices: {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
