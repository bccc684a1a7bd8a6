#!/usr/bin/env bash
# Times the detection ops against ONNX Runtime (CPU), same folders, same thread count: TopK over
# [91, 3000] scores (K = 100), NonMaxSuppression over 3000 boxes, Unique over 65536 token ids, and
# the SSD-style detector of test/e2e/detector.py end to end. Prints median latencies and the ratio
# aicc/ORT (< 1: aicc is faster).
#
#   bench/detection_bench.sh
#
# Environment as bench/run_bench.sh: BUILD_DIR, THREADS (2), ITERS (200), WARMUP (20), ROUNDS (2),
# AICC_BENCH_DIR. Each round runs ORT then aicc; the table keeps each side's smallest median.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
anchor="${AICC_BENCH_DIR:-$(dirname "$repo")/shared/bench}"
python=/usr/bin/python3
threads="${THREADS:-2}" iters="${ITERS:-200}" warmup="${WARMUP:-20}" rounds="${ROUNDS:-2}"
work="$build/bench/detection"

bash "$anchor/install_ort.sh" >/dev/null
mkdir -p "$work"
"$python" "$repo/bench/detection_ops.py" "$work" >&2
"$python" "$repo/test/e2e/detector.py" --export "$work" >&2

source "$repo/bench/common.sh"

printf '%s threads, %s iterations after %s warm-up, best median of %s rounds\n' "$threads" "$iters" "$warmup" "$rounds"
printf '%-12s %10s %10s %10s\n' model "aicc ms" "ORT ms" "aicc/ORT"
for model in topk nms unique detector; do
  dir="$work/$model" aicc_ms="" ort_ms=""
  "$build/bin/aicc" "$dir/model.onnx" -o "$work/$model.so"
  for ((r = 0; r < rounds; r++)); do
    ort_ms=$(smaller "$ort_ms" "$(node "$anchor/ort_bench.js" "$dir" --threads "$threads" --iters "$iters" \
                                   --warmup "$warmup" | field median_ms)")
    aicc_ms=$(smaller "$aicc_ms" "$("$build/bin/aicc-run" "$work/$model.so" "$dir/test_data_set_0" --json \
                                     --threads "$threads" --iters "$iters" --warmup "$warmup" | field median_ms)")
  done
  printf '%-12s %10.4f %10.4f %10.2f\n' "$model" "$aicc_ms" "$ort_ms" "$("$python" -c "print($aicc_ms / $ort_ms)")"
done
