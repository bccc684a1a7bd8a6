#!/usr/bin/env python3
"""Static int8 (aicc --quantize=int8 --calibration-data) on real data and on exported CNNs.

    static_int8.py --bin-dir BIN --models-dir MODELS --work DIR

1. The digits CNN of digits_int8.py (two convolutions with BatchNorm and ReLU, one Linear) is
   trained on 1000 of scikit-learn's 1797 handwritten digits, exported in fp32 only, and compiled
   by aicc with the first 200 training images as calibration data (10 input sets of 20), with the
   min-max, the percentile and the entropy method: both convolutions must become int8 kernels,
   and on the 797 held-out digits, run as one batch, the int8 top-1 accuracy must be within 0.5
   points of fp32's.
2. CNNs of test/models with random weights (SqueezeNet, a squeeze-and-excitation net, an ASPP
   head, two plain CNNs), calibrated on 8 input sets of standard normal values (a fixed seed),
   every convolution in int8 and every MaxPool that only convolutions read pooling u8 values,
   against the outputs PyTorch recorded in fp32: the error relative to
   the outputs' largest magnitude must stay below 8%. ResNet-18 and MobileNetV2 with random
   weights are reported, not bounded: their fp32 outputs move 19% (MobileNetV2) when the input is
   only rounded to its u8 grid, so their int8 error measures the weights' chaos, not the kernels.
It prints what it measured. Exits non-zero on a failure.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from compiled_model import compile_and_run, error_against_references, optimized_ir
from digits import TRAIN, cnn, export_classifier, shuffled_digits, train

EPOCHS = 40
CALIBRATION_SETS, CALIBRATION_BATCH = 10, 20
# name -> whether the error is bounded (see the docstring).
CNNS = {"squeezenet_b1": True, "se_net_b1": True, "aspp_net_b1": True, "cnn224_b1": True, "mnist_cnn_b1": True,
        "resnet18_b1": False, "mobilenet_v2_b1": False}
# Measured on a Zen 5 (VNNI): 1.3-5.8% of the largest output. A wrong scale, zero point or
# requantization is off by far more.
MAX_RELATIVE_ERROR = 0.08


def write_set(folder, tensors):
    os.makedirs(folder, exist_ok=True)
    for i, (name, value) in enumerate(tensors):
        with open(os.path.join(folder, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value, name).SerializeToString())


def int8_convs(bin_dir, model, flags):
    """How many int8 and f32 convolution kernels aicc selects for `model` compiled with `flags`, and
    how many max pooling kernels pool u8 values."""
    ir = optimized_ir(bin_dir, model, flags)
    pools = [line for line in ir.splitlines() if "aicc_cpu.pool <max>" in line]
    return (ir.count("aicc_cpu.quantized_conv "), ir.count("aicc_cpu.conv "),
            sum("data_type = #aicc_cpu.data_type<u8>" in line for line in pools))


def max_pools_into_convs(model):
    """The MaxPool nodes whose result only convolutions read: static quantization pools u8 there."""
    readers = {}
    for node in model.graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node.op_type)
    outputs = {o.name for o in model.graph.output}
    return sum(1 for node in model.graph.node if node.op_type == "MaxPool" and node.output[0] not in outputs and
               readers.get(node.output[0]) and all(r == "Conv" for r in readers[node.output[0]]))


def check_digits(args, failures):
    torch.manual_seed(0)
    images, labels = shuffled_digits("static_int8")
    images = images[:, None]  # [1797, 1, 8, 8]
    net = train(cnn(), torch.from_numpy(images[:TRAIN]), torch.from_numpy(labels[:TRAIN]), EPOCHS, lr=0.01, batch=100)
    x_test, y_test = images[TRAIN:], labels[TRAIN:]
    folder = os.path.join(args.work, "digits_cnn")
    model = export_classifier(net, x_test[:1], folder)
    calibration = os.path.join(folder, "calibration")
    for k in range(CALIBRATION_SETS):
        write_set(os.path.join(calibration, f"set_{k}"),
                  [("x", images[k * CALIBRATION_BATCH:(k + 1) * CALIBRATION_BATCH])])
    fp32 = compile_and_run(args.bin_dir, folder, {"x": x_test}).argmax(1)
    fp32_accuracy = (fp32 == y_test).mean()
    print(f"digits CNN: {len(y_test)} held out; top-1 aicc fp32 {100 * fp32_accuracy:.2f}%")
    if fp32_accuracy < 0.9:
        failures.append("digits CNN: the fp32 model did not learn the digits (accuracy below 90%)")
    for method in ("minmax", "percentile", "entropy"):
        flags = ["--quantize=int8", "--calibration-data", calibration, f"--calibration-method={method}"]
        int8 = compile_and_run(args.bin_dir, folder, {"x": x_test}, flags).argmax(1)
        int8_accuracy = (int8 == y_test).mean()
        convs, _, _ = int8_convs(args.bin_dir, model, flags)
        print(f"digits CNN, {method}: top-1 int8 {100 * int8_accuracy:.2f}%; agreement with fp32 "
              f"{100 * (int8 == fp32).mean():.2f}%; {convs} int8 conv kernels")
        if convs != 2:
            failures.append(f"digits CNN, {method}: its 2 convolutions became {convs} int8 kernels")
        if fp32_accuracy - int8_accuracy > 0.005:
            failures.append(f"digits CNN, {method}: int8 accuracy is more than 0.5 points below fp32")


def check_cnn(args, name, bounded, failures):
    folder = os.path.join(args.models_dir, name)
    model = onnx.load(os.path.join(folder, "model.onnx"))
    initializers = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    rng = np.random.default_rng(1)
    calibration = os.path.join(args.work, name, "calibration")
    for k in range(8):
        write_set(os.path.join(calibration, f"set_{k}"),
                  [(i.name, rng.standard_normal([d.dim_value for d in i.type.tensor_type.shape.dim]).astype(np.float32))
                   for i in inputs])
    flags = ["--quantize=int8", "--calibration-data", calibration]
    artifact = os.path.join(args.work, name, "int8.so")
    subprocess.run([os.path.join(args.bin_dir, "aicc"), os.path.join(folder, "model.onnx"), "-o", artifact, *flags],
                   check=True)
    int8, f32, u8_pools = int8_convs(args.bin_dir, os.path.join(folder, "model.onnx"), flags)
    pools_into_convs = max_pools_into_convs(model)
    worst, _ = error_against_references(args.bin_dir, artifact, folder, os.path.join(args.work, name))
    print(f"{name}: {int8} int8 conv kernels, {f32} f32; {u8_pools} u8 max pools ({pools_into_convs} feed only "
          f"convolutions); max error {100 * worst:.2f}% of the largest output{'' if bounded else ' (not bounded)'}")
    if f32 != 0:
        failures.append(f"{name}: {f32} convolutions stayed f32")
    if u8_pools < pools_into_convs:
        failures.append(f"{name}: {u8_pools} max pools run on u8 values, {pools_into_convs} feed only convolutions")
    if bounded and worst > MAX_RELATIVE_ERROR:
        failures.append(f"{name}: error {100 * worst:.2f}% of the largest output, above {100 * MAX_RELATIVE_ERROR}%")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--models-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    failures = []
    check_digits(args, failures)
    for name, bounded in CNNS.items():
        check_cnn(args, name, bounded, failures)
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
