#!/usr/bin/env bash
# Installs the Debian 12 packages aicc builds, tests and exports its test models with.
# Idempotent: apt-get skips what is already there. Run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config  # pkg-config: the test of the installed aicc.pc
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  clang-format-22  # scripts/format.sh and its check in the test suite
  libdnnl-dev ocl-icd-opencl-dev  # Debian builds oneDNN with the OpenCL GPU runtime: its CMake config needs OpenCL
  libprotobuf-dev protobuf-compiler
  libonnx-dev libonnx-testdata
  libgtest-dev
  python3-torch python3-torchvision python3-onnx python3-numpy
  python3-sklearn  # the handwritten digits of the int8 accuracy test (test/e2e/digits_int8.py)
  libcpp-httplib-dev rapidjson-dev libgrpc++-dev protobuf-compiler-grpc  # aicc-serve (serve/)
  python3-grpcio python3-yaml  # test/serve: the gRPC client, the KServe manifests
  wrk  # bench/serve_bench.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
