"""Writes a small ONNX model whose weights are large enough to leave the LLVM module (> 1 KiB each).

Usage: large_weights_model.py OUTPUT.onnx

    y = MatMul(x[32x64], w[64x64]) + b[32x64]

w feeds a oneDNN kernel (a kernel-table constant), b the generated loops. Values come from a fixed
seed, so two runs write the same file.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def make_model(rows=32, name="large_weights"):
    """y = MatMul(x[rows x 64], w[64x64]) + b[rows x 64], w and b from seed 0."""
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((64, 64)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal((rows, 64)).astype(np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["xw"], name="matmul"),
         helper.make_node("Add", ["xw", "b"], ["y"], name="add")],
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [rows, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [rows, 64])],
        initializer=[w, b])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="aicc-test")
    model.ir_version = 8
    return model


def main():
    onnx.save(make_model(), sys.argv[1])


if __name__ == "__main__":
    main()
