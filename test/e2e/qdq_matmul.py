#!/usr/bin/env python3
"""Pre-quantized matmuls (issue 11) into aicc's int8 matmul kernel, against numpy's rendering of the
ONNX operators' definitions.

    qdq_matmul.py --bin-dir BIN --work DIR

Three graphs built with onnx.helper, each with a symbolic batch:
- QDQ MatMul (as ONNX Runtime's static quantizer and PyTorch export it): x [batch, 5, 48] quantized
  to u8 with a zero point, DequantizeLinear, MatMul by a DequantizeLinear of constant s8 weights
  [48, 24] per column, then an Add of a bias;
- QDQ Gemm with transB: s8 activations with a zero point, weights [24, 48] per row, C and alpha;
- QLinearMatMul: u8 A, s8 B per tensor, u8 Y at its own scale and zero point.
Each must become one int8 matmul kernel (static A) and match the reference: f32 outputs within
1e-4 of the largest, u8 outputs within one code (the kernel's f32 rounding of a value at a tie of
the requantization may differ from numpy's). Exits non-zero on a failure.
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from compiled_model import compile_and_run, optimized_ir

K, N = 48, 24


def quantize(x, scale, zero, dtype):
    info = np.iinfo(dtype)
    return np.clip(np.round(x / scale) + zero, info.min, info.max).astype(dtype)


def save(folder, nodes, inputs, outputs, initializers):
    os.makedirs(folder, exist_ok=True)
    graph = helper.make_graph(nodes, os.path.basename(folder), inputs, outputs,
                              [numpy_helper.from_array(v, k) for k, v in initializers.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, "model.onnx"))


def qdq_matmul(folder, rng):
    w = rng.integers(-127, 128, size=(K, N)).astype(np.int8)
    w_scale = rng.uniform(0.002, 0.01, size=N).astype(np.float32)
    init = {"x_scale": np.array(0.02, np.float32), "x_zero": np.array(120, np.uint8), "w": w, "w_scale": w_scale,
            "bias": rng.standard_normal(N).astype(np.float32)}
    nodes = [helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zero"], ["xq"]),
             helper.make_node("DequantizeLinear", ["xq", "x_scale", "x_zero"], ["xd"]),
             helper.make_node("DequantizeLinear", ["w", "w_scale"], ["wd"], axis=1),
             helper.make_node("MatMul", ["xd", "wd"], ["p"]), helper.make_node("Add", ["p", "bias"], ["y"])]
    save(folder, nodes, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 5, K])],
         [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 5, N])], init)
    x = rng.standard_normal((3, 5, K)).astype(np.float32)
    xq = quantize(x, np.float32(0.02), 120, np.uint8).astype(np.int64) - 120
    want = (xq @ w.astype(np.int64)).astype(np.float32) * (np.float32(0.02) * w_scale) + init["bias"]
    return {"x": x}, want


def qdq_gemm(folder, rng):
    w = rng.integers(-127, 128, size=(N, K)).astype(np.int8)
    w_scale = rng.uniform(0.002, 0.01, size=N).astype(np.float32)
    init = {"x_scale": np.array(0.03, np.float32), "x_zero": np.array(-7, np.int8), "w": w, "w_scale": w_scale,
            "c": rng.standard_normal(N).astype(np.float32)}
    nodes = [helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zero"], ["xq"]),
             helper.make_node("DequantizeLinear", ["xq", "x_scale", "x_zero"], ["xd"]),
             helper.make_node("DequantizeLinear", ["w", "w_scale"], ["wd"], axis=0),
             helper.make_node("Gemm", ["xd", "wd", "c"], ["y"], transB=1, alpha=0.5)]
    save(folder, nodes, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", K])],
         [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", N])], init)
    x = rng.standard_normal((7, K)).astype(np.float32)
    xq = quantize(x, np.float32(0.03), -7, np.int8).astype(np.int64) + 7
    want = 0.5 * (xq @ w.T.astype(np.int64)).astype(np.float32) * (np.float32(0.03) * w_scale) + init["c"]
    return {"x": x}, want


def qlinear_matmul(folder, rng):
    b = rng.integers(-127, 128, size=(K, N)).astype(np.int8)
    init = {"a_scale": np.array(0.05, np.float32), "a_zero": np.array(100, np.uint8), "b": b,
            "b_scale": np.array(0.004, np.float32), "b_zero": np.array(0, np.int8),
            "y_scale": np.array(0.6, np.float32), "y_zero": np.array(90, np.uint8)}
    nodes = [helper.make_node("QLinearMatMul", ["a", "a_scale", "a_zero", "b", "b_scale", "b_zero", "y_scale",
                                                "y_zero"], ["y"])]
    save(folder, nodes, [helper.make_tensor_value_info("a", TensorProto.UINT8, ["batch", 6, K])],
         [helper.make_tensor_value_info("y", TensorProto.UINT8, ["batch", 6, N])], init)
    a = rng.integers(0, 256, size=(2, 6, K)).astype(np.uint8)
    acc = (a.astype(np.int64) - 100) @ b.astype(np.int64)
    want = quantize(acc.astype(np.float64) * (0.05 * 0.004) / 0.6, 1.0, 90, np.uint8)
    return {"a": a}, want


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(21)
    failures = []
    for build in (qdq_matmul, qdq_gemm, qlinear_matmul):
        folder = os.path.join(args.work, build.__name__)
        inputs, want = build(folder, rng)
        got = compile_and_run(args.bin_dir, folder, inputs)
        matmuls = optimized_ir(args.bin_dir, os.path.join(folder, "model.onnx")).count(" b_scales(")
        if want.dtype == np.uint8:
            error = int(np.abs(got.astype(np.int64) - want.astype(np.int64)).max())
            print(f"{build.__name__}: {matmuls} int8 matmul; max difference {error} codes")
            ok = error <= 1
        else:
            error = float(np.abs(got - want).max() / np.abs(want).max())
            print(f"{build.__name__}: {matmuls} int8 matmul; error {error:.2e} of the largest output")
            ok = error <= 1e-4
        if not ok:
            failures.append(f"{build.__name__}: beyond the tolerance")
        if matmuls != 1:
            failures.append(f"{build.__name__}: {matmuls} int8 matmuls, want 1")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
