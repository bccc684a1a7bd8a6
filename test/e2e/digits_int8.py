#!/usr/bin/env python3
"""Int8 accuracy on real data: scikit-learn's handwritten digits through aicc's int8 kernels.

    digits_int8.py --bin-dir BIN --work DIR

A small CNN (two convolutions with BatchNorm and ReLU, one Linear) is trained on 1000 of the 1797
8x8 digits (fixed seed, 40 epochs, a few seconds), exported in fp32 and in quantization-aware
training's QDQ form (test/models/qat.py) with the first 200 training images as calibration data,
and both are compiled by aicc; the int8 one must run both convolutions as int8 kernels. On the 797
held-out digits, run as one batch, aicc's int8 top-1 accuracy must be within 0.5 points of its fp32
accuracy, which must be PyTorch's but for one digit at most (a near tie that f32 sums in another
order may flip; training itself differs a little between hosts). It prints the accuracies and the
int8/fp32 top-1 agreement. Exits non-zero on a failure.
"""
import argparse
import os
import sys

import torch

from compiled_model import compile_and_run, optimized_ir
from digits import TRAIN, cnn, export_classifier, shuffled_digits, train

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
from qat import quantize  # noqa: E402

CALIBRATION = 200
EPOCHS = 40


def aicc_logits(bin_dir, folder, net, x):
    """The logits aicc's compiled `net` gives for `x`."""
    export_classifier(net, x[:1], folder)
    return compile_and_run(bin_dir, folder, {"x": x})


def int8_kernels(bin_dir, folder):
    """How many int8 convolution kernels aicc selects for folder/model.onnx."""
    return optimized_ir(bin_dir, os.path.join(folder, "model.onnx")).count("aicc_cpu.quantized_conv ")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    images, labels = shuffled_digits("digits_int8")
    images = images[:, None]  # [1797, 1, 8, 8]
    x_train, y_train = torch.from_numpy(images[:TRAIN]), torch.from_numpy(labels[:TRAIN])
    x_test, y_test = images[TRAIN:], labels[TRAIN:]

    net = train(cnn(), x_train, y_train, EPOCHS, lr=0.01, batch=100)
    with torch.no_grad():
        torch_accuracy = (net(torch.from_numpy(x_test)).argmax(1).numpy() == y_test).mean()
        quantized = quantize(net, [x_train[i:i + 1] for i in range(CALIBRATION)])
    fp32 = aicc_logits(args.bin_dir, os.path.join(args.work, "fp32"), net, x_test).argmax(1)
    int8 = aicc_logits(args.bin_dir, os.path.join(args.work, "int8"), quantized, x_test).argmax(1)
    fp32_accuracy, int8_accuracy = (fp32 == y_test).mean(), (int8 == y_test).mean()
    kernels = int8_kernels(args.bin_dir, os.path.join(args.work, "int8"))
    print(f"digits: {len(y_test)} held out; top-1 PyTorch fp32 {100 * torch_accuracy:.2f}%, "
          f"aicc fp32 {100 * fp32_accuracy:.2f}%, aicc int8 {100 * int8_accuracy:.2f}%; "
          f"int8/fp32 agreement {100 * (int8 == fp32).mean():.2f}%; {kernels} int8 conv kernels")
    failures = []
    if kernels != 2:
        failures.append(f"the QDQ model's 2 convolutions became {kernels} int8 kernels")
    if abs(fp32_accuracy - torch_accuracy) > 1.5 / len(y_test):
        failures.append("aicc's fp32 accuracy is not PyTorch's")
    if fp32_accuracy - int8_accuracy > 0.005:
        failures.append("int8 accuracy is more than 0.5 points below fp32")
    if fp32_accuracy < 0.9:
        failures.append("the fp32 model did not learn the digits (accuracy below 90%)")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
