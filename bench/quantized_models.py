"""Exports the quantization benchmark's models into OUT_DIR, each a folder with model.onnx and
test_data_set_0 (input_0.pb, output_0.pb): torchvision's ResNet-50 and MobileNetV2 at batch 1,
224x224, random weights (seed 11) with BatchNorm statistics from the calibration images, in fp32
(<name>_fp32) and in QDQ form (<name>_qdq), and the calibration images as input sets for aicc
--quantize=int8 (<name>_calibration/set_K/input_0.pb).

The QDQ form is test/models/qat.py's (quantization-aware training's export), with ranges from 4
random calibration images; its outputs are PyTorch's fake-quantized ones. ONNX Runtime's quantizer
is a Python package that Debian does not ship, so this is the QDQ model ORT runs too.

    /usr/bin/python3 bench/quantized_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
import torch
import torchvision
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "models"))
from qat import normalize_batch_norms, quantize  # noqa: E402

CALIBRATION_RUNS = 4


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
        if os.path.exists(os.path.join(out, f"{name}_calibration")):
            continue
        torch.manual_seed(11)
        model = build()
        x = torch.randn(1, 3, 224, 224)
        calibration = [torch.randn(1, 3, 224, 224) for _ in range(CALIBRATION_RUNS)]
        normalize_batch_norms(model, calibration)
        export(model, x, os.path.join(out, f"{name}_fp32"))
        export(quantize(model, calibration), x, os.path.join(out, f"{name}_qdq"))
        onnx.checker.check_model(os.path.join(out, f"{name}_qdq", "model.onnx"))
        for k, image in enumerate(calibration):
            folder = os.path.join(out, f"{name}_calibration", f"set_{k}")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "input_0.pb"), "wb") as f:
                f.write(numpy_helper.from_array(image.numpy(), "input").SerializeToString())
        print(f"exported {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
