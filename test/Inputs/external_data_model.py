"""Writes a small ONNX model whose weights are ONNX external data, in two files beside it.

Usage: external_data_model.py OUTPUT.onnx

    y = MatMul(x[4x64], w[64x64]) + b[4x64]      w in "weights a.bin", b in weights_b.bin

The space in one file's name is deliberate: build systems read the depfile aicc writes.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.external_data_helper import set_external_data


def main():
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((64, 64)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal((4, 64)).astype(np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["xw"], name="matmul"),
         helper.make_node("Add", ["xw", "b"], ["y"], name="add")],
        "external_data",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 64])],
        initializer=[w, b])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="aicc-test")
    model.ir_version = 8
    directory = os.path.dirname(os.path.abspath(sys.argv[1]))
    # The graph holds copies of w and b.
    for tensor, location in zip(model.graph.initializer, ("weights a.bin", "weights_b.bin")):
        with open(os.path.join(directory, location), "wb") as f:
            f.write(tensor.raw_data)
        set_external_data(tensor, location)
        tensor.ClearField("raw_data")
        tensor.data_location = TensorProto.EXTERNAL
    onnx.save(model, sys.argv[1])


if __name__ == "__main__":
    main()
