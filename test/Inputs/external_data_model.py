"""Writes a small ONNX model whose weights are ONNX external data, in two files beside it.

Usage: external_data_model.py OUTPUT.onnx

    y = MatMul(x[4x64], w[64x64]) + b[4x64]      w in "weights a.bin", b in weights_b.bin

The space in one file's name is deliberate: build systems read the depfile aicc writes.
"""
import os
import sys

import onnx
from onnx import TensorProto
from onnx.external_data_helper import set_external_data

from large_weights_model import make_model


def main():
    model = make_model(rows=4, name="external_data")
    directory = os.path.dirname(os.path.abspath(sys.argv[1]))
    for tensor, location in zip(model.graph.initializer, ("weights a.bin", "weights_b.bin")):
        with open(os.path.join(directory, location), "wb") as f:
            f.write(tensor.raw_data)
        set_external_data(tensor, location)
        tensor.ClearField("raw_data")
        tensor.data_location = TensorProto.EXTERNAL
    onnx.save(model, sys.argv[1])


if __name__ == "__main__":
    main()
