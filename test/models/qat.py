"""Quantization-aware training's QDQ form of a PyTorch CNN, as torch.onnx.export writes it: BatchNorm
folded into the convolutions, then every convolution's input fake-quantized to uint8 per tensor
(its range from calibration runs, zero included) and its weights to int8 per output channel
(symmetric, scales from their absolute maxima). Exported, each Conv reads DequantizeLinear(
QuantizeLinear(x)) and DequantizeLinear(QuantizeLinear(w)). Used by bench/quantized_models.py and
test/e2e/digits_int8.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.experimental.optimization import fuse


class QuantizedConv(nn.Module):
    """A Conv2d whose input and weights are fake-quantized."""

    def __init__(self, conv, low, high):
        super().__init__()
        self.conv = conv
        low, high = min(low, 0.0), max(high, 0.0)
        self.scale = max(high - low, 1e-8) / 255
        self.zero_point = int(min(255, max(0, round(-low / self.scale))))
        w = conv.weight.detach()
        self.weight_scale = (w.abs().amax(dim=(1, 2, 3)) / 127).clamp(min=1e-8)

    def forward(self, x):
        x = torch.fake_quantize_per_tensor_affine(x, self.scale, self.zero_point, 0, 255)
        zeros = torch.zeros(self.weight_scale.shape[0], dtype=torch.int32)
        w = torch.fake_quantize_per_channel_affine(self.conv.weight, self.weight_scale, zeros, 0, -128, 127)
        c = self.conv
        return F.conv2d(x, w, c.bias, c.stride, c.padding, c.dilation, c.groups)


def normalize_batch_norms(model, calibration):
    """BatchNorm statistics from the calibration images, as training would leave them: with the
    initial ones (mean 0, variance 1) random weights shrink MobileNetV2's logits to 1e-9."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # a cumulative average
    model.train()
    with torch.no_grad():
        model(torch.cat(calibration))
    model.eval()


def quantize(model, calibration):
    """BatchNorm folded, then each Conv2d wrapped with the range its input showed in calibration."""
    model = fuse(model)
    ranges = {}

    def observe(name):
        def hook(_, inputs):
            x = inputs[0].detach()
            low, high = ranges.get(name, (float("inf"), float("-inf")))
            ranges[name] = (min(low, x.min().item()), max(high, x.max().item()))
        return hook

    convs = {name: m for name, m in model.named_modules() if isinstance(m, nn.Conv2d)}
    handles = [m.register_forward_pre_hook(observe(name)) for name, m in convs.items()]
    with torch.no_grad():
        for x in calibration:
            model(x)
    for h in handles:
        h.remove()
    for name, conv in convs.items():
        parent_name, _, child = name.rpartition(".")
        parent = model.get_submodule(parent_name) if parent_name else model
        setattr(parent, child, QuantizedConv(conv, *ranges[name]))
    return model
