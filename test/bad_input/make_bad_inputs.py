#!/usr/bin/env python3
"""Writes the malformed and unsupported models that aicc must reject with one clear error line.

    make_bad_inputs.py --out DIR

Each case has exactly one defect, and DIR/manifest.json records for it the file to compile and
the substrings the error must contain: every group in "expect" must have one of its strings in the
message (the node, op, value or file that the defect is about). check_bad_input.py reads it.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
# Real ONNX ops a young compiler is unlikely to claim; the checker uses the first one that
# `aicc --list-ops` does not list, so the case keeps working as aicc grows.
UNCLAIMED_CANDIDATES = ["SoftmaxCrossEntropyLoss", "Det", "NonMaxSuppression", "RoiAlign", "Unique", "Hardmax"]


def tensor(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def model(nodes, inputs, outputs, initializers=(), opsets=(("", OPSET),)):
    # make_model, not the checker: most cases are invalid on purpose.
    graph = helper.make_graph(nodes, "bad_input", inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets],
                             producer_name="aicc make_bad_inputs.py")


def unary(op_type, node_name, domain=""):
    """x[2,3] -> op -> y[2,3]: a graph whose only problem is its one node."""
    opsets = [("", OPSET)] + ([(domain, 1)] if domain else [])
    return model([helper.make_node(op_type, ["x"], ["y"], name=node_name, domain=domain)],
                 [tensor("x", [2, 3])], [tensor("y", [2, 3])], opsets=opsets)


def valid_gemm():
    """A small valid model with real weights, for the byte-level cases."""
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((64, 64)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal(64).astype(np.float32), "b")
    return model([helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="gemm")],
                 [tensor("x", [1, 64])], [tensor("y", [1, 64])], [w, b])


def unclaimed(op_type):
    """A valid model made of one real ONNX op, with inputs that op's schema accepts."""
    def int64(name, shape):
        return helper.make_tensor_value_info(name, TensorProto.INT64, shape)

    if op_type == "SoftmaxCrossEntropyLoss":  # training only: never compiled
        return model([helper.make_node("SoftmaxCrossEntropyLoss", ["x", "labels"], ["y"], name="loss_node")],
                     [tensor("x", [2, 3]), int64("labels", [2])], [tensor("y", [])])
    if op_type == "Det":
        return model([helper.make_node("Det", ["x"], ["y"], name="det_node")],
                     [tensor("x", [3, 3])], [tensor("y", [])])
    if op_type == "NonMaxSuppression":
        return model([helper.make_node("NonMaxSuppression", ["boxes", "scores"], ["y"], name="nms_node")],
                     [tensor("boxes", [1, 4, 4]), tensor("scores", [1, 1, 4])],
                     [int64("y", [None, 3])])
    if op_type == "RoiAlign":
        return model([helper.make_node("RoiAlign", ["x", "rois", "idx"], ["y"], name="roialign_node")],
                     [tensor("x", [1, 1, 8, 8]), tensor("rois", [2, 4]), int64("idx", [2])],
                     [tensor("y", [2, 1, 1, 1])])
    if op_type == "Unique":
        return model([helper.make_node("Unique", ["x"], ["y"], name="unique_node")],
                     [tensor("x", [6])], [tensor("y", [None])])
    if op_type == "Hardmax":
        return unary("Hardmax", "hardmax_node")
    raise ValueError(op_type)


def write_model(out, file, m, check=False):
    if check:  # the case's defect must be the only one: the rest is a model ONNX accepts
        onnx.checker.check_model(m, full_check=True)
    with open(os.path.join(out, file), "wb") as f:
        f.write(m.SerializeToString())


def write_bytes(out, file, data):
    with open(os.path.join(out, file), "wb") as f:
        f.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    cases = {}

    def case(name, file, *expect, **extra):
        cases[name] = dict(file=file, expect=[[e] if isinstance(e, str) else list(e) for e in expect], **extra)

    # Files that are not a (whole) ONNX model: the error must name the file.
    gemm = valid_gemm().SerializeToString()
    write_bytes(out, "truncated.onnx", gemm[: len(gemm) // 2])
    case("truncated", "truncated.onnx", "truncated.onnx")
    write_bytes(out, "random_bytes.onnx", np.random.default_rng(1).integers(0, 256, 4096, np.uint8).tobytes())
    case("random_bytes", "random_bytes.onnx", "random_bytes.onnx")
    write_bytes(out, "text.onnx", b"This is a text file, not an ONNX model.\n")
    case("text_file", "text.onnx", "text.onnx")
    # Zero bytes parse as a valid, empty ModelProto: no graph, no opset.
    write_bytes(out, "empty.onnx", b"")
    case("empty_file", "empty.onnx", "empty.onnx")
    case("missing_file", "does_not_exist.onnx", "does_not_exist.onnx")

    # Ops aicc does not compile: the error names the op type.
    write_model(out, "unknown_op.onnx", unary("NotAnOp", "bad_node"))
    case("unknown_op", "unknown_op.onnx", "NotAnOp")
    write_model(out, "custom_domain.onnx", unary("Frobnicate", "custom_node", domain="com.example"))
    case("custom_domain_op", "custom_domain.onnx", "Frobnicate", "com.example")
    for op_type in UNCLAIMED_CANDIDATES:
        write_model(out, f"unclaimed_{op_type}.onnx", unclaimed(op_type), check=True)
    cases["unclaimed_op"] = dict(candidates=[[op, f"unclaimed_{op}.onnx"] for op in UNCLAIMED_CANDIDATES])
    # Both ops in one line: a user fixing a model should not discover them one compile at a time.
    two = model([helper.make_node("FirstMadeUpOp", ["x"], ["t"], name="first_bad"),
                 helper.make_node("SecondMadeUpOp", ["t"], ["y"], name="second_bad")],
                [tensor("x", [2, 3])], [tensor("y", [2, 3])])
    write_model(out, "two_unknown_ops.onnx", two)
    case("two_unknown_ops", "two_unknown_ops.onnx", "FirstMadeUpOp", "SecondMadeUpOp")

    # Broken graphs made of supported ops: the error names a node or value involved.
    cycle = model([helper.make_node("Add", ["x", "b_out"], ["a_out"], name="cycle_a"),
                   helper.make_node("Relu", ["a_out"], ["b_out"], name="cycle_b")],
                  [tensor("x", [2, 3])], [tensor("a_out", [2, 3])])
    write_model(out, "cycle.onnx", cycle)
    case("cycle", "cycle.onnx", ("cycle_a", "cycle_b", "a_out", "b_out"))
    dangling = model([helper.make_node("Add", ["x", "missing_weight"], ["y"], name="uses_missing")],
                     [tensor("x", [2, 3])], [tensor("y", [2, 3])])
    write_model(out, "missing_initializer.onnx", dangling)
    case("missing_initializer", "missing_initializer.onnx", "missing_weight")
    ghost = model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                  [tensor("x", [2, 3])], [tensor("y", [2, 3]), tensor("ghost_output", [2, 3])])
    write_model(out, "undefined_output.onnx", ghost)
    case("undefined_graph_output", "undefined_output.onnx", "ghost_output")

    # Opset 99 of the default domain does not exist (ONNX 1.12 knows up to 17).
    write_model(out, "opset99.onnx", model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                                           [tensor("x", [2, 3])], [tensor("y", [2, 3])],
                                           opsets=(("", 99),)))
    case("opset_99", "opset99.onnx", "99")

    # Initializers whose data is shorter than their dims: reading them would run off the buffer.
    def short_weight(name, raw):
        t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=[3, 4])  # 2 of 12 values:
        if raw:
            t.raw_data = np.array([1.0, 2.0], np.float32).tobytes()
        else:
            t.float_data.extend([1.0, 2.0])
        return model([helper.make_node("MatMul", ["x", name], ["y"], name=f"uses_{name}")],
                     [tensor("x", [2, 3])], [tensor("y", [2, 4])], [t])
    write_model(out, "short_raw_data.onnx", short_weight("short_raw_weight", raw=True))
    case("short_initializer_raw", "short_raw_data.onnx", "short_raw_weight")
    write_model(out, "short_float_data.onnx", short_weight("short_float_weight", raw=False))
    case("short_initializer_float_data", "short_float_data.onnx", "short_float_weight")

    # Recurrent nodes whose attributes are wrong: the error names the node and what is wrong.
    def lstm(name, hidden, **attrs):
        rng = np.random.default_rng(2)
        w = numpy_helper.from_array(rng.standard_normal((1, 16, 3)).astype(np.float32), "w")
        r = numpy_helper.from_array(rng.standard_normal((1, 16, 4)).astype(np.float32), "r")
        return model([helper.make_node("LSTM", ["x", "w", "r"], ["", "y_h"], name=name, hidden_size=hidden, **attrs)],
                     [tensor("x", [5, 2, 3])], [tensor("y_h", [1, 2, hidden])], [w, r])
    write_model(out, "lstm_unknown_activation.onnx", lstm("encoder_lstm", 4, activations=["Sigmoid", "Swish", "Tanh"]))
    case("lstm_unknown_activation", "lstm_unknown_activation.onnx", "encoder_lstm", "Swish")
    write_model(out, "lstm_hidden_size.onnx", lstm("decoder_lstm", 6))
    case("lstm_hidden_size_disagrees", "lstm_hidden_size.onnx", "decoder_lstm")

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
