#!/usr/bin/env python3
"""A QDQ CNN as ONNX Runtime's quantizer writes it (QuantizeLinear → DequantizeLinear around every
op), whose 8-bit values int8 kernels pool and aicc moves as they are, against PyTorch's and
numpy's rendering of the same QDQ definitions.

    qdq_data_movement.py --bin-dir BIN --work DIR

The graph, built with onnx.helper, a symbolic batch, f32 in and out: x quantized to u8 → Conv 3x3
(s8 weights per channel) → Relu → MaxPool 3x3 stride 2 pad 1 (X and Y quantized alike) → two
Convs (1x1 and 3x3) → Concat of their u8 results on the channels (quantized alike) →
AveragePool 2x2 (requantized into another scale and zero point) → s8 → Reshape, Transpose,
Unsqueeze, Squeeze, Identity, Flatten, then a QuantizeLinear of a DequantizeLinear alike → output
dequantized. Checked:
- the optimized IR: both poolings pool 8-bit values, and no QuantizeLinear remains but the
  input's and the requantization from u8 to s8 (the convolutions write u8, the Concat and the other
  data-movement ops move 8-bit values);
- the output: within 2 codes of the reference, at least 90% of the codes equal (a stage's result
  moves a code where it lies within float rounding of a tie; aicc sums and scales in f32, the
  reference in f64). Measured: at most 1 code, 95.1% equal.
Exits non-zero on a failure.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

from compiled_model import compile_and_run, optimized_ir

C, S = 8, 12


def quantize(x, scale, zero, dtype):
    info = np.iinfo(dtype)
    return np.clip(np.round(np.asarray(x, np.float64) / np.float32(scale)) + zero, info.min, info.max).astype(dtype)


def dequantize(q, scale, zero):
    return (q.astype(np.float32) - np.float32(zero)) * np.float32(scale)


def qdq(name, scale, zero):
    """QuantizeLinear then DequantizeLinear of `name`, by the initializers `scale` and `zero`."""
    return [helper.make_node("QuantizeLinear", [name, scale, zero], [name + "_q"]),
            helper.make_node("DequantizeLinear", [name + "_q", scale, zero], [name + "_dq"])]


def conv(x, w, w_scale, b, pad):
    wd = w.astype(np.float64) * w_scale.astype(np.float64)[:, None, None, None]
    return F.conv2d(torch.from_numpy(np.asarray(x, np.float64)), torch.from_numpy(wd),
                    torch.from_numpy(b.astype(np.float64)), padding=pad).numpy()


def build(folder, rng):
    weights = {}
    for name, (oc, ic, k) in {"w1": (C, 3, 3), "wa": (C, C, 1), "wb": (C, C, 3)}.items():
        weights[name] = rng.integers(-127, 128, size=(oc, ic, k, k)).astype(np.int8)
        weights[name + "_scale"] = rng.uniform(0.002, 0.006, size=oc).astype(np.float32)
        weights[name + "_zero"] = np.zeros(oc, np.int8)
        weights[name[1:] + "_bias"] = rng.uniform(-0.2, 0.2, size=oc).astype(np.float32)
    init = {**weights,
            "x_scale": np.array(0.02, np.float32), "x_zero": np.array(128, np.uint8),
            "r_scale": np.array(0.03, np.float32), "r_zero": np.array(0, np.uint8),
            "c_scale": np.array(0.04, np.float32), "c_zero": np.array(0, np.uint8),
            "p_scale": np.array(0.025, np.float32), "p_zero": np.array(10, np.uint8),
            "o_scale": np.array(0.02, np.float32), "o_zero": np.array(-3, np.int8),
            "shape": np.array([0, C, -1], np.int64), "axes": np.array([1], np.int64)}
    nodes = [*qdq("x", "x_scale", "x_zero")]
    for name in ("w1", "wa", "wb"):
        nodes.append(helper.make_node("DequantizeLinear", [name, name + "_scale", name + "_zero"], [name + "_dq"],
                                      axis=0))
    nodes += [helper.make_node("Conv", ["x_dq", "w1_dq", "1_bias"], ["c1"], pads=[1, 1, 1, 1]),
              helper.make_node("Relu", ["c1"], ["r"]), *qdq("r", "r_scale", "r_zero"),
              helper.make_node("MaxPool", ["r_dq"], ["m"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
              *qdq("m", "r_scale", "r_zero"),
              helper.make_node("Conv", ["m_dq", "wa_dq", "a_bias"], ["ca"]),
              helper.make_node("Relu", ["ca"], ["a"]), *qdq("a", "c_scale", "c_zero"),
              helper.make_node("Conv", ["m_dq", "wb_dq", "b_bias"], ["cb"], pads=[1, 1, 1, 1]),
              helper.make_node("Relu", ["cb"], ["b"]), *qdq("b", "c_scale", "c_zero"),
              helper.make_node("Concat", ["a_dq", "b_dq"], ["k"], axis=1), *qdq("k", "c_scale", "c_zero"),
              helper.make_node("AveragePool", ["k_dq"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
              *qdq("p", "p_scale", "p_zero"),
              helper.make_node("QuantizeLinear", ["p_dq", "o_scale", "o_zero"], ["p_s8"]),
              helper.make_node("DequantizeLinear", ["p_s8", "o_scale", "o_zero"], ["p_s8_dq"]),
              helper.make_node("Reshape", ["p_s8_dq", "shape"], ["s"]), *qdq("s", "o_scale", "o_zero"),
              helper.make_node("Transpose", ["s_dq"], ["t"], perm=[0, 2, 1]), *qdq("t", "o_scale", "o_zero"),
              helper.make_node("Unsqueeze", ["t_dq", "axes"], ["u"]), *qdq("u", "o_scale", "o_zero"),
              helper.make_node("Squeeze", ["u_dq", "axes"], ["v"]), *qdq("v", "o_scale", "o_zero"),
              helper.make_node("Identity", ["v_dq"], ["i"]), *qdq("i", "o_scale", "o_zero"),
              helper.make_node("Flatten", ["i_dq"], ["f"]), *qdq("f", "o_scale", "o_zero"),
              *qdq("f_dq", "o_scale", "o_zero")]
    graph = helper.make_graph(nodes, "qdq_data_movement",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3, S, S])],
                              [helper.make_tensor_value_info("f_dq_dq", TensorProto.FLOAT, ["batch", 18 * C])],
                              [numpy_helper.from_array(v, k) for k, v in init.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    return init


def reference(init, x):
    def qd(v, scale, zero, dtype=np.uint8):
        return dequantize(quantize(v, init[scale], init[zero], dtype), init[scale], init[zero])

    xd = qd(x, "x_scale", "x_zero")
    r = qd(np.maximum(conv(xd, init["w1"], init["w1_scale"], init["1_bias"], 1), 0), "r_scale", "r_zero")
    m = F.max_pool2d(torch.from_numpy(r), 3, 2, 1).numpy()
    m = qd(m, "r_scale", "r_zero")
    a = qd(np.maximum(conv(m, init["wa"], init["wa_scale"], init["a_bias"], 0), 0), "c_scale", "c_zero")
    b = qd(np.maximum(conv(m, init["wb"], init["wb_scale"], init["b_bias"], 1), 0), "c_scale", "c_zero")
    k = np.concatenate([a, b], axis=1)
    p = qd(F.avg_pool2d(torch.from_numpy(np.asarray(k, np.float64)), 2, 2).numpy(), "p_scale", "p_zero")
    o = qd(p, "o_scale", "o_zero", np.int8)
    return o.reshape(o.shape[0], C, -1).transpose(0, 2, 1).reshape(o.shape[0], -1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(3)
    folder = os.path.join(args.work, "qdq_data_movement")
    init = build(folder, rng)
    failures = []

    ir = optimized_ir(args.bin_dir, os.path.join(folder, "model.onnx"))
    pools = [line for line in ir.splitlines() if "aicc_cpu.pool " in line]
    int8_pools = sum("data_type = #aicc_cpu.data_type<u8>" in line for line in pools)
    quantizes = ir.count('"aicc.QuantizeLinear"')
    print(f"optimized IR: {int8_pools} of {len(pools)} pooling kernels on u8 values; {quantizes} QuantizeLinear left")
    if int8_pools != 2 or len(pools) != 2:
        failures.append("the MaxPool and the AveragePool do not both pool u8 values")
    if quantizes != 2:
        failures.append(f"{quantizes} QuantizeLinear ops left, not only the input's and the u8 to s8 one")

    x = rng.standard_normal((2, 3, S, S)).astype(np.float32)
    y = compile_and_run(args.bin_dir, folder, {"x": x})
    expected = reference(init, x)
    if y.shape != expected.shape:
        failures.append(f"output shape {y.shape}, expected {expected.shape}")
    else:
        codes = np.abs(np.round((y - expected) / init["o_scale"]))
        equal = (codes == 0).mean()
        print(f"output: max difference {int(codes.max())} codes, {100 * equal:.1f}% equal")
        if codes.max() > 2 or equal < 0.9:
            failures.append("the output is more than 2 codes off, or fewer than 90% of its codes are equal")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
