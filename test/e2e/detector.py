#!/usr/bin/env python3
"""A tiny SSD-style detector with its post-processing, exported from PyTorch and checked end to end.

    detector.py --bin-dir BIN --work DIR     # export, compile with aicc, check against PyTorch
    detector.py --export DIR                 # export only (bench/detection_bench.sh times it against ORT)

DIR/detector holds model.onnx and test_data_set_0: the image [1,3,64,64] and PyTorch's (eager, eval-mode)
outputs boxes [n,4] float32, scores [n] float32 and labels [n] int64, n data-dependent (what NMS keeps, at
most MAX_DETS). aicc-run checks them at atol = rtol = 1e-4.

The graph is what `torch.onnx.export` makes of a torchvision-style detector: conv backbone, per-level
conv heads permuted to [A,4] box deltas and [A,C] class logits over a constant anchor grid, BoxCoder
decoding (centre/size, exp of dw/dh, clamp) and clipping to the image, softmax, class-agnostic TopK over
the flattened (anchor, class) scores, torchvision.ops.batched_nms (traced: the coordinate-offset trick,
one ONNX NonMaxSuppression, with max_output_boxes_per_class = INT64_MAX) and gathers of the kept boxes,
scores and labels, then a Slice to MAX_DETS of the data-shaped result.

Random weights alone give near-tied scores, so the reference would hinge on float rounding. The heads
therefore add constant per-anchor priors (a stand-in for training): 130 designed (anchor, class) pairs
get well-separated target scores, all other pairs score < 0.01. They are the anchors overlapping four
ground-truth objects (their box-delta prior encodes the object, so their decoded boxes cluster on it and
NMS suppresses each cluster to one box; one object is also predicted as a second class on the very same
boxes, which only the batched-NMS class offset keeps apart), scored 0.95..0.33, then fillers (random
anchors and classes, 0.32..0.05) so that TopK never reaches the near-tied rest. The convs still add to
every delta (std ~0.02) and logit (std ~0.002: larger would break the score gaps below), so the outputs
depend on them, boxes strongly, scores at the ~1e-3 level.
The export asserts the margins that make the reference robust: adjacent scores among the TopK candidates
(and the first one left out) differ by > SCORE_GAP, and no two same-class candidates have an IoU within
IOU_MARGIN of the NMS threshold. Fixed seeds.
"""
import argparse
import math
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import torchvision
from torch import nn
from torchvision.models.detection._utils import BoxCoder

from check_case import check_case, write_test_data

OPSET = 17
SEED = 0
IMAGE = 64
NUM_CLASSES = 6           # incl. background (class 0)
TOPK = 100                # candidates kept before NMS
IOU = 0.5                 # NMS IoU threshold
MAX_DETS = 20             # detections kept after NMS
DESIGNED = 130            # (anchor, class) pairs given well-separated scores
SCORE_GAP = 1e-3          # required gap between adjacent candidate scores
IOU_MARGIN = 0.02         # required distance of every same-class candidate IoU from IOU
# Per level: (feature map size, stride, anchor sizes); aspect ratios shared.
LEVELS = ((8, 8, (12.0, 18.0)), (4, 16, (28.0, 40.0)))
RATIOS = (1.0, 2.0, 0.5)
PER_LOC = len(LEVELS[0][2]) * len(RATIOS)
# Ground-truth objects (x1, y1, x2, y2), class; the third one is also "seen" as class 5 (lower scores).
OBJECTS = (((6, 8, 26, 30), 1), ((30, 6, 58, 22), 2), ((20, 34, 44, 60), 3), ((44, 40, 62, 62), 4))
CONFUSED = {2: 5}         # object index -> a second class predicted on its anchors


def make_anchors():
    """[A,4] anchors (x1,y1,x2,y2) in SSD/torchvision head order: level, y, x, then anchor type."""
    out = []
    for size, stride, scales in LEVELS:
        for i in range(size):
            for j in range(size):
                cx, cy = (j + 0.5) * stride, (i + 0.5) * stride
                for s in scales:
                    for r in RATIOS:
                        w, h = s * math.sqrt(r), s / math.sqrt(r)
                        out.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return torch.tensor(out, dtype=torch.float32)


def design_priors(anchors, coder, gen):
    """Constant logit [A,C] and delta [A,4] priors giving well-separated target scores (see module doc)."""
    a_count = anchors.shape[0]
    logits = torch.full((a_count, NUM_CLASSES), -6.0)
    logits[:, 0] = 0.0
    deltas = torch.zeros(a_count, 4)
    gt = torch.tensor([o[0] for o in OBJECTS], dtype=torch.float32)
    iou = torchvision.ops.box_iou(anchors, gt)                     # [A, objects]
    best, obj = iou.max(dim=1)
    # Target scores, in decreasing order: the other objects' anchors (by IoU), the confused object's anchors
    # (own and second class interleaved; below 0.48 each, so that the two sum to < 0.97), then fillers
    # (random anchors and classes, so that TopK is filled by designed pairs).
    main, block = [], []
    for a in torch.nonzero(best >= 0.35).flatten().tolist():
        o, q = obj[a].item(), best[a].item()
        deltas[a] = coder.encode_single(gt[o:o + 1], anchors[a:a + 1])[0]
        (block if o in CONFUSED else main).append((-q, 0, a, OBJECTS[o][1]))
        if o in CONFUSED and q >= 0.4:
            block.append((-q, 1, a, CONFUSED[o]))
    taken = {p[2] for p in main + block}
    free = [a for a in torch.randperm(a_count, generator=gen).tolist() if a not in taken]
    fillers = [(0, 0, a, 1 + n % (NUM_CLASSES - 1)) for n, a in enumerate(free[:DESIGNED - len(main) - len(block)])]
    pairs = sorted(main) + sorted(block) + fillers
    slots = np.concatenate([np.linspace(0.95, 0.60, len(main)), np.linspace(0.47, 0.33, len(block)),
                            np.linspace(0.32, 0.05, len(fillers))])
    target = torch.zeros(a_count, NUM_CLASSES)
    for t, (_, _, a, c) in zip(slots, pairs):
        target[a, c] = float(t)
    # Softmax inverse with background logit 0: logit_c = log(t_c / p_background), p_background = 1 - sum(t).
    rows = target.sum(1) > 0
    assert target.sum(1).max() < 0.97
    background = 1 - target.sum(1, keepdim=True)
    logits[rows] = torch.where(target > 0, torch.log(target / background), logits)[rows]
    return logits, deltas, len(pairs)


class TinySSD(nn.Module):
    def __init__(self):
        super().__init__()
        conv = lambda i, o: nn.Sequential(nn.Conv2d(i, o, 3, stride=2, padding=1), nn.ReLU())
        self.stem = nn.Sequential(conv(3, 16), conv(16, 32), conv(32, 32))   # 64 -> 8
        self.down = conv(32, 64)                                              # 8 -> 4
        self.reg = nn.ModuleList(nn.Conv2d(c, PER_LOC * 4, 3, padding=1) for c in (32, 64))
        self.cls = nn.ModuleList(nn.Conv2d(c, PER_LOC * NUM_CLASSES, 3, padding=1) for c in (32, 64))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.uniform_(m.bias, -0.1, 0.1)
        with torch.no_grad():      # heads: small, so the priors decide, but not zero
            for m in self.reg:
                m.weight.mul_(0.02), m.bias.mul_(0.2)
            for m in self.cls:
                m.weight.mul_(0.002), m.bias.mul_(0.02)
        self.coder = BoxCoder(weights=(10.0, 10.0, 5.0, 5.0))
        self.register_buffer("anchors", make_anchors())
        logit_prior, delta_prior, self.designed = design_priors(self.anchors, self.coder, torch.Generator().manual_seed(SEED))
        self.register_buffer("logit_prior", logit_prior)
        self.register_buffer("delta_prior", delta_prior)
        a_count = self.anchors.shape[0]
        self.register_buffer("flat_anchor", torch.arange(a_count).repeat_interleave(NUM_CLASSES - 1))
        self.register_buffer("flat_label", torch.arange(1, NUM_CLASSES).repeat(a_count))

    @staticmethod
    def flatten(x, k):
        """[1, PER_LOC*k, H, W] -> [H*W*PER_LOC, k], torchvision SSD head order."""
        n, _, h, w = x.shape
        return x.view(n, -1, k, h, w).permute(0, 3, 4, 1, 2).reshape(-1, k)

    def candidates(self, image):
        """Decoded, clipped boxes [A,4] and softmax scores [A,C]."""
        f0 = self.stem(image)
        feats = (f0, self.down(f0))
        deltas = torch.cat([self.flatten(h(f), 4) for h, f in zip(self.reg, feats)]) + self.delta_prior
        logits = torch.cat([self.flatten(h(f), NUM_CLASSES) for h, f in zip(self.cls, feats)]) + self.logit_prior
        boxes = self.coder.decode_single(deltas, self.anchors)
        boxes = torchvision.ops.clip_boxes_to_image(boxes, (IMAGE, IMAGE))
        return boxes, torch.softmax(logits, dim=-1)

    def topk(self, boxes, scores):
        """Class-agnostic TopK over (anchor, foreground class): boxes [K,4], scores [K], labels [K]."""
        fg = scores[:, 1:]
        top_scores, idx = fg.reshape(-1).topk(TOPK)
        # Constant tables map a flat index to its anchor and label: two Gathers instead of idx // (C-1)
        # and idx % (C-1) (integer floor division exports as Div/Less/Xor/Not/And/Equal, % as Mod) or an
        # expansion of the boxes to [A*(C-1), 4] (Expand behind Shape/Where arithmetic).
        return boxes[self.flat_anchor[idx]], top_scores, self.flat_label[idx]

    def forward(self, image):
        boxes, scores, labels = self.topk(*self.candidates(image))
        keep = torchvision.ops.batched_nms(boxes, scores, labels, IOU)[:MAX_DETS]
        return boxes[keep], scores[keep], labels[keep]


def check_margins(model, image):
    """Asserts that the reference does not hinge on near-ties (see module doc); returns a summary."""
    with torch.no_grad():
        boxes, scores = model.candidates(image)
        fg = scores[:, 1:].reshape(-1)
        ordered = fg.sort(descending=True).values[:TOPK + 1]
        gap = (ordered[:-1] - ordered[1:]).min().item()
        b, s, l = model.topk(boxes, scores)
        iou = torchvision.ops.box_iou(b, b)
        same = (l[:, None] == l[None, :]) & ~torch.eye(TOPK, dtype=torch.bool)
        closest = (iou[same] - IOU).abs().min().item()
        kept = torchvision.ops.batched_nms(b, s, l, IOU).numel()
    assert gap > SCORE_GAP, f"min score gap {gap:.2e} among top {TOPK + 1} <= {SCORE_GAP}"
    assert closest > IOU_MARGIN, f"a same-class candidate IoU is within {closest:.3f} of {IOU}"
    return (f"NMS keeps {kept} of {TOPK} candidates (outputs: the first {MAX_DETS}); designed pairs {model.designed}, "
            f"top-{TOPK} scores {ordered[TOPK - 1]:.4f}..{ordered[0]:.4f}, "
            f"score #{TOPK + 1} {ordered[TOPK]:.4f}, min adjacent gap {gap:.2e}, "
            f"min |IoU-{IOU}| over same-class candidate pairs {closest:.3f}")


def export(folder):
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(SEED)
    model = TinySSD().eval()
    image = torch.from_numpy(np.random.default_rng(SEED).random((1, 3, IMAGE, IMAGE), dtype=np.float32))
    print(check_margins(model, image), flush=True)
    path = os.path.join(folder, "model.onnx")
    names = ["boxes", "scores", "labels"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, image, path, opset_version=OPSET, do_constant_folding=True,
                          input_names=["image"], output_names=names,
                          dynamic_axes={n: {0: "detections"} for n in names})
    onnx.checker.check_model(onnx.load(path), full_check=True)
    with torch.no_grad():
        ref = [t.numpy() for t in model(image)]
    write_test_data(folder, {"image": image.numpy()}, dict(zip(names, ref)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", help="folder holding aicc and aicc-run")
    parser.add_argument("--work", help="folder for the case")
    parser.add_argument("--export", metavar="DIR", help="only export, into DIR/detector")
    args = parser.parse_args()
    if args.export:
        export(os.path.join(args.export, "detector"))
        return 0
    if not args.bin_dir or not args.work:
        parser.error("--bin-dir and --work are needed (or --export)")
    folder = os.path.join(args.work, "detector")
    export(folder)
    return 0 if check_case(args.bin_dir, "detector", folder) else 1


if __name__ == "__main__":
    sys.exit(main())
