#!/usr/bin/env python3
"""Exports aicc's seed models from PyTorch into ONNX's test-data layout.

    export_models.py --out DIR [--only NAME ...] [--force] [--list]

Each model is written at batch 1 and batch 8 as DIR/<name>_b<batch>/model.onnx with
test_data_set_0/input_0.pb (random, fixed seed) and output_0.pb (PyTorch's output in eval mode).
The models in DYNAMIC are also written once with symbolic dims (the model's `symbolic` axes,
by default dim 0 named "batch"), as DIR/<name>_dyn/model.onnx with one test_data_set_K per input
shape DYNAMIC lists: one artifact, run at every size.
The expected outputs come from PyTorch, not from aicc, so they are an independent reference.
Models are exported at opset 17 unless their entry names another (the `_opsetNN` variants test the
import of older exports). Models in BENCH_ONLY (too big for CI) are exported only when named by
--only.

Weights are random with fixed seeds (there are no pretrained weights offline). Re-running is cheap:
a folder whose stamp matches this script's hash and the torch/onnx versions is left alone.
Run with a Python that has torch and onnx (Debian's /usr/bin/python3).
"""
import argparse
import hashlib
import os
import shutil
import sys

from typing import Callable, List, NamedTuple

import numpy as np
import onnx
import torch
import torch.nn.functional as F
import torchvision
from onnx import numpy_helper
from torch import nn

OPSET = 17
BATCHES = (1, 8)
DYNAMIC_BATCHES = (1, 3, 8)
STAMP = ".export-stamp"


def init_weights(module):
    """He-normal init keeps activations at unit scale through the ReLU stacks, so outputs vary
    with the input instead of collapsing onto the last bias (PyTorch's default init shrinks
    them), and a wrong kernel shows up as a wrong number. The output layer is not followed by a
    ReLU and gets LeCun init (half He's variance), which keeps Softmax/Sigmoid out of saturation:
    a probability of 1e-6 would hide any error under the 1e-4 tolerance."""
    layers = [m for m in module.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    for m in layers:
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu" if m is not layers[-1] else "linear")
        if m.bias is not None:
            nn.init.uniform_(m.bias, -0.1, 0.1)
    for m in module.modules():
        if isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.uniform_(m.bias, -0.2, 0.2)


def init_transformer(module):
    """BERT's and GPT-2's init, N(0, 0.02) weights and zero biases: He-normal query and key
    projections at width 768 would saturate the softmax (and hide errors under the tolerance), and
    tied N(0, 1) embeddings would give logits of ~30."""
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.uniform_(m.bias, -0.02, 0.02)


def calibrate_batch_norm(model, inputs):
    """Sets every BatchNorm's running mean and variance to the statistics of its input on `inputs` (one
    forward pass in training mode with a cumulative average), then returns to eval mode. The stats
    are then far from the (0, 1) a fresh layer has, so folding BatchNorm into the conv before it is
    really tested, and, as in a trained network, they normalise: deep stacks of random convs keep
    unit-scale activations instead of growing through every residual add."""
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if not norms:
        return
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        model(*inputs)
    model.eval()


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(),
                                 nn.Linear(10, 1), nn.Sigmoid())

    def forward(self, x):
        return self.net(x)


class MnistCnn(nn.Module):
    # 28 -conv3-> 26 -pool-> 13 -conv3-> 11 -pool-> 5 -conv3-> 3: 64*3*3 features.
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 3 * 3, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)


class ViewCnn(nn.Module):
    """Flattens as much user code does, with x.view(x.size(0), -1): exported with a symbolic batch,
    the Reshape's shape is Shape -> Gather -> Unsqueeze -> Concat of the batch and -1."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.fc = nn.Linear(16 * 13 * 13, 10)

    def forward(self, x):
        x = self.features(x)
        return self.fc(x.view(x.size(0), -1))


class Cnn224(nn.Module):
    # Four 3x3/pad-1 conv blocks halve 224 down to 14; a global average pool then keeps the
    # classifier (and so the weights file) small.
    def __init__(self):
        super().__init__()
        layers, channels = [], [3, 16, 32, 64, 64]
        for cin, cout in zip(channels, channels[1:]):
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 128), nn.ReLU(),
                                  nn.Linear(128, 1), nn.Sigmoid())

    def forward(self, x):
        return self.head(self.features(x))


VOCAB, SEQ, EMBED = 1000, 16, 32


class EmbeddingClassifier(nn.Module):
    """Token ids -> embedding -> mean over the sequence (or flattened) -> two Linear layers."""

    def __init__(self, pool):
        super().__init__()
        self.pool = pool
        self.embed = nn.Embedding(VOCAB, EMBED)
        features = EMBED if pool == "mean" else SEQ * EMBED
        self.head = nn.Sequential(nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, 4))

    def forward(self, ids):
        x = self.embed(ids)
        x = x.mean(dim=1) if self.pool == "mean" else torch.flatten(x, 1)
        return self.head(x)


class DcganGenerator(nn.Module):
    """DCGAN's generator (Radford et al. 2015, PyTorch's examples/dcgan) at half width: a latent
    vector [N, 100, 1, 1] grows through stride-2 transposed convs with BatchNorm and ReLU to a
    [N, 3, 64, 64] image in (-1, 1)."""

    def __init__(self, latent=100, width=32):
        super().__init__()
        layers, channels = [], [latent, width * 8, width * 4, width * 2, width]
        for i, (cin, cout) in enumerate(zip(channels, channels[1:])):
            stride, pad = (1, 0) if i == 0 else (2, 1)
            layers += [nn.ConvTranspose2d(cin, cout, 4, stride, pad, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
        layers += [nn.ConvTranspose2d(width, 3, 4, 2, 1, bias=False), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z)


class KerasNhwc(nn.Module):
    """A small Keras CNN as tf2onnx writes it: the input is NHWC, an explicit Transpose makes it
    NCHW for the convs, another brings it back before the flatten (Keras flattens in HWC order),
    and the dense layers are MatMul + Add rather than Gemm."""

    def __init__(self):
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.w1 = nn.Parameter(torch.randn(8 * 8 * 32, 64) * (2 / (8 * 8 * 32)) ** 0.5)
        self.b1 = nn.Parameter(torch.empty(64).uniform_(-0.1, 0.1))
        self.w2 = nn.Parameter(torch.randn(64, 10) * (1 / 64) ** 0.5)
        self.b2 = nn.Parameter(torch.empty(10).uniform_(-0.1, 0.1))

    def forward(self, x):
        x = self.convs(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        x = torch.relu(x.reshape(x.shape[0], -1) @ self.w1 + self.b1)
        return x @ self.w2 + self.b2


class GroupNormNet(nn.Module):
    """Conv blocks normalised by GroupNorm with SiLU, as in UNet and VAE residual blocks. PyTorch
    exports each GroupNorm as Reshape to (N, groups, -1), InstanceNormalization with unit scale,
    Reshape back and the per-channel Mul and Add."""

    def __init__(self, channels=32, groups=8):
        super().__init__()
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.norm1 = nn.GroupNorm(groups, channels)
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.norm2 = nn.GroupNorm(groups, channels)
        self.head = nn.Linear(channels, 10)

    def forward(self, x):
        x = self.stem(x)
        x = x + F.silu(self.norm2(self.conv(F.silu(self.norm1(x)))))
        return self.head(x.mean(dim=(2, 3)))


class GroupNormBlock(nn.Module):
    """Half a UNet/VAE residual block at 128 channels: GroupNorm(32), SiLU, 3x3 conv."""

    def __init__(self):
        super().__init__()
        self.norm = nn.GroupNorm(32, 128)
        self.conv = nn.Conv2d(128, 128, 3, padding=1)

    def forward(self, x):
        return self.conv(F.silu(self.norm(x)))


class PixelShuffleSr(nn.Module):
    """ESPCN-style super-resolution: convs to 3 * r^2 channels, then nn.PixelShuffle(r), which
    exports DepthToSpace in CRD mode."""

    def __init__(self, upscale=3):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 32, 5, padding=2), nn.Tanh(), nn.Conv2d(32, 16, 3, padding=1),
                                  nn.Tanh(), nn.Conv2d(16, 3 * upscale * upscale, 3, padding=1))
        self.shuffle = nn.PixelShuffle(upscale)

    def forward(self, x):
        return self.shuffle(self.body(x))


class CausalBlock(nn.Module):
    """A GPT-style pre-norm block whose causal mask is built in forward with torch.triu (exported as
    Trilu of a constant), applied with masked_fill before the softmax."""

    def __init__(self, dim=32, heads=4, gelu="none"):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(approximate=gelu), nn.Linear(4 * dim, dim))

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q, k, v = (z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        attention = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)
        x = x + self.proj((attention @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.mlp(self.norm2(x))


class GptLm(nn.Module):
    """A GPT-2-style causal language model: token and position embeddings, pre-norm CausalBlocks with
    tanh-approximated Gelu (as GPT-2's), a final LayerNorm and an output projection tied to the token
    embedding."""

    def __init__(self, layers=2, dim=64, heads=4, vocab=VOCAB, seq=64):
        super().__init__()
        self.embed, self.position = nn.Embedding(vocab, dim), nn.Embedding(seq, dim)
        self.blocks = nn.ModuleList(CausalBlock(dim, heads, gelu="tanh") for _ in range(layers))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)
        self.head.weight = self.embed.weight

    def forward(self, ids):
        x = self.embed(ids) + self.position(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))


class TorchEncoder(nn.Module):
    """torch.nn.TransformerEncoder on batch-first input. The layers keep batch_first=False (the
    default), so eval mode runs the same ops PyTorch exports rather than its fused fast path."""

    def __init__(self, layers, width, heads, ff):
        super().__init__()
        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(width, heads, ff), layers)

    def forward(self, x):
        return self.encoder(x.transpose(0, 1)).transpose(0, 1)


class EinsumAttention(nn.Module):
    """Multi-head attention written with torch.einsum the way MaxViT writes it (equations with
    spaces, batch dims b, h): scores, softmax, the weighted sum of values, an output projection."""

    def __init__(self, dim=32, heads=4):
        super().__init__()
        self.heads = heads
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = (z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2) for z in self.qkv(x).chunk(3, -1))
        scores = torch.einsum("b h i d, b h j d -> b h i j", q, k) / (d // self.heads) ** 0.5
        out = torch.einsum("b h i j, b h j d -> b h i d", scores.softmax(dim=-1), v)
        return self.proj(out.transpose(1, 2).reshape(b, t, d))


class PositionIdsEncoder(nn.Module):
    """RoBERTa-style position ids: the running count of non-padding tokens (CumSum of the mask, one
    token in four counting as padding here), then token + position embeddings, mean-pooled into a
    linear head."""

    def __init__(self):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(VOCAB, EMBED), nn.Embedding(SEQ + 2, EMBED)
        self.head = nn.Linear(EMBED, 4)

    def forward(self, ids):
        mask = (ids % 4 != 0).long()
        positions = torch.cumsum(mask, dim=1) * mask + 1
        return self.head((self.tokens(ids) + self.positions(positions)).mean(dim=1))


class SeNet(nn.Module):
    """A MobileNetV3/EfficientNet block: a depthwise conv whose output is scaled per channel by
    squeeze-and-excitation computed from that output (torchvision's SqueezeExcitation: global
    average pool, 1x1 conv, ReLU, 1x1 conv, Sigmoid, Mul), then a 1x1 projection."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 32, 3, stride=2, padding=1)
        self.depthwise = nn.Conv2d(32, 32, 3, padding=1, groups=32)
        self.se = torchvision.ops.SqueezeExcitation(32, 8)
        self.project = nn.Conv2d(32, 16, 1)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.depthwise(torch.relu(self.stem(x))))
        x = self.project(self.se(x))
        return self.head(x.mean(dim=(2, 3)))


class AsppNet(nn.Module):
    """DeepLabV3-MobileNetV3 in small: convs of 24 and 40 channels (no whole 16-channel blocks), a
    squeeze-and-excitation, an ASPP head whose branches (1x1, dilated 3x3, image pooling) meet in
    a channel Concat, and a bilinear upsampling of the logits to the input's size. At batch 1 on
    AVX-512 its layout plan is channels-last despite the Concat."""

    def __init__(self, classes=5):
        super().__init__()
        self.stem = nn.Conv2d(3, 24, 3, stride=2, padding=1)
        self.expand = nn.Conv2d(24, 40, 1)
        self.depthwise = nn.Conv2d(40, 40, 3, padding=1, groups=40)
        self.se = torchvision.ops.SqueezeExcitation(40, 8, scale_activation=nn.Hardsigmoid)
        self.branch1 = nn.Conv2d(40, 24, 1)
        self.branch3 = nn.Conv2d(40, 24, 3, padding=2, dilation=2)
        self.pooled = nn.Conv2d(40, 24, 1)
        self.project = nn.Conv2d(72, 24, 1)
        self.classify = nn.Conv2d(24, classes, 1)

    def forward(self, x):
        size = x.shape[-2:]
        x = F.hardswish(self.stem(x))
        x = self.se(F.relu(self.depthwise(F.relu(self.expand(x)))))
        pooled = F.interpolate(F.relu(self.pooled(F.adaptive_avg_pool2d(x, 1))), size=x.shape[-2:],
                               mode="bilinear", align_corners=False)
        x = torch.cat([F.relu(self.branch1(x)), F.relu(self.branch3(x)), pooled], dim=1)
        x = self.classify(F.relu(self.project(x)))
        return F.interpolate(x, size=size, mode="bilinear", align_corners=False)


class FilmNet(nn.Module):
    """A diffusion UNet's conditioning (time embedding, FiLM): a per-channel scale and shift,
    computed from a summary of the input before the conv, multiply and add its output, then SiLU.
    At batch 1 they are binary post-ops of the conv (one value per output channel); at batch 8
    (one per image and channel) loop nests."""

    def __init__(self):
        super().__init__()
        self.to_scale = nn.Linear(3, 32)
        self.to_shift = nn.Linear(3, 32)
        self.conv = nn.Conv2d(3, 32, 3, padding=1)
        self.project = nn.Conv2d(32, 16, 3, stride=2, padding=1)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        summary = x.mean(dim=(2, 3))
        scale = torch.sigmoid(self.to_scale(summary))[:, :, None, None]
        shift = self.to_shift(summary)[:, :, None, None]
        x = F.silu(self.conv(x) * scale + shift)
        return self.head(self.project(x).mean(dim=(2, 3)))


class SegmentationOut(nn.Module):
    """torchvision's segmentation models return a dict; the export takes its "out" tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


class UpsampleNet(nn.Module):
    """A small FPN/UNet-style decoder on a non-square image: two stride-2 convs go down to 1/4,
    then every F.interpolate form PyTorch exports as Resize brings it back: nearest by scale factor
    (asymmetric, floor), bilinear with align_corners False (half_pixel) and True (align_corners),
    bicubic to the size of a skip connection (sizes computed from Shape), and a bilinear resize
    to a fixed size that is no integer multiple (scales 5/8 and 3/4)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.down1 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.down2 = nn.Conv2d(16, 16, 3, stride=2, padding=1)
        self.lateral = nn.Conv2d(16, 16, 1)
        self.mix = nn.Conv2d(16, 8, 3, padding=1)
        self.head = nn.Conv2d(8, 4, 3, padding=1)

    def forward(self, x):
        skip = torch.relu(self.stem(x))
        half = torch.relu(self.down1(skip))
        quarter = torch.relu(self.down2(half))
        up = torch.relu(self.mix(F.interpolate(quarter, scale_factor=2, mode="nearest") + self.lateral(half)))
        linear = F.interpolate(up, scale_factor=2, mode="bilinear", align_corners=False)
        corners = F.interpolate(up, scale_factor=2, mode="bilinear", align_corners=True)
        cubic = F.interpolate(up, size=skip.shape[-2:], mode="bicubic", align_corners=False)
        y = self.head(torch.relu(skip + linear + corners + cubic))
        return F.interpolate(y, size=(20, 36), mode="bilinear", align_corners=False)


class ElementwiseChain(nn.Module):
    """The generated-code micro-model: swish, a per-channel scale and shift, Relu and a residual Add,
    nothing a oneDNN kernel runs."""

    def __init__(self, channels=64):
        super().__init__()
        self.scale = nn.Parameter(torch.empty(channels, 1, 1).uniform_(0.5, 1.5))
        self.shift = nn.Parameter(torch.empty(channels, 1, 1).uniform_(-0.5, 0.5))

    def forward(self, x):
        y = x * torch.sigmoid(x)
        return torch.relu(y * self.scale + self.shift) + x


class Permute(nn.Module):
    def __init__(self, *dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)


class Softmax(nn.Module):
    def forward(self, x):
        return torch.softmax(x, dim=-1)


class EmbeddingRows(nn.Module):
    """A Gather of rows of a BERT-sized (30522 x 768) embedding table."""

    def __init__(self, rows=30522, width=768):
        super().__init__()
        self.table = nn.Embedding(rows, width)

    def forward(self, ids):
        return self.table(ids)


class EncoderLayer(nn.Module):
    """A post-norm Transformer encoder layer written out as BERT's PyTorch code is: Linear projections,
    heads split by reshape + transpose, softmax(QK^T / sqrt(d)) V, erf Gelu in the feed-forward."""

    def __init__(self, width, heads, ff):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.norm1 = nn.LayerNorm(width)
        self.ff1 = nn.Linear(width, ff)
        self.ff2 = nn.Linear(ff, width)
        self.norm2 = nn.LayerNorm(width)

    def forward(self, x):
        b, s, w = x.shape
        q, k, v = self.qkv(x).split(w, dim=-1)
        split = lambda t: t.reshape(b, s, self.heads, w // self.heads).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        scores = torch.softmax(q @ k.transpose(-1, -2) / (w // self.heads) ** 0.5, dim=-1)
        attended = (scores @ v).transpose(1, 2).reshape(b, s, w)
        x = self.norm1(x + self.out(attended))
        return self.norm2(x + self.ff2(F.gelu(self.ff1(x))))


class MaskedEncoderLayer(EncoderLayer):
    """EncoderLayer with an additive attention bias (0 where attended, -10000 at padding). With
    separate_qkv the query, key and value have a Linear each, as in Hugging Face's BERT."""

    def __init__(self, width, heads, ff, separate_qkv=False):
        super().__init__(width, heads, ff)
        if separate_qkv:
            self.qkv = None
            self.query, self.key, self.value = (nn.Linear(width, width) for _ in range(3))

    def forward(self, x, bias):
        b, s, w = x.shape
        if self.qkv is None:
            q, k, v = self.query(x), self.key(x), self.value(x)
        else:
            q, k, v = self.qkv(x).split(w, dim=-1)
        split = lambda t: t.reshape(b, s, self.heads, w // self.heads).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        scores = torch.softmax(q @ k.transpose(-1, -2) / (w // self.heads) ** 0.5 + bias, dim=-1)
        attended = (scores @ v).transpose(1, 2).reshape(b, s, w)
        x = self.norm1(x + self.out(attended))
        return self.norm2(x + self.ff2(F.gelu(self.ff1(x))))


class MaskedBert(nn.Module):
    """A BERT-style encoder on token ids and a padding mask, for any batch and sequence length up to
    `max_seq`: positions are sliced to the sequence, the mask becomes the attention bias."""

    def __init__(self, layers=2, width=128, heads=2, ff=512, vocab=VOCAB, max_seq=128, separate_qkv=False):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.position = nn.Parameter(torch.randn(max_seq, width) * 0.02)
        self.norm = nn.LayerNorm(width)
        self.layers = nn.ModuleList(MaskedEncoderLayer(width, heads, ff, separate_qkv) for _ in range(layers))

    def forward(self, ids, mask):
        x = self.norm(self.embed(ids) + self.position[:ids.shape[1]])
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


class Encoder(nn.Module):
    """Token ids (or, without a vocabulary, embeddings) through `layers` encoder layers."""

    def __init__(self, layers, width, heads, ff, vocab=None, seq=None):
        super().__init__()
        self.embed = nn.Embedding(vocab, width) if vocab else None
        self.position = nn.Parameter(torch.randn(seq, width) * 0.02) if vocab else None
        self.norm = nn.LayerNorm(width) if vocab else None
        self.layers = nn.ModuleList(EncoderLayer(width, heads, ff) for _ in range(layers))

    def forward(self, x):
        if self.embed is not None:
            x = self.norm(self.embed(x) + self.position)
        for layer in self.layers:
            x = layer(x)
        return x


class MaskedSelect(nn.Module):
    """x[x > 0.5] * 2 + 1: NonZero, Transpose and GatherND, then elementwise ops over a dim only
    the data gives (how many elements pass). PyTorch records the output's length as a dim_param."""

    def forward(self, x):
        return x[x > 0.5] * 2.0 + 1.0


class MaskedRows(nn.Module):
    """The rows whose first value is positive, through a Linear, a ReLU and a row sum: a oneDNN
    matmul and a reduction over a row count only the data gives (none at all in a batch of one)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 4)

    def forward(self, x):
        rows = x[x[:, 0] > 0]
        return torch.relu(self.fc(rows)).sum(dim=1, keepdim=True) + rows[:, :1]


class NonZeroIndices(nn.Module):
    """torch.nonzero: the [count, rank] indices of the elements over a threshold."""

    def forward(self, x):
        return torch.nonzero(x > 0.5)


class UniqueTokens(nn.Module):
    """torch.unique over a batch of token ids (sorted, with inverse indices and counts), as a
    bag-of-words featurizer uses it: each distinct token's embedding scaled by its count, then
    gathered back to every position through the inverse indices. Inside, the U distinct tokens are a
    count only the data gives."""

    def __init__(self, vocab=20):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 8)

    def forward(self, ids):
        tokens, inverse, counts = torch.unique(ids, sorted=True, return_inverse=True, return_counts=True)
        weighted = self.embedding(tokens) * counts.unsqueeze(1).float()
        return weighted[inverse.reshape(-1)].view(ids.shape[0], ids.shape[1], -1)


class QdqCnn(nn.Module):
    """A CNN as quantization-aware training leaves it: activations fake-quantized to uint8 per
    tensor, weights to int8 per output channel (scales from their absolute maxima), which
    torch.onnx.export writes as QuantizeLinear/DequantizeLinear pairs (QDQ) around the fp32 Conv,
    Relu and Gemm."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = nn.Linear(16 * 8 * 8, 10)

    @staticmethod
    def activation(x):
        return torch.fake_quantize_per_tensor_affine(x, 0.05, 128, 0, 255)

    @staticmethod
    def weight(w):
        scale = w.detach().abs().amax(dim=tuple(range(1, w.dim()))) / 127
        return torch.fake_quantize_per_channel_affine(w, scale, torch.zeros(w.shape[0], dtype=torch.int32), 0, -128, 127)

    def forward(self, x):
        x = self.activation(x)
        x = self.activation(F.relu(F.conv2d(x, self.weight(self.conv1.weight), self.conv1.bias, padding=1)))
        x = self.activation(F.relu(F.conv2d(x, self.weight(self.conv2.weight), self.conv2.bias, stride=2, padding=1)))
        return F.linear(x.flatten(1), self.weight(self.fc.weight), self.fc.bias)


class QdqMobileBlock(nn.Module):
    """MobileNetV2's layers as quantization-aware training exports them, QdqCnn's way: ReLU6
    (Clip) after the convs, an inverted residual (1x1 expand, 3x3 depthwise, 1x1 project, Add of
    f32 values), a depthwise conv at stride 2; what int8 kernels fold and what stays around them."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, stride=2, padding=1)
        self.expand = nn.Conv2d(16, 32, 1)
        self.depthwise = nn.Conv2d(32, 32, 3, padding=1, groups=32)
        self.project = nn.Conv2d(32, 16, 1)
        self.down = nn.Conv2d(16, 16, 3, stride=2, padding=1, groups=16)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    @staticmethod
    def conv(layer, x):
        return F.conv2d(QdqCnn.activation(x), QdqCnn.weight(layer.weight), layer.bias, layer.stride, layer.padding,
                        layer.dilation, layer.groups)

    def forward(self, x):
        x = F.relu6(self.conv(self.stem, x))
        y = F.relu6(self.conv(self.expand, x))
        y = F.relu6(self.conv(self.depthwise, y))
        x = x + self.conv(self.project, y)
        x = F.relu6(self.conv(self.down, x))
        return F.linear(x.flatten(1), self.fc.weight, self.fc.bias)


TEXT_VOCAB, TEXT_SEQ, TARGET_VOCAB, TARGET_SEQ = 2000, 100, 500, 12
GREEDY_STEPS = 20


class LstmClassifier(nn.Module):
    """The seed documents' text classifier: token ids -> Embedding(64) -> LSTM(128) -> the last
    hidden state -> Dense -> Sigmoid."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(TEXT_VOCAB, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.head = nn.Linear(128, 1)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embed(ids))
        return torch.sigmoid(self.head(h[-1]))


class Seq2SeqTeacherForced(nn.Module):
    """A teacher-forced LSTM encoder-decoder: the encoder's final (h, c) start the decoder, which
    reads the target tokens; Dense + Softmax over the target vocabulary at every step."""

    def __init__(self, width=128):
        super().__init__()
        self.source_embed = nn.Embedding(TEXT_VOCAB, 64)
        self.encoder = nn.LSTM(64, width, batch_first=True)
        self.target_embed = nn.Embedding(TARGET_VOCAB, 64)
        self.decoder = nn.LSTM(64, width, batch_first=True)
        self.out = nn.Linear(width, TARGET_VOCAB)

    def forward(self, source, target):
        _, state = self.encoder(self.source_embed(source))
        y, _ = self.decoder(self.target_embed(target), state)
        return torch.softmax(self.out(y), dim=-1)


class RecurrentStack(nn.Module):
    """Every way PyTorch writes the recurrent ops: a two-layer bidirectional GRU (time-major, so
    ONNX's [T, 2, B, H] Y), a reverse-reading LSTM over its output through the GRU's final states
    as LSTM state, and a ReLU RNN; their outputs summed over time."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(16, 24, num_layers=2, bidirectional=True)
        self.lstm = nn.LSTM(48, 24, bidirectional=True)
        self.rnn = nn.RNN(48, 24, nonlinearity="relu")

    def forward(self, x):
        x = x.transpose(0, 1)  # [T, B, 16]
        y, h = self.gru(x)
        z, _ = self.lstm(y, (h[2:], h[2:]))
        w, _ = self.rnn(z)
        return torch.cat([z.sum(0), w.sum(0)], dim=-1)


class LstmCellSteps(nn.Module):
    """An LSTMCell stepped over six inputs in Python, a Dense on each step's state. Traced, each
    step is the cell's two Gemms and its gate math; scripted (torch.jit.script, which unrolls the
    constant loop), one ONNX LSTM of sequence length 1."""

    def __init__(self):
        super().__init__()
        self.cell = nn.LSTMCell(32, 64)
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        h = torch.zeros(x.size(0), 64)
        c = torch.zeros(x.size(0), 64)
        steps = []
        for t in range(6):
            h, c = self.cell(x[:, t], (h, c))
            steps.append(self.out(h))
        return torch.stack(steps, 1)


END_TOKEN = 2


class GreedyDecoder(nn.Module):
    """Greedy decoding as torch.jit.script exports it: an LSTM encoder's final state starts an
    LSTMCell decoder that reads the one-hot of its previous token (ArgMax -> OneHot fed back) for
    max_len steps (an input), the tokens collected in a Python list and stacked: an ONNX Loop with
    a sequence carried through it. With early_stop, the loop also ends once every row has emitted
    END_TOKEN, whose logit gets a bonus growing with the step (a length penalty) so that it ends
    within a few steps, at a step that depends on the input. With index_assign, the first token is
    built the way users often write it, by index assignment into zeros (a ScatterND)."""

    def __init__(self, early_stop: bool = False, width: int = 128, index_assign: bool = False):
        super().__init__()
        self.early_stop = early_stop
        self.index_assign = index_assign
        self.source_embed = nn.Embedding(TEXT_VOCAB, 64)
        self.encoder = nn.LSTM(64, width, batch_first=True)
        self.cell = nn.LSTMCell(TARGET_VOCAB, width)
        self.out = nn.Linear(width, TARGET_VOCAB)
        self.register_buffer("end_bonus", F.one_hot(torch.tensor(END_TOKEN), TARGET_VOCAB).float())

    def forward(self, source, max_len):
        _, (h, c) = self.encoder(self.source_embed(source))
        h = h[0]
        c = c[0]
        if self.index_assign:
            token = torch.zeros([source.size(0), 500])
            token[:, 1] = 1.0
        else:
            token = F.one_hot(torch.full([source.size(0)], 1, dtype=torch.long), 500).float()
        finished = torch.zeros([source.size(0)], dtype=torch.bool)
        tokens: List[torch.Tensor] = []
        for i in range(int(max_len)):
            h, c = self.cell(token, (h, c))
            logits = self.out(h)
            if self.early_stop:
                logits = logits + (0.04 * i) * self.end_bonus
            best = logits.argmax(-1)
            tokens.append(best)
            token = F.one_hot(best, 500).float()
            if self.early_stop:
                finished = finished | (best == 2)
                if bool(finished.all()):
                    break
        return torch.stack(tokens, 1)


class ScriptedLists(nn.Module):
    """Python lists as torch.jit.script exports them: torch.split into a list (SplitToSequence),
    indexed (SequenceAt), a list that starts with an element and is appended to in a loop over
    the other list (SequenceConstruct carried through a Loop that reads SequenceAt at its
    counter), its length and torch.cat of it (SequenceLength, ConcatFromSequence)."""

    def forward(self, x):
        parts = torch.split(x, 2, dim=1)
        ys: List[torch.Tensor] = [parts[0] * parts[1]]
        for p in parts:
            ys.append(torch.relu(p) - parts[-1])
        return torch.cat(ys, 1) * len(parts)


class ScriptedListOutput(nn.Module):
    """A Python list returned by a scripted model: a Loop over the rows that appends a ragged
    prefix of each (row i keeps i + 1 values), returned as the model's sequence output, so the
    list stays a list at run time."""

    def forward(self, x):
        rows: List[torch.Tensor] = []
        for i in range(x.size(0)):
            rows.append(torch.relu(x[i, : i + 1]) * 2.0)
        return rows


class ScriptedListConcat(nn.Module):
    """A Python list built by inserting at its front, then joined by torch.cat: the elements'
    order and lengths are known only at run time, so the ConcatFromSequence joins a run-time list
    (ragged rows of i + 1 values, newest first)."""

    def forward(self, x):
        rows: List[torch.Tensor] = []
        for i in range(x.size(0)):
            rows.insert(0, torch.relu(x[i, : i + 1]) * 2.0)
        return torch.cat(rows, 0)


class ScriptedUnbind(nn.Module):
    """Rows of a scripted x.unbind(0), blended in a loop: PyTorch exports SplitToSequence with a
    scalar split of 1 and keepdims = 0, which PyTorch and ONNX Runtime read as rows without the
    axis (ONNX's definition would keep it); with a symbolic batch the rows are split at run time."""

    def forward(self, x):
        acc = torch.zeros(x.size(1))
        for row in x.unbind(0):
            acc = acc * 0.5 + torch.tanh(row)
        return acc.unsqueeze(0)


def greedy_input(shape, rng):
    batch = shape[0]
    return (rng.integers(0, TEXT_VOCAB, size=(batch, shape[1]), dtype=np.int64), np.array(GREEDY_STEPS, dtype=np.int64))


def seq2seq_input(shape, rng, target_seq=TARGET_SEQ):
    batch = shape[0]
    return (rng.integers(0, TEXT_VOCAB, size=(batch, shape[1]), dtype=np.int64),
            rng.integers(0, TARGET_VOCAB, size=(batch, target_seq), dtype=np.int64))


def float_input(shape, rng):
    return rng.standard_normal(shape).astype(np.float32)


def sparse_input(shape, rng):
    """Normal noise, with none of it over 0.5 in a batch of one: every size of selection is run,
    the empty one included."""
    x = rng.standard_normal(shape).astype(np.float32)
    return -np.abs(x) if shape[0] == 1 else x


def image_input(shape, rng):
    """Smooth, image-like data: a brightness per image and channel, blocks of random intensity and
    a little noise. Unlike i.i.d. noise it survives average pooling, so the output depends on the
    input (and e.g. mixing up NCHW and NHWC changes it)."""
    b, c, h, w = shape
    cells = max(d for d in range(1, 9) if h % d == 0 and w % d == 0)
    coarse = rng.uniform(0, 1, (b, c, 1, 1)) + rng.uniform(-0.5, 0.5, (b, c, cells, cells))
    image = np.kron(coarse, np.ones((h // cells, w // cells))) + 0.05 * rng.standard_normal(shape)
    return image.astype(np.float32)


def image_input_nhwc(shape, rng):
    b, h, w, c = shape
    return np.ascontiguousarray(image_input((b, c, h, w), rng).transpose(0, 2, 3, 1))


def latent_input(shape, rng):
    return rng.standard_normal(shape).astype(np.float32)


def token_input(shape, rng, vocab=VOCAB):
    return rng.integers(0, vocab, size=shape, dtype=np.int64)


def masked_token_input(shape, rng, vocab=VOCAB):
    """Token ids and a padding mask: row i keeps its first seq - i tokens (at least one)."""
    ids = token_input(shape, rng, vocab)
    mask = np.ones(shape, dtype=np.int64)
    for row in range(shape[0]):
        mask[row, max(1, shape[1] - row):] = 0
    return ids, mask


class OldLayers(nn.Module):
    """Layers whose old-opset exports ONNX's converter or checker used to refuse: reflection Pad,
    PRelu with one slope per channel, Softsign and Linear. At opsets 7 and 8 PyTorch writes IR
    version 3, whose checker wanted every initializer listed as a graph input. At opset 17 the pads
    are computed (a Pad of unknown shape at export) and PRelu and Softsign had no shape rule."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.prelu = nn.PReLU(8)
        self.fc = nn.Linear(8 * 6 * 6, 5)

    def forward(self, x):
        x = F.pad(x, (1, 1, 1, 1), mode="reflect")
        return self.fc(F.softsign(self.prelu(self.conv(x))).flatten(1))


class Model(NamedTuple):
    seed: int
    make: Callable[[], nn.Module]
    shape: tuple  # the input's shape after the batch dimension
    make_input: Callable  # (shape, rng) -> an array, or a tuple of arrays for several inputs
    opset: int = OPSET
    input_names: tuple = ("input",)
    symbolic: dict = {0: "batch"}  # the axes a _dyn export makes symbolic, in every input and output
    output_symbolic: dict = None  # the output's, where they differ (None: `symbolic`)
    init: Callable = init_weights  # (module) -> None, sets the random weights


MODELS = {
    "mlp": Model(1, Mlp, (10,), float_input),
    "mnist_cnn": Model(2, MnistCnn, (1, 28, 28), image_input),
    "view_cnn": Model(21, ViewCnn, (1, 28, 28), image_input),
    "cnn224": Model(3, Cnn224, (3, 224, 224), image_input),
    "embedding_classifier": Model(4, lambda: EmbeddingClassifier("mean"), (SEQ,), token_input),
    "embedding_flatten": Model(5, lambda: EmbeddingClassifier("flatten"), (SEQ,), token_input),
    # torchvision's CNNs at reduced input sizes (the architectures are size-independent up to the
    # global pool) so the tests stay quick; the weights are what they are (resnet18: 47 MB).
    "resnet18": Model(6, torchvision.models.resnet18, (3, 64, 64), image_input),
    "mobilenet_v2": Model(7, lambda: torchvision.models.mobilenet_v2(width_mult=0.5, num_classes=100),
                          (3, 96, 96), image_input),
    "squeezenet": Model(8, lambda: torchvision.models.squeezenet1_1(num_classes=100), (3, 64, 64), image_input),
    "dcgan_generator": Model(9, DcganGenerator, (100, 1, 1), latent_input),
    "keras_nhwc": Model(10, KerasNhwc, (32, 32, 3), image_input_nhwc),
    "resnet50": Model(11, torchvision.models.resnet50, (3, 224, 224), image_input),
    "upsample_net": Model(12, UpsampleNet, (3, 32, 48), image_input),
    # Micro-models of the generated code (bench/run_bench.sh --micro) and the Transformer encoders
    # they add up to.
    "elementwise_chain": Model(13, ElementwiseChain, (64, 112, 112), float_input),
    "layernorm": Model(14, lambda: nn.LayerNorm(768), (128, 768), float_input),
    "softmax": Model(15, Softmax, (12, 128, 128), float_input),
    "transpose_heads": Model(16, lambda: Permute(0, 2, 1, 3), (128, 12, 64), float_input),
    "gather_rows": Model(17, EmbeddingRows, (128,), lambda shape, rng: token_input(shape, rng, 30522)),
    "bert_small": Model(18, lambda: Encoder(2, 128, 2, 512, vocab=VOCAB, seq=128), (128,), token_input),
    "bert_masked": Model(22, MaskedBert, (32,), masked_token_input, input_names=("ids", "mask"),
                         symbolic={0: "batch", 1: "seq"}),
    # Outputs whose length only the data gives.
    "masked_select": Model(23, MaskedSelect, (6,), sparse_input, output_symbolic={0: "selected"}),
    "nonzero": Model(24, NonZeroIndices, (3, 4), sparse_input, output_symbolic={0: "selected"}),
    "masked_rows": Model(25, MaskedRows, (6,), sparse_input, output_symbolic={0: "selected"}),
    "unique_tokens": Model(53, UniqueTokens, (SEQ,), lambda shape, rng: token_input(shape, rng, 20)),
    # A quantized export (issue 11): QDQ pairs as PyTorch writes them.
    "qdq_cnn": Model(54, QdqCnn, (3, 16, 16), image_input),
    "qdq_mobile": Model(55, QdqMobileBlock, (3, 16, 16), image_input),
    # The recurrent family (issue 9): the text classifier and the teacher-forced Seq2Seq of the seed
    # documents, and the other recurrent forms PyTorch exports.
    "lstm_classifier": Model(26, LstmClassifier, (TEXT_SEQ,), lambda shape, rng: token_input(shape, rng, TEXT_VOCAB),
                             symbolic={0: "batch", 1: "seq"}, output_symbolic={0: "batch"}),
    "seq2seq": Model(27, Seq2SeqTeacherForced, (20,), seq2seq_input, input_names=("source", "target"),
                     symbolic={0: "batch", 1: "seq"}),
    # Issue 27's benchmark Seq2Seq: hidden 256, 32 source and 24 target steps.
    "seq2seq_h256": Model(27, lambda: Seq2SeqTeacherForced(256), (32,),
                          lambda shape, rng: seq2seq_input(shape, rng, target_seq=24), input_names=("source", "target"),
                          symbolic={0: "batch", 1: "seq"}),
    "recurrent_stack": Model(28, RecurrentStack, (10, 16), float_input),
    "greedy_decoder": Model(30, lambda: torch.jit.script(GreedyDecoder()), (20,), greedy_input,
                            input_names=("source", "max_len")),
    "greedy_decoder_early_stop": Model(31, lambda: torch.jit.script(GreedyDecoder(early_stop=True)), (20,),
                                       greedy_input, input_names=("source", "max_len")),
    "greedy_decoder_index_assign": Model(30, lambda: torch.jit.script(GreedyDecoder(index_assign=True)), (20,),
                                         greedy_input, input_names=("source", "max_len")),
    "scripted_lists": Model(32, lambda: torch.jit.script(ScriptedLists()), (6,), float_input),
    "scripted_list_output": Model(33, lambda: torch.jit.script(ScriptedListOutput()), (12,), float_input),
    "scripted_list_concat": Model(33, lambda: torch.jit.script(ScriptedListConcat()), (12,), float_input),
    "scripted_unbind": Model(46, lambda: torch.jit.script(ScriptedUnbind()), (12,), float_input),
    "lstm_cell_traced": Model(29, LstmCellSteps, (6, 32), float_input),
    "lstm_cell_scripted": Model(29, lambda: torch.jit.script(LstmCellSteps()), (6, 32), float_input),
    # Row reductions in CNNs (issue 31): GroupNorm and squeeze-and-excitation; the torchvision models
    # where they cost the most, at batch 1 (bench only).
    "groupnorm_net": Model(33, GroupNormNet, (3, 32, 32), image_input),
    "se_net": Model(34, SeNet, (3, 32, 32), image_input),
    "aspp_net": Model(39, AsppNet, (3, 48, 64), image_input),
    "film_net": Model(40, FilmNet, (3, 32, 32), image_input),
    # Opsets 7 (IR 3) and 9 only: at opset 17 the PRelu after the computed Pad is still refused.
    "old_layers": Model(41, OldLayers, (3, 6, 6), float_input),
    # Ops of issue 32: DepthToSpace (PixelShuffle), Trilu (a causal mask built in forward), CumSum,
    # Einsum.
    "pixel_shuffle_sr": Model(42, PixelShuffleSr, (3, 12, 12), float_input),
    "causal_block": Model(43, CausalBlock, (10, 32), float_input),
    "position_ids": Model(44, PositionIdsEncoder, (SEQ,), token_input),
    "einsum_attention": Model(45, EinsumAttention, (12, 32), float_input),
    "old_layers_opset7": Model(41, OldLayers, (3, 6, 6), float_input, opset=7),
    "old_layers_opset9": Model(41, OldLayers, (3, 6, 6), float_input, opset=9),
    "groupnorm_block": Model(35, GroupNormBlock, (128, 64, 64), float_input),
    "vit_b16": Model(36, torchvision.models.vit_b_16, (3, 224, 224), image_input),
    "efficientnet_v2_s": Model(37, torchvision.models.efficientnet_v2_s, (3, 224, 224), image_input),
    "deeplabv3_mobilenet": Model(38, lambda: SegmentationOut(torchvision.models.segmentation.deeplabv3_mobilenet_v3_large(
        weights=None, weights_backbone=None, aux_loss=False)), (3, 224, 224), image_input),
    # One layer on float input: its first residual Add reads the model input (which must stay intact).
    "transformer_layer": Model(20, lambda: Encoder(1, 64, 4, 256), (16, 64), float_input),
    "transformer_encoder": Model(19, lambda: Encoder(6, 512, 8, 2048), (64, 512), float_input),
    # The attention family (issue 10): BERT-base with Hugging Face's separate query/key/value
    # projections, GPT-2 small at sequence 64, torch.nn.TransformerEncoder (bench only), and
    # CI-sized versions of each.
    "bert_base": Model(47, lambda: MaskedBert(12, 768, 12, 3072, vocab=30522, separate_qkv=True), (128,),
                       lambda shape, rng: masked_token_input(shape, rng, 30522), input_names=("ids", "mask"),
                       init=init_transformer),
    "bert_split_qkv": Model(48, lambda: MaskedBert(separate_qkv=True), (32,), masked_token_input,
                            input_names=("ids", "mask"), init=init_transformer),
    "gpt_lm": Model(49, lambda: GptLm(12, 768, 12, vocab=50257), (64,),
                    lambda shape, rng: token_input(shape, rng, 50257), init=init_transformer),
    "gpt_small": Model(50, GptLm, (64,), token_input, init=init_transformer),
    "torch_transformer_encoder": Model(51, lambda: TorchEncoder(6, 512, 8, 2048), (64, 512), float_input,
                                       init=init_transformer),
    "torch_encoder_small": Model(52, lambda: TorchEncoder(2, 64, 4, 128), (16, 64), float_input,
                                 symbolic={1: "seq"}, init=init_transformer),
}
# Older exports: the same networks written by PyTorch at the opsets before 17 that need converting.
for _name, _opset in (("mnist_cnn", 11), ("mobilenet_v2", 11), ("squeezenet", 13), ("keras_nhwc", 13),
                      ("upsample_net", 11), ("bert_masked", 14), ("causal_block", 14), ("gpt_small", 14)):
    MODELS[f"{_name}_opset{_opset}"] = MODELS[_name]._replace(opset=_opset)
# Exported only when named by --only (the benchmark), never by default.
BENCH_ONLY = {"resnet50", "elementwise_chain", "layernorm", "softmax", "transpose_heads", "gather_rows",
              "transformer_encoder", "groupnorm_block", "vit_b16", "efficientnet_v2_s", "deeplabv3_mobilenet",
              "seq2seq_h256", "bert_base", "gpt_lm", "torch_transformer_encoder"}
DEFAULT_MODELS = [name for name in MODELS if name not in BENCH_ONLY]
# Exported with symbolic dims as well (<name>_dyn): the input shape of each data set.
DYNAMIC = {name: [(b,) + MODELS[name].shape for b in DYNAMIC_BATCHES]
           for name in ["mlp", "mnist_cnn", "view_cnn", "cnn224", "resnet18", "squeezenet", "dcgan_generator",
                        "masked_select", "nonzero", "masked_rows", "scripted_unbind", "qdq_cnn",
                        "qdq_mobile"]}
DYNAMIC["bert_masked"] = [(1, 5), (3, 17), (2, 64)]
DYNAMIC["lstm_classifier"] = [(1, 100), (3, 7), (8, 100)]
# A symbolic sequence through nn.MultiheadAttention's reshapes (the batch stays 2).
DYNAMIC["torch_encoder_small"] = [(2, 5, 64), (2, 17, 64), (2, 1, 64)]


def stamp_text():
    """What a cached folder must have been produced by: this script, this torch, this onnx."""
    with open(__file__, "rb") as f:
        script = hashlib.sha256(f.read()).hexdigest()
    return f"script {script}\ntorch {torch.__version__}\nonnx {onnx.__version__}\n"


def as_tensors(arrays):
    return tuple(torch.from_numpy(a) for a in (arrays if isinstance(arrays, tuple) else (arrays,)))


def export(name, batch, folder):
    """batch: an int, or None for symbolic dims with one data set per shape in DYNAMIC[name]."""
    seed, make, shape, make_input, opset, input_names, symbolic, output_symbolic, init = MODELS[name]
    torch.manual_seed(seed)
    model = make()
    init(model)
    calibrate_batch_norm(model, as_tensors(make_input((16,) + shape, np.random.default_rng(seed))))
    model.eval()

    # Seed per (model, shape) so each folder's data is reproducible on its own.
    shapes = DYNAMIC[name] if batch is None else [(batch,) + shape]
    data = []
    for full in shapes:
        x = as_tensors(make_input(full, np.random.default_rng(1000 * seed + full[0] if batch else [seed, *full])))
        with torch.no_grad():
            y = model(*x)
            data.append((x, [t.numpy() for t in y] if isinstance(y, list) else y.numpy()))

    tmp = folder + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    path = os.path.join(tmp, "model.onnx")
    # PRESERVE exports the eval-mode model as it is: with the default (EVAL) PyTorch folds every
    # BatchNormalization into the conv before it, and aicc's own folding would go untested.
    dynamic_axes = None if batch is not None else {
        **{n: symbolic for n in input_names}, "output": symbolic if output_symbolic is None else output_symbolic}
    torch.onnx.export(model, data[-1][0], path, opset_version=opset, do_constant_folding=True,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=list(input_names), output_names=["output"], dynamic_axes=dynamic_axes)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    for k, (x, y) in enumerate(data):
        os.makedirs(os.path.join(tmp, f"test_data_set_{k}"))
        files = [(f"input_{i}", n, t.numpy()) for i, (n, t) in enumerate(zip(input_names, x))]
        for file, tensor_name, value in files + [("output_0", "output", y)]:
            # A list output (an ONNX sequence) is a SequenceProto of its tensors.
            proto = (numpy_helper.from_list(value, tensor_name) if isinstance(value, list)
                     else numpy_helper.from_array(value, tensor_name))
            with open(os.path.join(tmp, f"test_data_set_{k}", f"{file}.pb"), "wb") as f:
                f.write(proto.SerializeToString())
    with open(os.path.join(tmp, STAMP), "w") as f:
        f.write(stamp_text())
    # Rename last, so an interrupted export never leaves a folder that looks complete.
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(tmp, folder)


def is_current(folder):
    try:
        with open(os.path.join(folder, STAMP)) as f:
            return f.read() == stamp_text()
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="folder to write <name>_b<batch>/ and <name>_dyn/ into")
    parser.add_argument("--only", nargs="+", choices=sorted(MODELS), help="export just these models (default: all but " + ", ".join(sorted(BENCH_ONLY)) + ")")
    parser.add_argument("--force", action="store_true", help="re-export even if the stamp matches")
    parser.add_argument("--list", action="store_true", help="print the folder names and exit")
    args = parser.parse_args()

    names = args.only or DEFAULT_MODELS
    folders = [(name, batch, f"{name}_b{batch}") for name in names for batch in BATCHES]
    folders += [(name, None, f"{name}_dyn") for name in names if name in DYNAMIC]
    if args.list:
        print("\n".join(f for _, _, f in folders))
        return 0
    if not args.out:
        parser.error("--out is required")

    torch.set_num_threads(1)  # deterministic reductions for the recorded outputs
    for name, batch, sub in folders:
        folder = os.path.join(args.out, sub)
        if not args.force and is_current(folder):
            continue
        print(f"exporting {sub}", flush=True)
        export(name, batch, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
