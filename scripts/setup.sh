#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine, as root: install dependencies, build, compile the bundled
# example model with aicc and run it with aicc-run against the outputs PyTorch recorded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p build/examples
build/bin/aicc examples/mlp/model.onnx -o build/examples/mlp.so
build/bin/aicc-run build/examples/mlp.so examples/mlp/test_data_set_0 --threads 2
