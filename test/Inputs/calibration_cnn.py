"""Writes a small CNN and calibration data for the static int8 tests (aicc --quantize=int8).

Usage: calibration_cnn.py OUT

OUT/model.onnx: x [batch, 2, 6, 6] -> Conv 'conv1' (4 channels, 3x3, pad 1) -> Relu 'relu1' -> Conv
'conv2' (4 channels, 1x1) -> BatchNormalization 'bn2' -> y, random weights with a fixed seed.
OUT/calib/set_K/input_0.pb: four input sets of two images each, standard normal values.
OUT/outlier/set_K: the same with one value of set_0's x set to 1e6. OUT/heavy/set_K: four sets of
64 images, standard normal values of which 1% are 30 times larger (a heavy tail).
OUT/wrong_shape/set_0/input_0.pb: an input of three channels. OUT/two_inputs/set_0: input_0.pb and
input_1.pb. OUT/no_sets: a folder without input sets.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def write_set(folder, x):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x, "x").SerializeToString())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(11)
    w1 = rng.standard_normal((4, 2, 3, 3)).astype(np.float32) * 0.3
    b1 = rng.standard_normal(4).astype(np.float32) * 0.1
    w2 = rng.standard_normal((4, 4, 1, 1)).astype(np.float32) * 0.5
    nodes = [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
             helper.make_node("Conv", ["r1", "w2"], ["c2"], name="conv2"),
             helper.make_node("BatchNormalization", ["c2", "scale", "shift", "mean", "var"], ["y"], name="bn2")]
    graph = helper.make_graph(nodes, "calibration_cnn",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 2, 6, 6])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4, 6, 6])],
                              [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
                               numpy_helper.from_array(w2, "w2")] +
                              [numpy_helper.from_array(rng.uniform(0.5, 1.5, 4).astype(np.float32), name)
                               for name in ("scale", "shift", "mean", "var")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "model.onnx"))
    for k in range(4):
        x = rng.standard_normal((2, 2, 6, 6)).astype(np.float32)
        write_set(os.path.join(out, "calib", f"set_{k}"), x)
        x[0, 0, 0, 0] = 1e6 if k == 0 else x[0, 0, 0, 0]
        write_set(os.path.join(out, "outlier", f"set_{k}"), x)
    for k in range(4):
        x = rng.standard_normal((64, 2, 6, 6)).astype(np.float32)
        x[rng.random(x.shape) < 0.01] *= 30
        write_set(os.path.join(out, "heavy", f"set_{k}"), x)
    write_set(os.path.join(out, "wrong_shape", "set_0"), np.zeros((2, 3, 6, 6), np.float32))
    write_set(os.path.join(out, "two_inputs", "set_0"), np.zeros((2, 2, 6, 6), np.float32))
    with open(os.path.join(out, "two_inputs", "set_0", "input_1.pb"), "wb") as f:
        f.write(numpy_helper.from_array(np.zeros((2, 2, 6, 6), np.float32), "z").SerializeToString())
    os.makedirs(os.path.join(out, "no_sets", "empty"), exist_ok=True)


if __name__ == "__main__":
    main()
