#!/usr/bin/env bash
# The size sweep of issue 31 against ONNX Runtime: each row reduction (and an elementwise chain) over
# rows of N, N on the reduced axis, compiled by aicc and run by both, same folder, same threads.
#
#   bench/size_sweep.sh [OP ...]     (default: every op of test/e2e/size_sweep.py)
#
# Prints per case aicc's and ORT's median ms, aicc's ns per element, and aicc/ORT (< 1: aicc is
# faster); then per op the spread of ns/element over N >= 64 (slowest / fastest: the "no cliff"
# criterion is <= 2) and the worst aicc/ORT. ROWS=volume (the default) gives each case 2^17
# elements or more, so that ns/element is the work per element; ROWS=8 times the test's cases,
# where below a few thousand elements it is the cost of a call. Environment: BUILD_DIR (default
# <repo>/build), SIZES (comma list, default the test's), ROWS (volume), THREADS (2), ITERS (200),
# WARMUP (20), ROUNDS (2), AICC_BENCH_DIR.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
anchor="${AICC_BENCH_DIR:-$(dirname "$repo")/shared/bench}"
python=/usr/bin/python3
threads="${THREADS:-2}" iters="${ITERS:-200}" warmup="${WARMUP:-20}" rounds="${ROUNDS:-2}" rows="${ROWS:-volume}"
ops=("$@")
((${#ops[@]})) || ops=(softmax logsoftmax layernorm instancenorm groupnorm reducemean reducesum argmax elementwise)
work="$build/bench/size_sweep_rows_$rows"

bash "$anchor/install_ort.sh" >/dev/null
sizes_arg=()
[[ -z "${SIZES:-}" ]] || sizes_arg=(--sizes "$SIZES")
mapfile -t cases < <("$python" "$repo/test/e2e/size_sweep.py" --work "$work" --write-only --rows "$rows" \
                       --ops "$(IFS=,; echo "${ops[*]}")" "${sizes_arg[@]}")

source "$repo/bench/common.sh"

printf '%s threads, %s iterations after %s warm-up, best median of %s rounds, rows: %s\n' \
  "$threads" "$iters" "$warmup" "$rounds" "$rows"
results="$work/results.tsv"
: >"$results"
printf '%-20s %10s %10s %10s %10s\n' case "aicc ms" "ORT ms" "ns/elem" aicc/ORT
for entry in "${cases[@]}"; do
  dir="${entry%$'\t'*}" elements="${entry##*$'\t'}"
  name="$(basename "$dir")" so="$dir/model.so" aicc_ms="" ort_ms=""
  "$build/bin/aicc" "$dir/model.onnx" -o "$so" 2>"$dir/compile.log" || { echo "$name: compile failed"; continue; }
  for ((r = 0; r < rounds; r++)); do
    json=$(node "$anchor/ort_bench.js" "$dir" --threads "$threads" --iters "$iters" --warmup "$warmup") &&
      ort_ms=$(smaller "$ort_ms" "$(field median_ms <<<"$json")")
    json=$("$build/bin/aicc-run" "$so" "$dir/test_data_set_0" --json --threads "$threads" --iters "$iters" \
           --warmup "$warmup" --atol 1e-4 --rtol 1e-4) || { echo "$name: aicc-run failed"; continue 2; }
    aicc_ms=$(smaller "$aicc_ms" "$(field median_ms <<<"$json")")
  done
  n="${name##*_}" op="${name%_*}"
  "$python" - "$name" "$op" "$n" "$aicc_ms" "$ort_ms" "$elements" >>"$results" <<'EOF'
import sys
name, op, n, aicc, ort = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
print(f"{name}\t{op}\t{n}\t{aicc}\t{ort}\t{aicc * 1e6 / int(sys.argv[6])}")
EOF
  tail -n1 "$results" | awk -F'\t' '{ printf "%-20s %10.4f %10.4f %10.3f %10.2f\n", $1, $4, $5, $6, $4 / $5 }'
done

"$python" - "$results" <<'EOF'
import collections, sys
by_op = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, op, n, aicc, ort, ns = line.rstrip("\n").split("\t")
    by_op[op].append((int(n), float(aicc), float(ort), float(ns)))
print(f"\n{'op':<14} {'ns/elem spread (N>=64)':>24} {'worst aicc/ORT':>16}")
for op, rows in by_op.items():
    ns = [r[3] for r in rows if r[0] >= 64]
    spread = max(ns) / min(ns) if ns else float("nan")
    worst = max(rows, key=lambda r: r[1] / r[2])
    print(f"{op:<14} {spread:>24.2f} {worst[1] / worst[2]:>11.2f} (N={worst[0]})")
EOF
