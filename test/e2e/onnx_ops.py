#!/usr/bin/env python3
"""Single ONNX ops that PyTorch does not export (or exports differently), each compiled and checked against PyTorch.

    onnx_ops.py --bin-dir BIN --work DIR [--only NAME ...]

One onnx.helper graph (opset 17, default domain) around one op per case, over seeded numpy inputs:
LpPool with pads and strides, GlobalLpPool, LpNormalization, MeanVarianceNormalization,
ReverseSequence, Det (batched, singular), EyeLike (k, dtype), DFT (real, onesided, inverse, padded and cut), the Hann/Hamming/Blackman windows
(periodic and symmetric, size a constant or a graph input), Shrink, LRN, TopK with K a graph input,
NonMaxSuppression, MaxRoiPool, STFT, Unique and the quantization ops (QuantizeLinear, DequantizeLinear,
DynamicQuantizeLinear, MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv: torch's quantized tensors, integer
matmul and float64 conv2d of the integers, which is exact). The reference is PyTorch's, torchvision's or numpy's function for the
same definition (torch.linalg.det, F.local_response_norm, torchvision.ops.nms and roi_pool, torch.stft, numpy.unique,
...), never a rendering of the op written here; aicc-run checks it at atol = rtol = 1e-4. Exits non-zero on a failure.
"""
import os
import sys
import zlib

import numpy as np
import onnx
import torch
import torch.nn.functional as F
import torchvision
from onnx import helper, mapping, numpy_helper

from check_case import run_cases, write_test_data

t = torch.from_numpy


def case(op, inputs, outputs, constants=(), dynamic=False, **attributes):
    """One `op` node over `inputs` ({name: array} in the op's order; those named in `constants` become
    initializers, the rest graph inputs) giving `outputs` ({name: expected torch tensor}). With
    `dynamic`, outputs are declared with symbolic dims (their size is only known at run time)."""
    return op, inputs, {k: v.numpy() for k, v in outputs.items()}, set(constants), dynamic, attributes


def randn(r, *shape):
    return r.standard_normal(shape).astype(np.float32)


def stft(r):
    """torch.stft without centering, a Hann window and hop 5, both run-time inputs; ONNX's
    [batch, frames, bins, 2] is torch's complex [batch, bins, frames] as real pairs, frames and bins
    swapped. (ONNX's own test_stft covers frame_length without a window.)"""
    x = randn(r, 2, 70)
    window = torch.hann_window(16)
    y = torch.stft(t(x), 16, hop_length=5, window=window, center=False, onesided=True, return_complex=True)
    inputs = {"signal": x[..., None], "frame_step": np.array(5, np.int64), "window": window.numpy()}
    return case("STFT", inputs, {"y": torch.view_as_real(y).permute(0, 2, 1, 3)})


def max_roi_pool(r, scale):
    """Fast R-CNN's roi pooling against torchvision.ops.roi_pool: regions across two images, one past
    the border, one a single pixel, one reversed (x2 < x1: a one-pixel roi)."""
    x = randn(r, 2, 3, 10, 12)
    rois = np.array([[0, 1.0, 1.0, 8.5, 6.0], [1, 0.0, 2.5, 13.0, 11.9], [1, 4.0, 4.0, 4.0, 4.0],
                     [0, 6.0, 5.0, 2.0, 3.0], [1, 2.2, 0.4, 9.7, 7.1]], np.float32)
    y = torchvision.ops.roi_pool(t(x), t(rois), (3, 2), spatial_scale=scale)
    return case("MaxRoiPool", {"x": x, "rois": rois}, {"y": y}, pooled_shape=[3, 2], spatial_scale=scale)


def lp_pool(r, p, kernel, strides, pads):
    """ONNX's (sum |x|^p)^(1/p) over zero-padded windows: lp_pool2d of |x| (torch sums x^p, which for
    odd p is not |x|^p) after F.pad (lp_pool2d has no padding); ONNX pads are [top, left, bottom, right]."""
    x = randn(r, 2, 3, 9, 8)
    y = F.lp_pool2d(F.pad(t(x).abs(), (pads[1], pads[3], pads[0], pads[2])), p, kernel, strides)
    return case("LpPool", {"x": x}, {"y": y}, p=p, kernel_shape=kernel, strides=strides, pads=pads)


def global_lp_pool(r, p):
    x = randn(r, 2, 3, 5, 7)
    return case("GlobalLpPool", {"x": x}, {"y": t(x).abs().pow(p).sum((2, 3), keepdim=True).pow(1 / p)}, p=p)


def lp_normalization(r, p, axis):
    x = randn(r, 2, 4, 6)
    return case("LpNormalization", {"x": x}, {"y": F.normalize(t(x), p, axis)}, p=p, axis=axis)


def mean_variance_normalization(r, axes=None):
    """ONNX's function body: (x - mean) / (population std + 1e-9) over `axes` (default [0, 2, 3])."""
    x = randn(r, 2, 3, 4, 5)
    var, mean = torch.var_mean(t(x), axes or [0, 2, 3], unbiased=False, keepdim=True)
    attributes = {} if axes is None else {"axes": axes}
    return case("MeanVarianceNormalization", {"x": x}, {"y": (t(x) - mean) / (var.sqrt() + 1e-9)}, **attributes)


def reverse_sequence(r, shape, time_axis, batch_axis, lens, constant_lens):
    """Per batch entry, the first lens[b] steps flipped, the rest copied."""
    x = randn(r, *shape)
    lens = np.array(lens, np.int64)
    y = t(x).clone()
    for b, n in enumerate(lens):
        axis = time_axis - (batch_axis < time_axis)
        y.select(batch_axis, b).narrow(axis, 0, n).copy_(t(x).select(batch_axis, b).narrow(axis, 0, n).flip(axis))
    return case("ReverseSequence", {"x": x, "sequence_lens": lens}, {"y": y},
                constants={"sequence_lens"} if constant_lens else (), time_axis=time_axis, batch_axis=batch_axis)


def det(r, shape, singular=()):
    """Matrices listed in `singular` get small integer entries with row 2 = row 0 + row 1 (exactly
    singular in float32). The reference is torch.linalg.det of the same float32 data in float64,
    rounded to float32: float32 LU is then the only error, well inside 1e-4 for these unit-scale
    5x5 matrices (|det| < 30), and a singular one's residue is ~1e-6 against its exact 0."""
    x = randn(r, *shape)
    for b in singular:
        m = r.integers(-3, 4, shape[-2:]).astype(np.float32)
        m[2] = m[0] + m[1]
        x[b] = m
    return case("Det", {"x": x}, {"y": torch.linalg.det(t(x).double()).float()})


def eye_like(r, shape, k, dtype=None):
    """Ones where column - row == k: torch.ones(...).triu(k).tril(k), as `dtype` (else the input's)."""
    x = randn(r, *shape)
    y = torch.ones(shape).triu(k).tril(k).to(torch.int32 if dtype == onnx.TensorProto.INT32 else torch.float32)
    return case("EyeLike", {"x": x}, {"y": y}, k=k, **({} if dtype is None else {"dtype": dtype}))


# ONNX's HammingWindow uses a0 = 25/46 and a1 = 21/46 (its function body), not torch's default 0.54/0.46.
WINDOWS = {"HannWindow": torch.hann_window, "BlackmanWindow": torch.blackman_window,
           "HammingWindow": lambda n, periodic, dtype: torch.hamming_window(n, periodic, 25 / 46, 21 / 46, dtype=dtype)}


def window(r, op, size, periodic, constant_size, size_type=np.int64, output_datatype=None):
    """A window of `size` (a scalar initializer, or a scalar graph input: the output's length is then
    only known at run time)."""
    dtype = torch.float64 if output_datatype == onnx.TensorProto.DOUBLE else torch.float32
    y = WINDOWS[op](size, periodic=bool(periodic), dtype=dtype)
    attributes = {} if output_datatype is None else {"output_datatype": output_datatype}
    return case(op, {"size": np.array(size, size_type)}, {"y": y}, constants={"size"} if constant_size else (),
                dynamic=not constant_size, periodic=periodic, **attributes)


def shrink(r, lambd, soft):
    """Shrink with bias = lambd is softshrink, with bias = 0 hardshrink."""
    x = randn(r, 3, 4, 5) * 2
    y = F.softshrink(t(x), lambd) if soft else F.hardshrink(t(x), lambd)
    return case("Shrink", {"x": x}, {"y": y}, lambd=lambd, bias=lambd if soft else 0.0)


def lrn(r, size, alpha, beta, bias):
    """ONNX's window over channels [c - floor((size-1)/2), c + ceil((size-1)/2)] is torch's for odd sizes."""
    x = randn(r, 2, 7, 4, 5)
    y = F.local_response_norm(t(x), size, alpha, beta, bias)
    return case("LRN", {"x": x}, {"y": y}, size=size, alpha=alpha, beta=beta, bias=bias)


def top_k(r, shape, k, axis, largest):
    """K as a graph input: the outputs' size along `axis` is only known at run time."""
    x = randn(r, *shape)
    values, indices = torch.topk(t(x), k, axis, largest=bool(largest))
    return case("TopK", {"x": x, "k": np.array([k], np.int64)}, {"values": values, "indices": indices},
                dynamic=True, axis=axis, largest=largest)


def unique(x, axis=None, is_sorted=1, outputs=4):
    """numpy.unique (ONNX's own reference) with every output; without `is_sorted`, its groups are
    reordered by first occurrence. The first `outputs` of Y, indices, inverse_indices and counts are
    asked for, the rest left off the node."""
    y, indices, inverse, counts = np.unique(x, return_index=True, return_inverse=True, return_counts=True, axis=axis)
    if not is_sorted:
        order = np.argsort(indices, kind="stable")
        y, indices, counts = np.take(y, order, axis=0 if axis is None else axis), indices[order], counts[order]
        inverse = np.argsort(order)[inverse]
    expected = {"y": y, "indices": indices, "inverse_indices": inverse.reshape(-1), "counts": counts}
    expected = {k: t(np.ascontiguousarray(v)) for k, v in list(expected.items())[:outputs]}
    attributes = {"sorted": is_sorted} if axis is None else {"sorted": is_sorted, "axis": axis}
    return case("Unique", {"x": x}, expected, dynamic=True, **attributes)


def unique_slices(r, shape, axis, is_sorted, outputs=4):
    """Integer slices along `axis`, some repeated: the size along the axis is 2 * shape[axis]."""
    x = r.integers(-3, 3, shape, dtype=np.int32)
    x = np.take(np.concatenate([x, x], axis=axis), r.permutation(2 * shape[axis]), axis=axis)
    x[(slice(None),) * axis + (0,)] = 7  # one slice that occurs once
    return unique(x, axis if r.integers(2) else axis - x.ndim, is_sorted, outputs)


def quantize_linear(r, dtype, axis=None):
    """torch.quantize_per_tensor / per_channel: round half to even, plus the zero point, saturated."""
    x = randn(r, 2, 3, 4) * 3
    signed = dtype == torch.qint8
    if axis is None:
        scale, zero = np.array(0.05, np.float32), np.array(-3 if signed else 128)
        y = torch.quantize_per_tensor(t(x), float(scale), int(zero), dtype)
    else:
        scale = r.uniform(0.01, 0.1, x.shape[axis]).astype(np.float32)
        zero = r.integers(-10, 10, x.shape[axis]) if signed else r.integers(100, 150, x.shape[axis])
        y = torch.quantize_per_channel(t(x), t(scale.astype(np.float64)), t(zero), axis, dtype)
    zero = zero.astype(np.int8 if signed else np.uint8)
    attributes = {} if axis is None else {"axis": axis}
    return case("QuantizeLinear", {"x": x, "scale": scale, "zero": zero}, {"y": y.int_repr()}, constants=["scale", "zero"],
                **attributes)


def dequantize_linear(r, signed, axis=None):
    """torch's quantized tensor made from the integers, dequantized: (x - zero) * scale."""
    x = r.integers(-128, 128, (3, 4, 2)).astype(np.int8) if signed else r.integers(0, 256, (3, 4, 2)).astype(np.uint8)
    if axis is None:
        scale, zero = np.array(0.02, np.float32), np.array(-5 if signed else 130, x.dtype)
        y = torch._make_per_tensor_quantized_tensor(t(x), float(scale), int(zero)).dequantize()
    else:
        scale = r.uniform(0.01, 0.1, x.shape[axis]).astype(np.float32)
        zero = r.integers(-10, 10, x.shape[axis]).astype(x.dtype) if signed else r.integers(100, 150, x.shape[axis]).astype(x.dtype)
        y = torch._make_per_channel_quantized_tensor(t(x), t(scale.astype(np.float64)), t(zero.astype(np.int64)),
                                                     axis).dequantize()
    attributes = {} if axis is None else {"axis": axis}
    return case("DequantizeLinear", {"x": x, "scale": scale, "zero": zero}, {"y": y}, constants=["scale", "zero"],
                **attributes)


def dynamic_quantize_linear(r, shift):
    """torch's MinMaxObserver (range widened to hold 0, uint8 affine) gives the scale and zero point,
    torch.quantize_per_tensor the integers."""
    x = randn(r, 4, 5) + shift
    observer = torch.ao.quantization.MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
    observer(t(x))
    scale, zero = observer.calculate_qparams()
    y = torch.quantize_per_tensor(t(x), float(scale), int(zero), torch.quint8).int_repr()
    return case("DynamicQuantizeLinear", {"x": x},
                {"y": y, "y_scale": scale.reshape(()).float(), "y_zero_point": zero.reshape(()).to(torch.uint8)})


def matmul_integer(r, a_shape, b_shape, a_zero_per_row=False):
    """torch.matmul of the widened integers less their zero points (uint8 a, int8 b)."""
    a = r.integers(0, 256, a_shape).astype(np.uint8)
    b = r.integers(-128, 128, b_shape).astype(np.int8)
    a_zero = r.integers(100, 150, a_shape[-2]).astype(np.uint8) if a_zero_per_row else np.array(128, np.uint8)
    b_zero = np.array(-2, np.int8)
    a_wide = t(a.astype(np.int64)) - t(a_zero.astype(np.int64)).reshape((-1, 1) if a_zero_per_row else ())
    y = torch.matmul(a_wide, t(b.astype(np.int64)) - int(b_zero)).int()
    return case("MatMulInteger", {"a": a, "b": b, "a_zero_point": a_zero, "b_zero_point": b_zero}, {"y": y},
                constants=["a_zero_point", "b_zero_point"])


def qlinear_matmul(r):
    """The integer product (torch.matmul on the widened integers) requantized by torch.quantize_per_tensor
    of acc * (a_scale * b_scale / y_scale) (float32, as ONNX Runtime computes the multiplier)."""
    a = r.integers(0, 256, (2, 3, 4)).astype(np.uint8)
    b = r.integers(-128, 128, (2, 4, 5)).astype(np.int8)
    a_scale, b_scale, y_scale = (np.array(v, np.float32) for v in (0.02, 0.01, 0.15))
    a_zero, b_zero, y_zero = np.array(120, np.uint8), np.array(3, np.int8), np.array(110, np.uint8)
    acc = torch.matmul(t(a.astype(np.int64)) - int(a_zero), t(b.astype(np.int64)) - int(b_zero))
    multiplier = np.float32(np.float32(a_scale * b_scale) / y_scale)
    y = torch.quantize_per_tensor(acc.float() * float(multiplier), 1.0, int(y_zero), torch.quint8).int_repr()
    inputs = {"a": a, "a_scale": a_scale, "a_zero_point": a_zero, "b": b, "b_scale": b_scale, "b_zero_point": b_zero,
              "y_scale": y_scale, "y_zero_point": y_zero}
    return case("QLinearMatMul", inputs, {"y": y}, constants=[k for k in inputs if k not in ("a", "b")])


def integer_conv(x, x_zero, w, w_zero, stride, dilation, group, pads):
    """torch's conv2d in float64 (exact for these sizes) of the integers less their zero points;
    ONNX pads are [top, left, bottom, right], and the padding holds x's zero point (0 after the shift)."""
    shifted_x = t(x.astype(np.float64)) - float(x_zero)
    shifted_w = t(w.astype(np.float64)) - t(w_zero.astype(np.float64)).reshape(-1, 1, 1, 1)
    padded = F.pad(shifted_x, (pads[1], pads[3], pads[0], pads[2]))
    return F.conv2d(padded, shifted_w, stride=stride, dilation=dilation, groups=group).round().to(torch.int64)


def conv_integer(r, x_shape, w_shape, stride, dilation, group, pads, per_channel_zero):
    x = r.integers(0, 256, x_shape).astype(np.uint8)
    w = r.integers(-128, 128, w_shape).astype(np.int8)
    x_zero = np.array(120, np.uint8)
    w_zero = r.integers(-5, 5, w_shape[0]).astype(np.int8) if per_channel_zero else np.array(3, np.int8)
    y = integer_conv(x, x_zero, w, w_zero, stride, dilation, group, pads).int()
    return case("ConvInteger", {"x": x, "w": w, "x_zero_point": x_zero, "w_zero_point": w_zero}, {"y": y},
                constants=["w", "x_zero_point", "w_zero_point"], strides=[stride] * 2, dilations=[dilation] * 2,
                group=group, pads=pads)


def qlinear_conv(r):
    """Per output channel weight scales and an int32 bias; the requantization as for QLinearMatMul."""
    x = r.integers(0, 256, (2, 3, 8, 8)).astype(np.uint8)
    w = r.integers(-128, 128, (4, 3, 3, 3)).astype(np.int8)
    bias = r.integers(-2000, 2000, 4).astype(np.int32)
    x_scale, y_scale = np.array(0.02, np.float32), np.array(0.2, np.float32)
    w_scale = r.uniform(0.002, 0.01, 4).astype(np.float32)
    x_zero, w_zero, y_zero = np.array(125, np.uint8), np.zeros(4, np.int8), np.array(100, np.uint8)
    acc = integer_conv(x, x_zero, w, w_zero, 1, 1, 1, [1, 1, 1, 1]) + t(bias.astype(np.int64)).reshape(1, -1, 1, 1)
    multiplier = (x_scale * w_scale).astype(np.float32) / y_scale
    v = acc.float() * t(multiplier.astype(np.float32)).reshape(1, -1, 1, 1)
    y = torch.quantize_per_tensor(v, 1.0, int(y_zero), torch.quint8).int_repr()
    inputs = {"x": x, "x_scale": x_scale, "x_zero_point": x_zero, "w": w, "w_scale": w_scale, "w_zero_point": w_zero,
              "y_scale": y_scale, "y_zero_point": y_zero, "B": bias}
    return case("QLinearConv", inputs, {"y": y}, constants=[k for k in inputs if k != "x"], pads=[1, 1, 1, 1])


def max_pool_constant_input(r):
    """A pool of an initializer too large to be evaluated at compile time: the kernel reads the
    artifact's constant (the model has no inputs). Against F.max_pool2d."""
    x = randn(r, 1, 8, 96, 96)
    return case("MaxPool", {"x": x}, {"y": F.max_pool2d(t(x), 2)}, constants=["x"], kernel_shape=[2, 2], strides=[2, 2])


def non_max_suppression(r, center_point_box, swap_corners=False, batches=2, classes=3, n=10, max_out=3,
                        iou=0.5, score=0.3):
    """Boxes jittered around three centers per batch (so some overlap beyond `iou`), distinct scores
    (k + 0.5) / n per class, none within 0.01 of `score`. The reference runs torchvision.ops.nms per
    (batch, class) on the boxes scoring above `score`, keeps the first `max_out` and lists them in
    ONNX's order (batch, class, selection). With `swap_corners`, some corner boxes are given as
    [y2, x2, y1, x1] (ONNX takes either diagonal pair)."""
    centers = r.uniform(0, 10, (batches, 3, 2))[:, r.integers(0, 3, n)]
    sizes = r.uniform(1.5, 3.5, (batches, n, 2))
    xyxy = torch.tensor(np.concatenate([centers - sizes / 2, centers + sizes / 2], -1), dtype=torch.float32)
    gaps = [(torchvision.ops.box_iou(b, b) - iou).abs().min().item() for b in xyxy]
    assert min(gaps) > 1e-3, "regenerate: an IoU is within 1e-3 of the threshold"
    scores = np.stack([np.stack([(r.permutation(n) + 0.5) / n for _ in range(classes)]) for _ in range(batches)])
    scores = scores.astype(np.float32)
    selected = []
    for b in range(batches):
        for c in range(classes):
            candidates = torch.nonzero(t(scores[b, c]) > score)[:, 0]
            keep = torchvision.ops.nms(xyxy[b, candidates], t(scores[b, c])[candidates], iou)[:max_out]
            selected += [[b, c, int(i)] for i in candidates[keep]]
    # center_point_box=0 is [y1, x1, y2, x2]; IoU is the same with x and y swapped, so torchvision's
    # [x1, y1, x2, y2] order needs no change.
    boxes = torchvision.ops.box_convert(xyxy, "xyxy", "cxcywh") if center_point_box else xyxy.clone()
    if swap_corners:
        boxes[:, ::3] = boxes[:, ::3][..., [2, 3, 0, 1]]
    inputs = {"boxes": boxes.numpy(), "scores": scores, "max_output_boxes_per_class": np.array([max_out], np.int64),
              "iou_threshold": np.array([iou], np.float32), "score_threshold": np.array([score], np.float32)}
    return case("NonMaxSuppression", inputs, {"selected_indices": torch.tensor(selected, dtype=torch.int64)},
                constants={"max_output_boxes_per_class", "iou_threshold", "score_threshold"}, dynamic=True,
                center_point_box=center_point_box)


def dft(r, shape, axis, complex_input=False, inverse=False, onesided=False, length=None):
    """torch.fft.fft / ifft / rfft along `axis` of a [batch, signal..., 1 or 2] tensor, n = length."""
    x = randn(r, *shape, 2 if complex_input else 1)
    signal = torch.view_as_complex(t(x)) if complex_input else t(x)[..., 0]
    n = length or shape[axis]
    fn = torch.fft.ifft if inverse else torch.fft.rfft if onesided else torch.fft.fft
    y = torch.view_as_real(fn(signal, n=n, dim=axis).to(torch.complex64)).contiguous()
    inputs = {"input": x}
    if length:
        inputs["dft_length"] = np.array(length, np.int64)
    return case("DFT", inputs, {"output": y}, constants={"dft_length"}, axis=axis, inverse=int(inverse),
                onesided=int(onesided))


CASES = {
    "lp_pool_p2_k3_s2_pads": lambda r: lp_pool(r, 2, [3, 3], [2, 2], [1, 1, 1, 1]),
    "lp_pool_p2_k3_s1_asymmetric_pads": lambda r: lp_pool(r, 2, [3, 3], [1, 1], [1, 0, 0, 2]),
    "lp_pool_p1_k2_s2": lambda r: lp_pool(r, 1, [2, 2], [2, 2], [0, 0, 0, 0]),
    "lp_pool_p1_k2x3_s1x2_pads": lambda r: lp_pool(r, 1, [2, 3], [1, 2], [0, 1, 1, 1]),
    "global_lp_pool_p2": lambda r: global_lp_pool(r, 2),
    "global_lp_pool_p3": lambda r: global_lp_pool(r, 3),
    "lp_normalization_p1_last": lambda r: lp_normalization(r, 1, -1),
    "lp_normalization_p2_axis1": lambda r: lp_normalization(r, 2, 1),
    "mvn_default_axes": lambda r: mean_variance_normalization(r),
    "mvn_axes_2_3": lambda r: mean_variance_normalization(r, [2, 3]),
    "reverse_sequence_time_major": lambda r: reverse_sequence(r, (5, 4, 3), 0, 1, [5, 3, 1, 4], False),
    "reverse_sequence_batch_major": lambda r: reverse_sequence(r, (4, 6, 2), 1, 0, [1, 6, 3, 2], True),
    "det_3x3": lambda r: det(r, (3, 3)),
    "det_batched_3x3_singular": lambda r: det(r, (4, 3, 3), singular=[1]),
    "det_batched_5x5_singular": lambda r: det(r, (6, 5, 5), singular=[0, 4]),
    "eye_like_k0": lambda r: eye_like(r, (4, 6), 0),
    "eye_like_k1_int32": lambda r: eye_like(r, (4, 6), 1, onnx.TensorProto.INT32),
    "eye_like_k-2_int32": lambda r: eye_like(r, (5, 3), -2, onnx.TensorProto.INT32),
    **{f"{op[:-6].lower()}_window_{kind}_{size}": (lambda r, op=op, size=size, kind=kind:
                                                  window(r, op, size, int(kind == "periodic"), True))
       for op in WINDOWS for kind, size in (("periodic", 16), ("symmetric", 9))},
    **{f"{op[:-6].lower()}_window_{kind}_{size}_size_input": (lambda r, op=op, size=size, kind=kind:
                                                             window(r, op, size, int(kind == "periodic"), False))
       for op in WINDOWS for kind, size in (("periodic", 10), ("symmetric", 7))},
    "hann_window_int32_size_double_output": lambda r: window(r, "HannWindow", 12, 1, True, np.int32,
                                                               onnx.TensorProto.DOUBLE),
    "shrink_soft": lambda r: shrink(r, 0.4, True),
    "shrink_hard": lambda r: shrink(r, 0.7, False),
    "lrn_size3": lambda r: lrn(r, 3, 0.02, 0.75, 1.0),
    "lrn_size5": lambda r: lrn(r, 5, 0.1, 0.6, 2.0),
    "dft_real_axis1": lambda r: dft(r, (2, 12, 3), 1),
    "dft_real_onesided_axis2_padded": lambda r: dft(r, (1, 3, 10), 2, onesided=True, length=16),
    "dft_complex_inverse_cut": lambda r: dft(r, (2, 9, 4), 1, complex_input=True, inverse=True, length=7),
    "top_k_input_k_largest_last": lambda r: top_k(r, (5, 7), 3, -1, 1),
    "top_k_input_k_smallest_axis0": lambda r: top_k(r, (6, 4, 3), 2, 0, 0),
    "stft_hann": stft,
    "max_roi_pool": lambda r: max_roi_pool(r, 1.0),
    "max_roi_pool_scaled": lambda r: max_roi_pool(r, 0.7),
    "unique_int64_flattened": lambda r: unique(r.integers(0, 6, (4, 5)).astype(np.int64)),
    "unique_float_nan_first_occurrence": lambda r: unique(
        np.array([[2.5, np.nan, -1.0, 2.5], [0.0, -0.0, np.nan, 7.0], [-1.0, 3.0, 2.5, np.inf]], np.float32),
        is_sorted=0),
    "unique_bool_y_and_indices": lambda r: unique(np.array([True, False, True, True]), outputs=2),
    "unique_scalar": lambda r: unique(np.array(4.0, np.float32)),
    "unique_static_empty": lambda r: unique(np.zeros(0, np.float32)),
    "unique_axis1_sorted": lambda r: unique_slices(r, (2, 4, 3), 1, 1),
    "unique_axis2_first_occurrence": lambda r: unique_slices(r, (3, 2, 3), 2, 0),
    "unique_axis0_y_only": lambda r: unique_slices(r, (3, 4), 0, 1, outputs=1),
    "unique_axis0_nan_rows": lambda r: unique(np.array([[1, np.nan], [0, 1], [1, np.nan], [0, 1]], np.float32),
                                              axis=0),
    "quantize_linear_uint8": lambda r: quantize_linear(r, torch.quint8),
    "quantize_linear_int8_axis1": lambda r: quantize_linear(r, torch.qint8, axis=1),
    "dequantize_linear_uint8": lambda r: dequantize_linear(r, False),
    "dequantize_linear_int8_axis2": lambda r: dequantize_linear(r, True, axis=2),
    "dynamic_quantize_linear": lambda r: dynamic_quantize_linear(r, 0.5),
    "dynamic_quantize_linear_positive": lambda r: dynamic_quantize_linear(r, 4.0),
    "matmul_integer_batched": lambda r: matmul_integer(r, (3, 4, 5), (5, 6)),
    "matmul_integer_row_zero_points": lambda r: matmul_integer(r, (4, 7), (7, 3), a_zero_per_row=True),
    "matmul_integer_vector_by_batch": lambda r: matmul_integer(r, (5,), (2, 5, 3)),
    "matmul_integer_broadcast_batch": lambda r: matmul_integer(r, (1, 3, 4), (2, 4, 5)),
    "qlinear_matmul_batched": qlinear_matmul,
    "conv_integer_stride2_pads": lambda r: conv_integer(r, (2, 4, 9, 9), (6, 4, 3, 3), 2, 1, 1, [1, 1, 1, 1], False),
    "conv_integer_groups_dilated_asymmetric": lambda r: conv_integer(r, (1, 4, 7, 7), (4, 2, 3, 3), 1, 2, 2,
                                                                     [0, 1, 2, 0], True),
    "qlinear_conv_per_channel_bias": qlinear_conv,
    "max_pool_constant_input": max_pool_constant_input,
    "nms_corners": lambda r: non_max_suppression(r, 0),
    "nms_corners_swapped": lambda r: non_max_suppression(r, 0, swap_corners=True),
    "nms_center_point_box": lambda r: non_max_suppression(r, 1),
    "nms_max_5": lambda r: non_max_suppression(r, 0, max_out=5),
}


def write(name, folder):
    op, inputs, outputs, constants, dynamic, attributes = CASES[name](np.random.default_rng(zlib.crc32(name.encode())))
    info = lambda key, array: helper.make_tensor_value_info(
        key, mapping.NP_TYPE_TO_TENSOR_TYPE[array.dtype],
        [f"{key}_{d}" for d in range(array.ndim)] if dynamic and key in outputs else array.shape)
    graph = helper.make_graph(
        [helper.make_node(op, list(inputs), list(outputs), name=name, **attributes)], name,
        [info(k, v) for k, v in inputs.items() if k not in constants], [info(k, v) for k, v in outputs.items()],
        initializer=[numpy_helper.from_array(v, k) for k, v in inputs.items() if k in constants])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="onnx_ops")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    write_test_data(folder, {k: v for k, v in inputs.items() if k not in constants}, outputs)


if __name__ == "__main__":
    sys.exit(run_cases(__doc__.splitlines()[0], "onnx ops", CASES, write))
