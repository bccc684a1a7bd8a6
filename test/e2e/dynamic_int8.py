#!/usr/bin/env python3
"""Dynamic int8 (aicc --quantize=dynamic) on real data and on the attention models.

    dynamic_int8.py --bin-dir BIN --models-dir MODELS --work DIR

1. An MLP (three Linear layers with GELU, exported as Gemm) is trained on 1000 of scikit-learn's
   1797 handwritten digits (fixed seed, a few seconds) and compiled by aicc in fp32 and with
   --quantize=dynamic, where all three layers must become int8 matmuls. On the 797 held-out
   digits, run as one batch, the int8 top-1 accuracy must be within 0.5 points of fp32's.
2. Exported transformers of test/models (BERT with a padding mask, a GPT language model, an
   encoder layer; MatMul on 3-D activations, fused projections, a symbolic batch and sequence)
   compiled with --quantize=dynamic, every matmul with constant weights in int8, against the
   outputs PyTorch recorded in fp32: the error relative to the outputs' largest magnitude must stay
   below 6%, and where the last axis is a vocabulary, the top-1 agreement with fp32 at or above
   90%.
3. LSTMs (--quantize=dynamic gives them s8 W and R; X and the state are quantized as they run).
   An LSTM over the digits' eight rows is trained like the MLP (fixed seed, a few seconds) and run
   one digit at a time, 797 data sets on one session, the sequence length where aicc's int8
   recurrence runs (on AVX-512 VNNI; elsewhere the f32 kernel on the dequantized weights): int8
   top-1 accuracy within 0.5 points of fp32's. The exported recurrent models of test/models (the
   text classifier, Seq2Seq, a bidirectional LSTM among a GRU and an RNN; batch 1 and 8) against
   PyTorch's fp32 outputs, with the transformers' bounds.
4. ONNX Runtime's quantize_dynamic form of MatMul (DynamicQuantizeLinear, MatMulInteger with s8
   weights, Cast, Mul by x_scale * w_scale, then a bias Add), built with onnx.helper with one
   weight scale and with one per column, a symbolic batch: one int8 matmul kernel each, against
   numpy's rendering of the operators' definitions at 1e-4 of the largest output.
It prints what it measured. Exits non-zero on a failure.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import TensorProto, helper, numpy_helper

from compiled_model import compile_and_run, error_against_references, optimized_ir, read_tensor
from digits import TRAIN, export_classifier, shuffled_digits, train

EPOCHS = 30
DYNAMIC = ["--quantize=dynamic"]
# name -> (int8 matmuls the model must get, whether its last axis is a vocabulary or classes)
# (two layers of four matmuls each; GPT's tied language-model head is a ninth).
TRANSFORMERS = {"bert_masked_b1": (8, False), "bert_masked_dyn": (8, False), "gpt_small_b1": (9, True),
                "transformer_layer_b1": (4, False)}
# name -> (LSTMs with int8 weights, whether the last axis holds classes).
RECURRENT = {"lstm_classifier_b1": (1, True), "lstm_classifier_b8": (1, True), "lstm_classifier_dyn": (1, True),
             "seq2seq_b1": (2, True), "seq2seq_b8": (2, True), "recurrent_stack_b1": (1, False)}
# Measured on a Zen 5 (VNNI): 1.7-4.5% of the largest output, 97% agreement (2 of GPT's 64 tokens,
# near ties of random weights' flat logits). A wrong scale or zero point is off by 100% or more.
MAX_RELATIVE_ERROR = 0.06
MIN_AGREEMENT = 0.9


def train_mlp(x, y):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(64, 128), nn.GELU(), nn.Linear(128, 64), nn.GELU(), nn.Linear(64, 10))
    return train(net, x, y, EPOCHS, lr=0.003, batch=50)


class DigitsLstm(nn.Module):
    """The digits' eight rows of eight pixels as a sequence: LSTM(64), then a Linear on its final
    state."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 64, batch_first=True)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[0])


def int8_lstms(bin_dir, model, flags=DYNAMIC):
    """How many LSTM kernels aicc gives int8 weights in `model` compiled with `flags`."""
    return optimized_ir(bin_dir, model, flags).count(" w_scales(")


def int8_matmuls(bin_dir, model, flags=DYNAMIC):
    """How many int8 matmul kernels aicc selects for `model` compiled with `flags`."""
    return optimized_ir(bin_dir, model, flags).count(" b_scales(")


def check_digits(args, failures):
    images, labels = shuffled_digits("dynamic_int8")
    images = images.reshape(-1, 64)
    net = train_mlp(torch.from_numpy(images[:TRAIN]), torch.from_numpy(labels[:TRAIN]))
    x_test, y_test = images[TRAIN:], labels[TRAIN:]
    folder = os.path.join(args.work, "digits_mlp")
    model = export_classifier(net, x_test[:1], folder)
    fp32 = compile_and_run(args.bin_dir, folder, {"x": x_test}).argmax(1)
    int8 = compile_and_run(args.bin_dir, folder, {"x": x_test}, DYNAMIC).argmax(1)
    matmuls = int8_matmuls(args.bin_dir, model)
    judge_digits("digits MLP", "", fp32, int8, y_test, f"{matmuls} int8 matmuls", failures)
    if matmuls != 3:
        failures.append(f"digits MLP: its 3 Linear layers became {matmuls} int8 matmuls")


def judge_digits(name, how, fp32, int8, labels, kernels, failures):
    """Prints `name`'s held-out top-1 (run `how`) in fp32 and int8, and what became int8 (`kernels`);
    fails if fp32 did not learn the digits or int8 lost more than 0.5 points."""
    fp32_accuracy, int8_accuracy = (fp32 == labels).mean(), (int8 == labels).mean()
    print(f"{name}: {len(labels)} held out{how}; top-1 aicc fp32 {100 * fp32_accuracy:.2f}%, "
          f"dynamic int8 {100 * int8_accuracy:.2f}%; agreement {100 * (int8 == fp32).mean():.2f}%; {kernels}")
    if fp32_accuracy - int8_accuracy > 0.005:
        failures.append(f"{name}: int8 accuracy is more than 0.5 points below fp32")
    if fp32_accuracy < 0.9:
        failures.append(f"{name}: the fp32 model did not learn the digits (accuracy below 90%)")


def run_one_at_a_time(bin_dir, folder, images, flags):
    """The logits of folder/model.onnx compiled with `flags`, run on one session over one data set
    per image."""
    model, artifact = os.path.join(folder, "model.onnx"), os.path.join(folder, f"model{len(flags)}.so")
    sets, out = os.path.join(folder, "sets"), os.path.join(folder, f"out{len(flags)}")
    for i, image in enumerate(images):
        data = os.path.join(sets, f"test_data_set_{i}")
        os.makedirs(data, exist_ok=True)
        with open(os.path.join(data, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(image[None], "x").SerializeToString())
    subprocess.run([os.path.join(bin_dir, "aicc"), model, "-o", artifact, *flags], check=True)
    subprocess.run([os.path.join(bin_dir, "aicc-run"), artifact, sets, "--iters", "1", "--warmup", "0",
                    "--save-outputs", out], check=True, capture_output=True)
    return np.stack([read_tensor(os.path.join(out, f"data_set_{i}", "output_0.pb"))[0] for i in range(len(images))])


def check_digits_lstm(args, failures):
    images, labels = shuffled_digits("dynamic_int8")
    torch.manual_seed(0)
    net = train(DigitsLstm(), torch.from_numpy(images[:TRAIN]), torch.from_numpy(labels[:TRAIN]), EPOCHS, lr=0.01,
                batch=50)
    x_test, y_test = images[TRAIN:], labels[TRAIN:]
    folder = os.path.join(args.work, "digits_lstm")
    model = export_classifier(net, x_test[:1], folder, opset=14)
    fp32 = run_one_at_a_time(args.bin_dir, folder, x_test, ()).argmax(1)
    int8 = run_one_at_a_time(args.bin_dir, folder, x_test, DYNAMIC).argmax(1)
    lstms = int8_lstms(args.bin_dir, model)
    judge_digits("digits LSTM", ", one at a time", fp32, int8, y_test, f"{lstms} int8 LSTM", failures)
    if lstms != 1:
        failures.append(f"digits LSTM: {lstms} LSTMs with int8 weights, want 1")


def check_exported(args, name, want, classes, failures, count=int8_matmuls, kernels="int8 matmuls"):
    """An exported model of test/models compiled with --quantize=dynamic: `want` `kernels` (as
    `count` counts them), and its outputs against PyTorch's fp32 ones."""
    folder = os.path.join(args.models_dir, name)
    artifact = os.path.join(args.work, f"{name}.so")
    subprocess.run([os.path.join(args.bin_dir, "aicc"), os.path.join(folder, "model.onnx"), "-o", artifact, *DYNAMIC],
                   check=True)
    got = count(args.bin_dir, os.path.join(folder, "model.onnx"))
    if got != want:
        failures.append(f"{name}: {got} {kernels}, want {want}")
    worst, least_agreement = error_against_references(args.bin_dir, artifact, folder, os.path.join(args.work, name),
                                                      classes)
    agreement = f", top-1 agreement {100 * least_agreement:.2f}%" if least_agreement is not None else ""
    print(f"{name}: {got} {kernels}; max error {100 * worst:.2f}% of the largest output{agreement}")
    if worst > MAX_RELATIVE_ERROR:
        failures.append(f"{name}: error {100 * worst:.2f}% of the largest output, above {100 * MAX_RELATIVE_ERROR}%")
    if least_agreement is not None and least_agreement < MIN_AGREEMENT:
        failures.append(f"{name}: top-1 agreement with fp32 below {100 * MIN_AGREEMENT}%")


def ort_dynamic_matmul(per_column, k=96, n=40):
    """quantize_dynamic's graph of x [batch, 7, k] @ W [k, n] + bias, and its weights."""
    rng = np.random.default_rng(5)
    w = rng.integers(-127, 128, size=(k, n)).astype(np.int8)
    w_scale = (rng.uniform(0.001, 0.01, size=n) if per_column else np.array(0.004)).astype(np.float32)
    bias = rng.standard_normal(n).astype(np.float32)
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["x_q", "x_scale", "x_zero_point"]),
             helper.make_node("MatMulInteger", ["x_q", "w", "x_zero_point", "w_zero_point"], ["product"]),
             helper.make_node("Cast", ["product"], ["product_f"], to=TensorProto.FLOAT),
             helper.make_node("Mul", ["x_scale", "w_scale"], ["scale"]),
             helper.make_node("Mul", ["product_f", "scale"], ["scaled"]),
             helper.make_node("Add", ["scaled", "bias"], ["y"])]
    initializers = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(w_scale, "w_scale"),
                    numpy_helper.from_array(np.zeros(n if per_column else (), np.int8), "w_zero_point"),
                    numpy_helper.from_array(bias, "bias")]
    graph = helper.make_graph(nodes, "ort_dynamic_matmul",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 7, k])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 7, n])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    return model, w, w_scale, bias


def dynamic_matmul_reference(x, w, w_scale, bias):
    """The graph by the operators' definitions (ONNX 1.12): DynamicQuantizeLinear in f32, exact
    int32 products."""
    low, high = np.minimum(np.float32(0), x.min()), np.maximum(np.float32(0), x.max())
    scale = (high - low) / np.float32(255)
    zero = np.clip(np.round(-low / scale), 0, 255)
    q = np.clip(np.round(x / scale) + zero, 0, 255)
    product = (q.astype(np.int64) - int(zero)) @ w.astype(np.int64)
    return (product.astype(np.float32) * (scale * w_scale)).astype(np.float32) + bias


def check_ort_dynamic_matmuls(args, failures):
    x = np.random.default_rng(6).standard_normal((3, 7, 96)).astype(np.float32) * 2 + 0.5
    for per_column in (False, True):
        name = f"ort_dynamic_matmul{'_per_column' if per_column else ''}"
        folder = os.path.join(args.work, name)
        os.makedirs(folder, exist_ok=True)
        model, w, w_scale, bias = ort_dynamic_matmul(per_column)
        onnx.save(model, os.path.join(folder, "model.onnx"))
        got = compile_and_run(args.bin_dir, folder, {"x": x})
        want = dynamic_matmul_reference(x, w, w_scale, bias)
        error = float(np.abs(got - want).max() / np.abs(want).max())
        matmuls = int8_matmuls(args.bin_dir, os.path.join(folder, "model.onnx"), flags=())
        print(f"{name}: {matmuls} int8 matmul; error {error:.2e} of the largest output")
        if matmuls != 1:
            failures.append(f"{name}: {matmuls} int8 matmuls, want 1")
        if error > 1e-4:
            failures.append(f"{name}: error {error:.2e} of the largest output, above 1e-4")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--models-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failures = []
    check_digits(args, failures)
    for name, (matmuls, classes) in TRANSFORMERS.items():
        check_exported(args, name, matmuls, classes, failures)
    check_digits_lstm(args, failures)
    for name, (lstms, classes) in RECURRENT.items():
        check_exported(args, name, lstms, classes, failures, int8_lstms, "LSTMs with int8 weights")
    check_ort_dynamic_matmuls(args, failures)
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
