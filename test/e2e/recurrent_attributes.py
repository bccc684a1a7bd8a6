#!/usr/bin/env python3
"""ONNX RNN, LSTM and GRU with the attributes PyTorch does not export, against numpy.

    recurrent_attributes.py --bin-dir BIN --work DIR

Each case is an ONNX graph of one recurrent node (weights as initializers or as inputs), its
inputs random with a fixed seed and its expected outputs computed here in numpy from ONNX's
operator definitions: sequence_lens, activations with alpha/beta, clip, input_forget, peepholes,
linear_before_reset, both layouts and all directions. These take the kernel's reference cell loop
(what oneDNN's primitives cannot express), oneDNN's batch-major paths or the small-batch LSTM
(--max-isa reaches its narrower instruction sets on a wider host); aicc compiles each case
and aicc-run checks every output (Y, Y_h, Y_c) at atol = rtol = 1e-5. Exits non-zero on a failure.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

from check_case import write_test_data

# ONNX's activation functions (Operators.md, RNN/LSTM/GRU) with their alpha/beta defaults.
ACTIVATIONS = {
    "Sigmoid": (lambda x, a, b: 1 / (1 + np.exp(-x)), None, None),
    "Tanh": (lambda x, a, b: np.tanh(x), None, None),
    "Relu": (lambda x, a, b: np.maximum(x, 0), None, None),
    "Affine": (lambda x, a, b: a * x + b, 1.0, 0.0),
    "LeakyRelu": (lambda x, a, b: np.where(x < 0, a * x, x), 0.01, None),
    "ThresholdedRelu": (lambda x, a, b: np.where(x > a, x, 0), 1.0, None),
    "ScaledTanh": (lambda x, a, b: a * np.tanh(b * x), 1.0, 1.0),
    "HardSigmoid": (lambda x, a, b: np.clip(a * x + b, 0, 1), 0.2, 0.5),
    "Elu": (lambda x, a, b: np.where(x < 0, a * (np.exp(x) - 1), x), 1.0, None),
    "Softsign": (lambda x, a, b: x / (1 + np.abs(x)), None, None),
    "Softplus": (lambda x, a, b: np.log1p(np.exp(x)), None, None),
}
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}
DEFAULTS = {"RNN": ["Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"], "GRU": ["Sigmoid", "Tanh"]}


def activation_functions(names, alphas, betas):
    """alpha and beta are consumed in order by the functions that take them."""
    alphas, betas, functions = list(alphas or []), list(betas or []), []
    for name in names:
        f, alpha, beta = ACTIVATIONS[name]
        if alpha is not None and alphas:
            alpha = alphas.pop(0)
        if beta is not None and betas:
            beta = betas.pop(0)
        functions.append(lambda x, f=f, a=alpha, b=beta: f(x, a, b))
    return functions


def reference(op, x, w, r, b, lens, h0, c0, p, attrs):
    """ONNX's recurrent ops in float64, layout 0 inside; returns Y, Y_h (and Y_c)."""
    layout = attrs.get("layout", 0)
    if layout == 1:
        x = x.transpose(1, 0, 2)
        h0 = None if h0 is None else h0.transpose(1, 0, 2)
        c0 = None if c0 is None else c0.transpose(1, 0, 2)
    T, N, _ = x.shape
    D, H, G = w.shape[0], attrs["hidden_size"], GATES[op]
    names = attrs.get("activations", DEFAULTS[op] * D)
    functions = activation_functions(names, attrs.get("activation_alpha"), attrs.get("activation_beta"))
    per = len(DEFAULTS[op])
    clip = attrs.get("clip")
    cl = (lambda v: np.clip(v, -clip, clip)) if clip else (lambda v: v)
    lens = np.full(N, T) if lens is None else lens
    y = np.zeros((T, D, N, H))
    y_h, y_c = np.zeros((D, N, H)), np.zeros((D, N, H))
    direction = attrs.get("direction", "forward")
    for d in range(D):
        f, g, h = (functions[d * per:(d + 1) * per] + [None, None])[:3]
        W, R = w[d], r[d]
        Wb, Rb = (b[d][:G * H], b[d][G * H:]) if b is not None else (np.zeros(G * H), np.zeros(G * H))
        P = p[d] if p is not None else np.zeros(3 * H)
        reverse = direction == "reverse" or (direction == "bidirectional" and d == 1)
        for n in range(N):
            H_t = h0[d, n] if h0 is not None else np.zeros(H)
            C_t = c0[d, n] if c0 is not None else np.zeros(H)
            steps = range(lens[n] - 1, -1, -1) if reverse else range(lens[n])
            for t in steps:
                xw, hr = W @ x[t, n] + Wb, R @ H_t + Rb
                if op == "LSTM":
                    gate = lambda k: xw[k * H:(k + 1) * H] + hr[k * H:(k + 1) * H]
                    i = f(cl(gate(0) + P[:H] * C_t))
                    fo = 1 - i if attrs.get("input_forget") else f(cl(gate(2) + P[2 * H:] * C_t))
                    C_t = fo * C_t + i * g(cl(gate(3)))
                    o = f(cl(gate(1) + P[H:2 * H] * C_t))
                    H_t = o * h(C_t)
                elif op == "GRU":
                    z = f(cl(xw[:H] + hr[:H]))
                    rr = f(cl(xw[H:2 * H] + hr[H:2 * H]))
                    if attrs.get("linear_before_reset"):
                        cand = g(cl(xw[2 * H:] + rr * hr[2 * H:]))
                    else:
                        cand = g(cl(xw[2 * H:] + R[2 * H:] @ (rr * H_t) + Rb[2 * H:]))
                    H_t = (1 - z) * cand + z * H_t
                else:
                    H_t = f(cl(xw + hr))
                y[t, d, n] = H_t
            y_h[d, n], y_c[d, n] = H_t, C_t
    if layout == 1:
        y, y_h, y_c = y.transpose(2, 0, 1, 3), y_h.transpose(1, 0, 2), y_c.transpose(1, 0, 2)
    outputs = [y, y_h] + ([y_c] if op == "LSTM" else [])
    return [o.astype(np.float32) for o in outputs]


def case(name, op, T, N, I, H, direction="forward", bias=True, lens=None, initial=False, peepholes=False,
         constant_weights=False, **attrs):
    return dict(name=name, op=op, T=T, N=N, I=I, H=H, direction=direction, bias=bias, lens=lens, initial=initial,
                peepholes=peepholes, constant_weights=constant_weights, attrs=attrs)


CASES = [
    case("lstm_sequence_lens", "LSTM", 5, 3, 4, 6, lens=[5, 2, 3], initial=True),
    case("lstm_bidirectional_lens_peepholes", "LSTM", 4, 3, 3, 5, direction="bidirectional", lens=[4, 1, 3],
         initial=True, peepholes=True, constant_weights=True),
    case("lstm_clip_input_forget", "LSTM", 6, 2, 3, 4, clip=0.5, input_forget=1),
    case("lstm_activations", "LSTM", 5, 2, 3, 4, direction="reverse", constant_weights=True,
         activations=["HardSigmoid", "LeakyRelu", "ScaledTanh"], activation_alpha=[0.3, 0.2, 1.5],
         activation_beta=[0.6, 0.7]),
    case("lstm_batch_major_bidirectional", "LSTM", 5, 3, 4, 6, direction="bidirectional", initial=True,
         peepholes=True, layout=1),
    case("gru_activations_batch_major", "GRU", 5, 2, 3, 4, direction="bidirectional", initial=True, layout=1,
         activations=["HardSigmoid", "Softsign", "Sigmoid", "Elu"], activation_alpha=[0.25, 0.8]),
    case("gru_linear_before_reset_clip", "GRU", 5, 3, 4, 5, linear_before_reset=1, clip=1.0, lens=[1, 5, 3],
         constant_weights=True),
    case("gru_linear_before_reset_bidirectional", "GRU", 4, 2, 3, 4, direction="bidirectional",
         linear_before_reset=1, initial=True),
    case("rnn_activations_bidirectional", "RNN", 5, 2, 3, 4, direction="bidirectional",
         activations=["ThresholdedRelu", "Softplus"], activation_alpha=[0.1]),
    case("rnn_affine_reverse_lens", "RNN", 6, 3, 2, 3, direction="reverse", activations=["Affine"],
         activation_alpha=[0.5], activation_beta=[0.1], lens=[6, 3, 4]),
    case("rnn_relu_batch_major", "RNN", 5, 2, 3, 4, direction="reverse", initial=True, layout=1,
         activations=["Relu"]),
    # The small-batch LSTM (one or two sequences, constant R): hidden sizes that leave a partial
    # block of units at every vector width, steps large enough to split over threads, both
    # layouts and all directions.
    case("lstm_small_batch_threaded", "LSTM", 7, 1, 9, 100, initial=True, constant_weights=True),
    case("lstm_small_batch_reverse_no_bias", "LSTM", 6, 1, 3, 96, direction="reverse", bias=False,
         constant_weights=True),
    case("lstm_small_batch_two_bidirectional_batch_major", "LSTM", 5, 2, 4, 20, direction="bidirectional",
         initial=True, constant_weights=True, layout=1),
    case("lstm_small_batch_two_bidirectional_threaded", "LSTM", 4, 2, 5, 70, direction="bidirectional",
         initial=True, constant_weights=True),
    case("lstm_small_batch_seven_h260_batch_major", "LSTM", 3, 7, 6, 260, direction="reverse", initial=True,
         constant_weights=True, layout=1),
]


def build(c, rng, folder):
    op, T, N, I, H = c["op"], c["T"], c["N"], c["I"], c["H"]
    D, G = (2 if c["direction"] == "bidirectional" else 1), GATES[op]
    layout = c["attrs"].get("layout", 0)
    x = rng.standard_normal((N, T, I) if layout else (T, N, I)).astype(np.float32)
    w = (0.5 * rng.standard_normal((D, G * H, I))).astype(np.float32)
    r = (0.5 * rng.standard_normal((D, G * H, H))).astype(np.float32)
    b = (0.3 * rng.standard_normal((D, 2 * G * H))).astype(np.float32) if c["bias"] else None
    lens = np.array(c["lens"], dtype=np.int32) if c["lens"] else None
    state = (N, D, H) if layout else (D, N, H)
    h0 = rng.standard_normal(state).astype(np.float32) if c["initial"] else None
    c0 = rng.standard_normal(state).astype(np.float32) if c["initial"] and op == "LSTM" else None
    p = (0.5 * rng.standard_normal((D, 3 * H))).astype(np.float32) if c["peepholes"] else None

    named = [("X", x), ("W", w), ("R", r), ("B", b), ("sequence_lens", lens), ("initial_h", h0)]
    if op == "LSTM":
        named += [("initial_c", c0), ("P", p)]
    while named[-1][1] is None:
        named.pop()
    weights = {"W", "R", "B", "P"} if c["constant_weights"] else set()
    inputs, initializers, feeds = [], [], []
    for n, array in named:
        if array is None:
            continue
        if n in weights:
            initializers.append(numpy_helper.from_array(array, n))
        else:
            dtype = TensorProto.INT32 if array.dtype == np.int32 else TensorProto.FLOAT
            inputs.append(helper.make_tensor_value_info(n, dtype, array.shape))
            feeds.append((n, array))
    expected = reference(op, x.astype(np.float64), w, r, b, lens, h0, c0, p,
                         dict(c["attrs"], hidden_size=H, direction=c["direction"]))
    output_names = ["Y", "Y_h", "Y_c"][:len(expected)]
    node = helper.make_node(op, [n if a is not None else "" for n, a in named], output_names,
                            hidden_size=H, direction=c["direction"], **c["attrs"])
    graph = helper.make_graph([node], c["name"], inputs,
                              [helper.make_tensor_value_info(n, TensorProto.FLOAT, e.shape)
                               for n, e in zip(output_names, expected)], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    onnx.checker.check_model(model)
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    write_test_data(folder, dict(feeds), dict(zip(output_names, expected)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--filter", default="", help="only the cases whose name contains this")
    parser.add_argument("--max-isa", help="runs the artifacts with ONEDNN_MAX_CPU_ISA set to this "
                        "(reaches the kernels' narrower instruction sets on a wider host)")
    args = parser.parse_args()
    run_env = dict(os.environ, ONEDNN_MAX_CPU_ISA=args.max_isa) if args.max_isa else None
    cases = [(k, c) for k, c in enumerate(CASES) if args.filter in c["name"]]
    failed = 0
    for k, c in cases:
        folder = os.path.join(args.work, c["name"])
        build(c, np.random.default_rng(900 + k), folder)
        artifact = os.path.join(folder, "model.so")
        steps = [[os.path.join(args.bin_dir, "aicc"), os.path.join(folder, "model.onnx"), "-o", artifact],
                 [os.path.join(args.bin_dir, "aicc-run"), artifact, os.path.join(folder, "test_data_set_0"),
                  "--atol", "1e-5", "--rtol", "1e-5", "--iters", "2", "--warmup", "0"]]
        for step, env in zip(steps, [None, run_env]):
            run = subprocess.run(step, capture_output=True, text=True, env=env)
            if run.returncode != 0:
                print(f"FAIL {c['name']}: {' '.join(step)}\n{run.stdout}{run.stderr}")
                failed += 1
                break
        else:
            print(f"PASS {c['name']}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
