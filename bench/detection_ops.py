#!/usr/bin/env python3
"""Writes three one-op ONNX models (opset 17) for benchmarking TopK, NonMaxSuppression and Unique, in
ONNX's test-data layout:

    detection_ops.py OUTDIR        (bench/detection_bench.sh runs it)

  OUTDIR/topk/model.onnx  X float32 [91, 3000] -> TopK(K=100, axis=-1, largest, sorted) -> values [91,100]
                          float32, indices [91,100] int64 (K is an initializer).
  OUTDIR/nms/model.onnx   boxes float32 [1,3000,4] (x1<x2, y1<y2 inside a 320x320 image), scores float32
                          [1,1,3000] -> NonMaxSuppression(max_output_boxes_per_class=100, iou_threshold=0.5,
                          score_threshold=0.0, all initializers; center_point_box=0) -> selected_indices
                          [n,3] int64 (n = 63 here: most boxes are suppressed).
  OUTDIR/unique/model.onnx  ids int64 [65536] drawn from 5000 values (a batch of token ids) -> Unique(sorted=1)
                          -> Y, indices, inverse_indices, counts (numpy.unique's, ONNX's own reference).

each with test_data_set_0/input_N.pb and output_N.pb. Inputs are random with fixed seeds; the expected
outputs come from straightforward numpy implementations of the ONNX spec (no onnxruntime offline).
TopK's result is exact whatever the data (values are copies; equal values would go to the lower index,
as the spec says, and np.argsort(kind="stable") does). NMS depends on float comparisons, so its scores are
distinct by construction (plain float32 draws would tie: 3000 of them collide with probability ~1/4) and
the script reports how far from the threshold the IoUs it decided on are.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
SEED = 0


def write_case(folder, model, inputs, outputs):
    """folder/model.onnx (checked) and folder/test_data_set_0/{input,output}_N.pb from {name: array} dicts."""
    onnx.checker.check_model(model, full_check=True)
    data = os.path.join(folder, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    for kind, arrays in (("input", inputs), ("output", outputs)):
        for i, (name, array) in enumerate(arrays.items()):
            with open(os.path.join(data, f"{kind}_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(array, name).SerializeToString())


def one_op_model(name, op, inputs, outputs, initializers, **attrs):
    """inputs/outputs: [(name, elem_type, shape)], shape entries ints or dim names."""
    graph = helper.make_graph(
        [helper.make_node(op, [n for n, _, _ in inputs] + [t.name for t in initializers], [n for n, _, _ in outputs], **attrs)],
        name, [helper.make_tensor_value_info(*v) for v in inputs], [helper.make_tensor_value_info(*v) for v in outputs],
        initializer=initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])


def topk_case(out, rows=91, cols=3000, k=100):
    x = np.random.default_rng(SEED).standard_normal((rows, cols), dtype=np.float32)
    idx = np.argsort(-x, axis=-1, kind="stable")[:, :k].astype(np.int64)
    model = one_op_model("topk", "TopK", [("X", TensorProto.FLOAT, [rows, cols])],
                         [("values", TensorProto.FLOAT, [rows, k]), ("indices", TensorProto.INT64, [rows, k])],
                         [numpy_helper.from_array(np.array([k], np.int64), "K")], axis=-1, largest=1, sorted=1)
    write_case(os.path.join(out, "topk"), model, {"X": x},
               {"values": np.take_along_axis(x, idx, -1), "indices": idx})
    print(f"topk: X {list(x.shape)} -> values/indices {list(idx.shape)}")


def unique_case(out, n=65536, values=5000):
    ids = np.random.default_rng(SEED).integers(0, values, n, dtype=np.int64)
    y, indices, inverse, counts = np.unique(ids, return_index=True, return_inverse=True, return_counts=True)
    model = one_op_model("unique", "Unique", [("ids", TensorProto.INT64, [n])],
                         [("Y", TensorProto.INT64, ["u"]), ("indices", TensorProto.INT64, ["u"]),
                          ("inverse_indices", TensorProto.INT64, [n]), ("counts", TensorProto.INT64, ["u"])], [],
                         sorted=1)
    write_case(os.path.join(out, "unique"), model, {"ids": ids},
               {"Y": y, "indices": indices, "inverse_indices": inverse, "counts": counts})
    print(f"unique: ids {list(ids.shape)} -> {len(y)} unique")


def iou(box, boxes):
    """IoU of one (x1,y1,x2,y2) box with each of boxes [N,4], in float64."""
    box, boxes = box.astype(np.float64), boxes.astype(np.float64)
    w = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    inter = w * h
    area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    return inter / (area(box) + area(boxes) - inter)


def nms(boxes, scores, max_out, iou_threshold, score_threshold):
    """ONNX NonMaxSuppression for one batch and class, center_point_box=0 and x1<x2, y1<y2: candidates with
    score > score_threshold in decreasing score order; one is selected unless its IoU with an already
    selected box is > iou_threshold; stops at max_out. Returns the selected indices in selection order and
    the smallest |IoU - iou_threshold| among the comparisons made."""
    order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > score_threshold]
    selected, margin = [], np.inf
    for i in order:
        if len(selected) == max_out:
            break
        overlaps = iou(boxes[i], boxes[selected]) if selected else np.zeros(0)
        if overlaps.size:
            margin = min(margin, np.abs(overlaps - iou_threshold).min())
        if not (overlaps > iou_threshold).any():
            selected.append(i)
    return np.array(selected, np.int64), margin


def nms_case(out, n=3000, objects=60, size=320.0, max_out=100, iou_threshold=0.5, score_threshold=0.0):
    rng = np.random.default_rng(SEED)
    # Detector-like: each box jitters around one of `objects` random objects, so most are suppressed: fewer
    # than max_out are selected and NMS scans all n candidates (the dynamic output is then [63, 3]).
    obj_wh = rng.uniform(16, 96, (objects, 2))
    obj_c = obj_wh / 2 + rng.uniform(0, 1, (objects, 2)) * (size - obj_wh)
    pick = rng.integers(0, objects, n)
    wh = obj_wh[pick] * np.exp(rng.normal(0, 0.1, (n, 2)))
    c = obj_c[pick] + rng.normal(0, 0.05, (n, 2)) * obj_wh[pick]
    boxes = np.clip(np.concatenate([c - wh / 2, c + wh / 2], 1), 0, size).astype(np.float32)[None]
    # Uniform in (0,1) but distinct by construction (3000 plain float32 draws tie with probability ~1/4):
    # a random permutation of n slots, jittered inside each slot, so adjacent scores differ by > 0.2/n.
    scores = ((rng.permutation(n) + rng.uniform(0.1, 0.9, n)) / n).astype(np.float32)[None, None]
    assert np.unique(scores).size == n and scores.min() > score_threshold
    assert (boxes[0, :, 2] > boxes[0, :, 0]).all() and (boxes[0, :, 3] > boxes[0, :, 1]).all()
    keep, margin = nms(boxes[0], scores[0, 0], max_out, iou_threshold, score_threshold)
    assert margin > 1e-5, f"an IoU is within {margin:.1e} of the threshold: change SEED"
    selected = np.stack([np.zeros_like(keep), np.zeros_like(keep), keep], 1)
    consts = [numpy_helper.from_array(np.array([max_out], np.int64), "max_output_boxes_per_class"),
              numpy_helper.from_array(np.array([iou_threshold], np.float32), "iou_threshold"),
              numpy_helper.from_array(np.array([score_threshold], np.float32), "score_threshold")]
    model = one_op_model("nms", "NonMaxSuppression",
                         [("boxes", TensorProto.FLOAT, [1, n, 4]), ("scores", TensorProto.FLOAT, [1, 1, n])],
                         [("selected_indices", TensorProto.INT64, ["selected", 3])], consts, center_point_box=0)
    write_case(os.path.join(out, "nms"), model, {"boxes": boxes, "scores": scores}, {"selected_indices": selected})
    rank = {int(i): r for r, i in enumerate(np.argsort(-scores[0, 0], kind="stable"))}
    print(f"nms: boxes {list(boxes.shape)}, scores {list(scores.shape)} -> selected_indices {list(selected.shape)}; "
          f"the last selection is candidate #{rank[int(keep[-1])] + 1} by score; "
          f"min |IoU - {iou_threshold}| over the comparisons made {margin:.2e}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    topk_case(sys.argv[1])
    nms_case(sys.argv[1])
    unique_case(sys.argv[1])


if __name__ == "__main__":
    main()
