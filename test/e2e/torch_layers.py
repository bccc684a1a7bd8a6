#!/usr/bin/env python3
"""Single PyTorch layers and functions exported at opset 17, each compiled and checked against PyTorch.

    torch_layers.py --bin-dir BIN --work DIR [--only NAME ...]

One small module per case, the way users write them (F.pad before a per-channel PReLU, PixelShuffle,
interpolate, one_hot of an argmax, cumsum, einsum (attention), tril/triu (a causal mask in forward), TopK, Shrink, a
shifted-window mask, RoiAlign, grid_sample (a spatial transformer), GroupNorm on 1-D and 3-D data, index
assignment and scatter, ...): torch.onnx.export writes it with computed shapes, constant-folded
subgraphs and the op forms of opset 17, which is what broke on models nobody had tried (a Pad whose
size only constants give, then an op without a shape rule). PyTorch's output (seeded weights and input) is the reference;
aicc-run checks it at atol = rtol = 1e-4. Exits non-zero on a failure.
"""
import os
import sys
import warnings

import torch
import torch.nn.functional as F
import torchvision
from torch import nn

from check_case import run_cases, write_test_data


class Layer(nn.Module):
    """forward(x) = fn(self, x), with `modules` as self.m[0], self.m[1], ..."""

    def __init__(self, fn, modules=()):
        super().__init__()
        self.fn, self.m = fn, nn.ModuleList(modules)

    def forward(self, x):
        return self.fn(self, x)


def conv():
    return nn.Conv2d(4, 8, 3, padding=1)


def assign_column(x):
    """Index assignment the way decoders build their first token: ScatterND over a slice."""
    y = torch.zeros_like(x)
    y[:, :, 0] = 1.0
    return y + x


def put_rows(x):
    """Advanced-index assignment of whole rows at computed positions: ScatterND with pairs."""
    y = x.clone()
    y[torch.arange(x.shape[0]), x[:, :, 0].argmax(-1)] = x[:, -1, :] * 2
    return y


def shifted_window_mask(x):
    """Swin's attention mask for shifted windows, built by slice assignment in forward (ScatterND of constants)."""
    size, shift, window = x.shape[-1], 2, 4
    img = torch.zeros((1, size, size, 1))
    count = 0
    for h in (slice(0, -window), slice(-window, -shift), slice(-shift, None)):
        for w in (slice(0, -window), slice(-window, -shift), slice(-shift, None)):
            img[:, h, w, :] = count
            count += 1
    windows = img.view(1, size // window, window, size // window, window, 1).permute(0, 1, 3, 2, 4, 5)
    windows = windows.reshape(-1, window * window)
    mask = windows.unsqueeze(1) - windows.unsqueeze(2)
    mask = mask.masked_fill(mask != 0, -100.0)
    scores = x.reshape(mask.shape[0], window * window, window * window)
    return torch.softmax(scores + mask, -1)


def causal_block(s, x):
    """A GPT block's attention whose causal mask is torch.triu of ones, built in forward (Trilu of constants)."""
    t = x.shape[1]
    mask = torch.triu(torch.ones(t, t), diagonal=1).bool()
    q, k, v = s.m[0](x).chunk(3, -1)
    scores = (q @ k.transpose(1, 2) / 8 ** 0.5).masked_fill(mask, float("-inf"))
    return s.m[1](torch.softmax(scores, -1) @ v) + x


def einsum_attention(s, x):
    """Multi-head attention written with einsum, as maxvit writes its relative attention."""
    q, k, v = s.m[0](x).reshape(x.shape[0], x.shape[1], 3, 2, 4).permute(2, 0, 3, 1, 4)
    scores = torch.einsum("bhid,bhjd->bhij", q, k) / 2.0
    return torch.einsum("bhij,bhjd->bhid", torch.softmax(scores, -1), v).transpose(1, 2).reshape(x.shape)


def top_k(x):
    """TopK along the last dim and along a middle one: values and their indices."""
    values, indices = torch.topk(x, 3, dim=-1)
    smallest, where = torch.topk(x, 2, dim=1, largest=False)
    return values.sum(-1, keepdim=True) + indices.float() + smallest.sum(1)[:, :3].unsqueeze(1) + where.float().mean()


def roi_align(x):
    """Faster R-CNN's box head input: RoiAlign over fixed regions (one past the border), adaptive sampling.
    Only aligned=True: torchvision 0.14 exports aligned=False at opset 17 without output_half_pixel, so
    its model means something else than PyTorch computes (ONNX Runtime disagrees with PyTorch by 1.19)."""
    boxes = torch.tensor([[0, 1.0, 1.0, 6.5, 5.0], [0, 0.0, 2.5, 7.0, 7.9], [0, 3.2, 0.4, 9.0, 4.1]])
    return torchvision.ops.roi_align(x, boxes, (3, 2), spatial_scale=0.9, sampling_ratio=-1, aligned=True)


def grid_sample(x, mode, padding, align_corners):
    """A spatial transformer's sampling: an affine grid (rotated, scaled past the border; a constant,
    as PyTorch cannot export affine_grid) plus a displacement computed from x (optical-flow style)."""
    flow = torch.tanh(x[:, :2]).permute(0, 2, 3, 1) * 0.2
    return F.grid_sample(x, AFFINE_GRIDS[align_corners] + flow, mode=mode, padding_mode=padding,
                         align_corners=align_corners)


AFFINE_GRIDS = {corners: F.affine_grid(torch.tensor([[[0.9, -0.4, 0.15], [0.35, 1.1, -0.2]]]), [1, 4, 8, 8],
                                       align_corners=corners) for corners in (False, True)}


IMAGE, ROWS = (1, 4, 8, 8), (2, 5, 8)
CASES = {
    "prelu_after_reflect_pad": (lambda s, x: s.m[0](s.m[1](F.pad(x, (1, 1, 1, 1), mode="reflect"))),
                                [nn.PReLU(8), conv()], IMAGE),
    "softsign": (lambda s, x: F.softsign(s.m[0](x)), [conv()], IMAGE),
    "hardswish": (lambda s, x: F.hardswish(s.m[0](x)), [conv()], IMAGE),
    "mish": (lambda s, x: F.mish(s.m[0](x)), [conv()], IMAGE),
    "selu_elu_celu": (lambda s, x: F.selu(x) + F.elu(x) + F.celu(x), [], IMAGE),
    "deconv_output_padding": (lambda s, x: s.m[0](x), [nn.ConvTranspose2d(4, 6, 3, 2, 1, output_padding=1)], IMAGE),
    "deconv_after_pad": (lambda s, x: torch.relu(s.m[0](F.pad(x, (1, 2, 0, 1)))),
                         [nn.ConvTranspose2d(4, 6, 4, stride=2, padding=1)], IMAGE),
    "pixel_shuffle": (lambda s, x: F.pixel_shuffle(s.m[0](x), 2), [conv()], IMAGE),
    "pixel_unshuffle": (lambda s, x: F.pixel_unshuffle(x, 2), [], IMAGE),
    "upsample_nearest": (lambda s, x: F.interpolate(s.m[0](x), scale_factor=2, mode="nearest"), [conv()], IMAGE),
    "upsample_bilinear_corners": (lambda s, x: F.interpolate(x, size=(13, 11), mode="bilinear", align_corners=True),
                                  [], IMAGE),
    "one_hot_of_argmax": (lambda s, x: F.one_hot(x.argmax(-1), 8).float(), [], ROWS),
    "cumsum": (lambda s, x: torch.cumsum(x, dim=1), [], ROWS),
    "layer_norm_gelu": (lambda s, x: F.gelu(s.m[0](x)), [nn.LayerNorm(8)], ROWS),
    "gelu_tanh": (lambda s, x: F.gelu(x, approximate="tanh"), [], ROWS),
    "logsumexp": (lambda s, x: torch.logsumexp(x, dim=-1), [], ROWS),
    "normalize_l2": (lambda s, x: F.normalize(x, dim=-1), [], ROWS),
    "prod_amax": (lambda s, x: x.prod(-1) + x.amax(-1), [], ROWS),
    "adaptive_avg_pool": (lambda s, x: F.adaptive_avg_pool2d(s.m[0](x), (3, 3)), [conv()], (1, 4, 9, 9)),
    "max_pool_ceil": (lambda s, x: F.max_pool2d(x, 3, 2, ceil_mode=True), [], IMAGE),
    "avg_pool_exclude_pad": (lambda s, x: F.avg_pool2d(x, 3, 2, padding=1, count_include_pad=False), [], IMAGE),
    "lp_pool": (lambda s, x: F.lp_pool2d(x, 2, 2), [], IMAGE),
    "instance_norm_affine": (lambda s, x: s.m[0](x), [nn.InstanceNorm2d(4, affine=True)], IMAGE),
    "group_norm_3d": (lambda s, x: s.m[0](x), [nn.GroupNorm(2, 4)], (2, 4, 3, 5, 6)),
    "group_norm_1d": (lambda s, x: s.m[0](x), [nn.GroupNorm(2, 4)], (2, 4, 10)),
    "where_masked_fill": (lambda s, x: torch.where(x > 0, x, torch.zeros_like(x)).masked_fill(x < -1, 3.0), [], ROWS),
    "flip_roll": (lambda s, x: torch.flip(x, [1]) + torch.roll(x, 2, 2), [], ROWS),
    "glu": (lambda s, x: F.glu(x, -1), [], ROWS),
    "chunk_reversed_cat": (lambda s, x: torch.cat(list(reversed(x.chunk(4, -1))), -1), [], ROWS),
    "tril_triu": (lambda s, x: torch.tril(x) + torch.triu(x, 1), [], (2, 6, 6)),
    "std_var": (lambda s, x: x.std(-1) + x.var(1).mean(-1, keepdim=True), [], ROWS),
    "round_clamp_sign": (lambda s, x: torch.round(x * 3).clamp(-2, 2) + torch.sign(x), [], ROWS),
    "pow_sqrt_rsqrt": (lambda s, x: torch.sqrt(x.abs() + 1).pow(1.5) + torch.rsqrt(x * x + 1), [], ROWS),
    "attention_matmuls": (lambda s, x: torch.softmax(x @ x.transpose(1, 2) / 3.0, -1) @ x, [], ROWS),
    "einsum": (lambda s, x: torch.einsum("bij,bkj->bik", x, x), [], ROWS),
    "conv1d_dilated": (lambda s, x: s.m[0](x), [nn.Conv1d(4, 6, 3, dilation=2, padding=2)], (2, 4, 16)),
    "conv3d": (lambda s, x: s.m[0](x), [nn.Conv3d(2, 3, 3, padding=1)], (1, 2, 4, 5, 6)),
    "dropout_in_eval": (lambda s, x: s.m[0](x) * 2, [nn.Dropout(0.5)], ROWS),
    "index_assign_column": (lambda s, x: assign_column(x), [], ROWS),
    "index_put_rows": (lambda s, x: put_rows(x), [], ROWS),
    "scatter_one_hot": (lambda s, x: torch.zeros_like(x).scatter(-1, x.argmax(-1, keepdim=True), 1.0), [], ROWS),
    "shifted_window_mask": (lambda s, x: shifted_window_mask(x), [], (16, 16, 16)),
    "causal_block_triu_in_forward": (causal_block, [nn.Linear(8, 24), nn.Linear(8, 8)], ROWS),
    "einsum_attention": (einsum_attention, [nn.Linear(8, 24)], ROWS),
    "top_k": (lambda s, x: top_k(x), [], ROWS),
    "shrink": (lambda s, x: F.softshrink(x, 0.4) + F.hardshrink(x, 0.7), [], ROWS),
    "roi_align": (lambda s, x: roi_align(s.m[0](x)), [conv()], IMAGE),
    "grid_sample_bilinear": (lambda s, x: grid_sample(s.m[0](x), "bilinear", "zeros", False), [conv()], IMAGE),
    "grid_sample_bicubic": (lambda s, x: grid_sample(x, "bicubic", "reflection", True), [], IMAGE),
    "grid_sample_nearest": (lambda s, x: grid_sample(x, "nearest", "border", False), [], IMAGE),
    "scatter_add_buckets": (lambda s, x: torch.zeros_like(x).scatter_add(-1, (x.abs() * 7).long() % 8, x), [], ROWS),
}


def export(name, folder):
    fn, modules, shape = CASES[name]
    torch.manual_seed(sorted(CASES).index(name))
    model = Layer(fn, modules).eval()
    x = torch.randn(*shape)
    os.makedirs(folder, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), os.path.join(folder, "model.onnx"), opset_version=17, input_names=["x"],
                          output_names=["y"])
    with torch.no_grad():
        y = model(x)
    write_test_data(folder, {"x": x.numpy()}, {"y": y.numpy()})


if __name__ == "__main__":
    sys.exit(run_cases(__doc__.splitlines()[0], "torch layers", CASES, export))
