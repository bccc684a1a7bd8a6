"""Exports the quantization benchmark's models into OUT_DIR, each a folder with model.onnx and
test_data_set_0 (input_0.pb, output_0.pb): torchvision's ResNet-50 and MobileNetV2 at batch 1,
224x224, random weights (seed 11) with BatchNorm statistics from the calibration images, in fp32
(<name>_fp32) and in QDQ form (<name>_qdq).

The QDQ form is what quantization-aware training exports: BatchNorm folded into the convolutions,
then every convolution's input fake-quantized to uint8 per tensor (its range from calibration
runs on random images, zero included) and its weights to int8 per output channel (symmetric,
scales from their absolute maxima); torch.onnx.export writes QuantizeLinear/DequantizeLinear pairs
around the fp32 Conv. Its outputs are PyTorch's fake-quantized ones. ONNX Runtime's quantizer is a
Python package that Debian does not ship, so this is the QDQ model ORT runs too.

    /usr/bin/python3 bench/quantized_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from onnx import numpy_helper
from torch.fx.experimental.optimization import fuse

CALIBRATION_RUNS = 4


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


def export(model, x, folder):
    os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, os.path.join(folder, "model.onnx"), opset_version=13, input_names=["input"],
                      output_names=["output"])
    for name, value in (("input_0.pb", x), ("output_0.pb", y)):
        tensor = numpy_helper.from_array(value.numpy().astype(np.float32))
        with open(os.path.join(folder, "test_data_set_0", name), "wb") as f:
            f.write(tensor.SerializeToString())


def main():
    out = sys.argv[1]
    for name, build in (("resnet50", torchvision.models.resnet50), ("mobilenet_v2", torchvision.models.mobilenet_v2)):
        if os.path.exists(os.path.join(out, f"{name}_qdq", "model.onnx")):
            continue
        torch.manual_seed(11)
        model = build()
        x = torch.randn(1, 3, 224, 224)
        calibration = [torch.randn(1, 3, 224, 224) for _ in range(CALIBRATION_RUNS)]
        normalize_batch_norms(model, calibration)
        export(model, x, os.path.join(out, f"{name}_fp32"))
        export(quantize(model, calibration), x, os.path.join(out, f"{name}_qdq"))
        onnx.checker.check_model(os.path.join(out, f"{name}_qdq", "model.onnx"))
        print(f"exported {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
