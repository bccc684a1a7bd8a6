"""Writes the binary ONNX model for a textual ModelProto, so lit tests can keep models readable.

Usage: onnx_from_text.py INPUT.textproto OUTPUT.onnx
Lines starting with '//' or '#' (lit RUN/CHECK lines) are stripped before parsing.
"""
import sys

import onnx
from google.protobuf import text_format


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source) as f:
        text = "".join(line for line in f if not line.lstrip().startswith(("//", "#")))
    model = text_format.Parse(text, onnx.ModelProto())
    with open(target, "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main()
