#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds if needed, runs every test (lit, GoogleTest,
# end-to-end models, ONNX conformance, bad input). Ends with ctest's summary line; fails on any failure.
#
#   bash scripts/test.sh              # build/, the release build
#   bash scripts/test.sh --sanitize   # build-asan/: ASan + UBSan, fails on any report
#
# Every test has a time limit (ctest --timeout, or the test's own TIMEOUT): a hang fails that test
# instead of holding the run until CI's limit.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=0
for arg in "$@"; do
  case "$arg" in
    --sanitize) sanitize=1 ;;
    *) echo "usage: bash scripts/test.sh [--sanitize]" >&2; exit 2 ;;
  esac
done

bash scripts/install-deps.sh
if ((sanitize)); then
  build=build-asan
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAICC_SANITIZE=ON
  fi
  ninja -C "$build"
  # Debian's libMLIR/libLLVM are not instrumented, but LLVM's headers poison allocator memory in
  # code that is (LLVM_ADDRESS_SANITIZER_BUILD): MLIR's attribute uniquer then reads memory our
  # side poisoned and ASan reports a false use-after-poison. allow_user_poisoning=0 ignores manual
  # poisoning only; heap, stack and leak errors are still reported.
  export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=1:abort_on_error=0:exitcode=23${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  timeout_s=1200
else
  build=build
  bash scripts/build.sh
  timeout_s=600
fi
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout "$timeout_s"
