#!/usr/bin/env bash
# Configures (once) and builds aicc into build/ with CMake + Ninja.
set -euo pipefail
cd "$(dirname "$0")/.."
# In CI (CI=true) a compiler warning fails the build.
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DAICC_WERROR="$([ "${CI:-}" = true ] && echo ON || echo OFF)"
fi
ninja -C build
