#!/usr/bin/env python3
"""bf16 compute (aicc --precision=bf16) on real data and on exported CNNs and transformers.

    bf16.py --bin-dir BIN --models-dir MODELS --work DIR

On a host with AVX512_BF16 (or AMX) some convolutions, deconvolutions, matmuls and LSTMs of each
model must compute in bf16 (those with enough multiply-adds per element; the count comes from
`aicc --emit=optimized`); on one without, none does and the compile warns. Either way:
1. A CNN trained on 1000 of scikit-learn's handwritten digits (a 3x3 conv from 32 to 64
   channels and a Linear of 4096 to 128 in bf16; the first conv and the classifier, too small to
   gain, in f32) and exported in fp32 keeps its top-1 accuracy on the 797 held-out digits within
   0.5 points of fp32's.
2. Models of test/models, against the outputs PyTorch recorded in fp32: the error relative to the
   outputs' largest magnitude stays below MAX_RELATIVE_ERROR, and where the last axis is a
   vocabulary, top-1 agreement stays above MIN_AGREEMENT. The LSTM text classifier (one sequence,
   and batches of 3 and 8) and the teacher-forced Seq2Seq run their LSTMs in bf16: the small-batch
   kernel's recurrence and oneDNN's primitive.
Run with oneDNN held to AVX2 (ctest e2e_bf16_without_bf16), the kernels marked bf16 compute in f32,
which these bounds hold too. It prints what it measured. Exits non-zero on a failure.
"""
import argparse
import os
import subprocess
import sys

import torch

from compiled_model import compile_and_run, error_against_references, optimized_ir
import torch.nn as nn

from digits import TRAIN, export_classifier, shuffled_digits, train

BF16 = ["--precision=bf16"]
EPOCHS = 15
# The digits CNN's kernels in bf16 on a bf16 host: its second conv and its first Linear.
DIGITS_BF16_KERNELS = 2
# name -> whether its last axis is a vocabulary
MODELS = {"cnn224_b1": False, "squeezenet_b1": False, "resnet18_b1": False, "dcgan_generator_b1": False,
          "bert_masked_b1": False, "gpt_small_b1": True, "transformer_layer_b1": False, "lstm_classifier_b1": False,
          "lstm_classifier_dyn": False, "seq2seq_b1": True}
# bf16 keeps 8 significant bits: each rounded operand is off by up to 2^-9 of itself. Measured on
# a Zen 5 (AVX512_BF16): 0.1-2.5% of the largest output (ResNet-18 and DCGAN's generator, random
# weights, the most). An operand not rounded as said, or read in the wrong layout, is off by far more.
MAX_RELATIVE_ERROR = 0.05
MIN_AGREEMENT = 0.9


def host_has_bf16():
    with open("/proc/cpuinfo") as f:
        flags = next((line for line in f if line.startswith("flags")), "").split()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def kernels(bin_dir, model):
    """(bf16, all) conv, deconv, matmul and LSTM kernels aicc selects for `model` with --precision=bf16."""
    ir = optimized_ir(bin_dir, model, BF16)
    lines = [line for line in ir.splitlines()
             if any(f"aicc_cpu.{op} " in line for op in ("conv", "deconv", "matmul", "rnn <lstm>"))]
    return sum("data_type<bf16>" in line for line in lines), len(lines)


def wide_cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                         nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10))


def check_kernels(name, bf16, total, failures, want=None):
    """On a bf16 host `want` kernels (or any) compute in bf16, elsewhere none."""
    if not host_has_bf16():
        if bf16 != 0:
            failures.append(f"{name}: {bf16} kernels compute in bf16 on a host without bf16 instructions")
    elif (want is None and bf16 == 0) or (want is not None and bf16 != want):
        failures.append(f"{name}: {bf16} of {total} kernels compute in bf16, want {want or 'some'}")


def check_digits(args, failures):
    torch.manual_seed(0)
    images, labels = shuffled_digits("bf16")
    images = images[:, None]
    net = train(wide_cnn(), torch.from_numpy(images[:TRAIN]), torch.from_numpy(labels[:TRAIN]), EPOCHS, lr=0.003,
                batch=100)
    x_test, y_test = images[TRAIN:], labels[TRAIN:]
    folder = os.path.join(args.work, "digits_cnn")
    model = export_classifier(net, x_test[:1], folder)
    fp32 = compile_and_run(args.bin_dir, folder, {"x": x_test}).argmax(1)
    bf16 = compile_and_run(args.bin_dir, folder, {"x": x_test}, BF16).argmax(1)
    fp32_accuracy, bf16_accuracy = (fp32 == y_test).mean(), (bf16 == y_test).mean()
    in_bf16, total = kernels(args.bin_dir, model)
    print(f"digits CNN: {len(y_test)} held out; top-1 fp32 {100 * fp32_accuracy:.2f}%, bf16 "
          f"{100 * bf16_accuracy:.2f}%; agreement {100 * (bf16 == fp32).mean():.2f}%; {in_bf16} of {total} "
          f"kernels in bf16")
    check_kernels("digits CNN", in_bf16, total, failures, DIGITS_BF16_KERNELS)
    if fp32_accuracy < 0.9:
        failures.append("digits CNN: the fp32 model did not learn the digits (accuracy below 90%)")
    if fp32_accuracy - bf16_accuracy > 0.005:
        failures.append("digits CNN: bf16 accuracy is more than 0.5 points below fp32")


def check_model(args, name, vocabulary, failures):
    folder = os.path.join(args.models_dir, name)
    model = os.path.join(folder, "model.onnx")
    artifact = os.path.join(args.work, f"{name}.so")
    subprocess.run([os.path.join(args.bin_dir, "aicc"), model, "-o", artifact, *BF16], check=True)
    in_bf16, total = kernels(args.bin_dir, model)
    check_kernels(name, in_bf16, total, failures)
    worst, least_agreement = error_against_references(args.bin_dir, artifact, folder, os.path.join(args.work, name),
                                                      vocabulary)
    agreement = f", top-1 agreement {100 * least_agreement:.2f}%" if least_agreement is not None else ""
    print(f"{name}: {in_bf16} of {total} kernels in bf16; max error {100 * worst:.2f}% of the largest output"
          f"{agreement}")
    if worst > MAX_RELATIVE_ERROR:
        failures.append(f"{name}: error {100 * worst:.2f}% of the largest output, above {100 * MAX_RELATIVE_ERROR}%")
    if least_agreement is not None and least_agreement < MIN_AGREEMENT:
        failures.append(f"{name}: top-1 agreement with fp32 below {100 * MIN_AGREEMENT}%")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--models-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failures = []
    check_digits(args, failures)
    for name, vocabulary in MODELS.items():
        check_model(args, name, vocabulary, failures)
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
