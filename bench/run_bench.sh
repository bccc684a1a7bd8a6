#!/usr/bin/env bash
# Benchmarks aicc against ONNX Runtime (CPU) on the seed models, same folder, same thread count,
# and prints median latencies and the ratio ORT/aicc (> 1: aicc is faster).
#
#   bench/run_bench.sh [MODEL[:BATCH] ...]   (default: the CNNs below, at batch BATCH)
#
# BATCH is 1 or 8 (the batch sizes export_models.py writes); MODEL:8 picks it for one model, the
# BATCH variable (default 1) for the rest. Bench-only models (resnet50) are exported on first use.
# Environment: BUILD_DIR (default <repo>/build, must hold bin/aicc and bin/aicc-run), BATCH (1), THREADS (2),
# ITERS (200), WARMUP (20), ROUNDS (2), AICC_BENCH_DIR (the shared ORT anchor, default
# <repo>/../shared/bench). The machine is shared and noisy, so each round runs ORT then aicc and
# the table keeps each side's smallest median over the rounds.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
anchor="${AICC_BENCH_DIR:-$(dirname "$repo")/shared/bench}"
python=/usr/bin/python3  # the Python with torch and onnx (Debian's)
threads="${THREADS:-2}" iters="${ITERS:-200}" warmup="${WARMUP:-20}" rounds="${ROUNDS:-2}" batch="${BATCH:-1}"
entries=("$@")
((${#entries[@]})) || entries=(resnet18 resnet50 mobilenet_v2 squeezenet dcgan_generator cnn224 mnist_cnn keras_nhwc)
# MODEL[:BATCH] -> the folder MODEL_bBATCH; models: the names to export, each once.
folders=() models=()
for entry in "${entries[@]}"; do
  name="${entry%%:*}" b="$batch"
  [[ "$entry" != *:* ]] || b="${entry#*:}"
  [[ "$b" == 1 || "$b" == 8 ]] || { echo "run_bench.sh: batch '$b' in '$entry': the models are exported at batch 1 and 8" >&2; exit 2; }
  folders+=("${name}_b$b")
  [[ " ${models[*]} " == *" $name "* ]] || models+=("$name")
done

for tool in aicc aicc-run; do
  [[ -x "$build/bin/$tool" ]] || { echo "run_bench.sh: $build/bin/$tool not found (build it, or set BUILD_DIR)" >&2; exit 2; }
done
bash "$anchor/install_ort.sh" >/dev/null
# The same export and cache as the build's test_models target: a no-op when the models are there.
"$python" "$repo/test/models/export_models.py" --out "$build/test/models" --only "${models[@]}" >&2

source "$repo/bench/common.sh"

mkdir -p "$build/bench"
printf '%s threads, %s iterations after %s warm-up, best median of %s rounds\n' "$threads" "$iters" "$warmup" "$rounds"
printf '%-24s %12s %12s %10s  %s\n' model "aicc ms" "ORT ms" "ORT/aicc" note
for folder in "${folders[@]}"; do
  dir="$build/test/models/$folder" so="$build/bench/$folder.so" note="" aicc_ms="" ort_ms=""
  if ! "$build/bin/aicc" "$dir/model.onnx" -o "$so" 2>"$build/bench/$folder.log"; then
    note="compile failed: $(head -n1 "$build/bench/$folder.log")"
  fi
  for ((r = 0; r < rounds; r++)); do
    json=$(node "$anchor/ort_bench.js" "$dir" --threads "$threads" --iters "$iters" --warmup "$warmup") \
      && ort_ms=$(smaller "$ort_ms" "$(field median_ms <<<"$json")")
    [[ -z "$note" || "$note" == mismatch* ]] || continue
    # Exit 1 is a numerical mismatch: still worth timing, but flagged in the table.
    status=0
    json=$("$build/bin/aicc-run" "$so" "$dir/test_data_set_0" --json --threads "$threads" --iters "$iters" \
           --warmup "$warmup" --atol 1e-4 --rtol 1e-4) || status=$?
    if ((status > 1)); then note="aicc-run exit $status"; continue; fi
    ((status == 0)) || note="mismatch: outputs differ from PyTorch's"
    aicc_ms=$(smaller "$aicc_ms" "$(field median_ms <<<"$json")")
  done
  [[ -n "$ort_ms" ]] || note="${note:+$note; }ORT failed"
  ratio=-
  [[ -z "$aicc_ms" || -z "$ort_ms" ]] || ratio=$("$python" -c "print(f'{$ort_ms / $aicc_ms:.2f}')")
  printf '%-24s %12s %12s %10s  %s\n' "$folder" "${aicc_ms:--}" "${ort_ms:--}" "$ratio" "$note"
done
