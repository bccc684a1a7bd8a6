"""Writes a small CNN and input sets for the bf16 tests (aicc --precision=bf16).

Usage: bf16_cnn.py OUT

OUT/model.onnx: x [batch, 32, 8, 8] -> Conv 'conv1' (64 channels, 3x3, pad 1) -> Relu 'relu1' ->
Conv 'dw' (depthwise, 3x3, pad 1) -> Conv 'conv2' (128 channels, 1x1) -> y, random weights with a
fixed seed. conv1 and conv2 take enough multiply-adds per element for bf16 to pay; the depthwise
conv (9) does not. OUT/calib/set_K/input_0.pb: four input sets of two images each, standard normal
values.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(12)
    weights = {"w1": rng.standard_normal((64, 32, 3, 3)) * 0.06, "b1": rng.standard_normal(64) * 0.1,
               "wdw": rng.standard_normal((64, 1, 3, 3)) * 0.3, "w2": rng.standard_normal((128, 64, 1, 1)) * 0.12}
    nodes = [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
             helper.make_node("Conv", ["r1", "wdw"], ["d"], name="dw", group=64, pads=[1, 1, 1, 1]),
             helper.make_node("Conv", ["d", "w2"], ["y"], name="conv2")]
    graph = helper.make_graph(nodes, "bf16_cnn",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 32, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 128, 8, 8])],
                              [numpy_helper.from_array(v.astype(np.float32), k) for k, v in weights.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "model.onnx"))
    for k in range(4):
        folder = os.path.join(out, "calib", f"set_{k}")
        os.makedirs(folder, exist_ok=True)
        x = rng.standard_normal((2, 32, 8, 8)).astype(np.float32)
        with open(os.path.join(folder, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x, "x").SerializeToString())


if __name__ == "__main__":
    main()
