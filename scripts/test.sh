#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds if needed, runs every test (lit, GoogleTest,
# end-to-end models, ONNX conformance, bad input). Ends with ctest's summary line; fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
