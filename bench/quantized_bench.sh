#!/usr/bin/env bash
# Times int8 against fp32 (issue 11): ResNet-50 and MobileNetV2 at batch 1, 224x224, as exported by
# bench/quantized_models.py in fp32 and in QDQ form. Prints median latencies of aicc on the QDQ
# model, ONNX Runtime (CPU) on the fp32 model and on the same QDQ model, and aicc's ratio to each
# (< 1: aicc is faster), plus how far each runtime's QDQ outputs are from PyTorch's. Then aicc's
# static int8 (--quantize=int8, calibrated on the QDQ export's 4 images) of the fp32 model against
# ORT fp32, with its error against PyTorch's fp32 outputs.
# Then, compiled by aicc with --quantize=dynamic against ORT on the same fp32 model, with aicc's
# fp32 time beside it and the errors against PyTorch's fp32 outputs: BERT-base (test/models'
# bert_base: sequence 128), the Seq2Seq of hidden 256 (32 source and 24 target steps) and the LSTM
# text classifier (LSTM(128) over 100 tokens), at batch 1.
#
#   bench/quantized_bench.sh
#
# Environment as bench/run_bench.sh: BUILD_DIR, THREADS (2), ITERS (50), WARMUP (10), ROUNDS (2),
# AICC_BENCH_DIR. Each round runs ORT then aicc; the table keeps each side's smallest median.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
anchor="${AICC_BENCH_DIR:-$(dirname "$repo")/shared/bench}"
python=/usr/bin/python3
threads="${THREADS:-2}" iters="${ITERS:-50}" warmup="${WARMUP:-10}" rounds="${ROUNDS:-2}"
work="$build/bench/quantized"

bash "$anchor/install_ort.sh" >/dev/null
mkdir -p "$work"
"$python" "$repo/bench/quantized_models.py" "$work"

source "$repo/bench/common.sh"
ratio() { "$python" -c "print(f'{$1 / $2:.2f}')"; }

declare -A fp32_times
printf '%s threads, %s iterations after %s warm-up, best median of %s rounds\n' "$threads" "$iters" "$warmup" "$rounds"
printf '%-14s %10s %12s %11s %10s %10s %10s %10s\n' model "aicc int8" "ORT fp32" "ORT QDQ" "/ORT fp32" "/ORT QDQ" \
  "aicc err" "ORT err"
for model in resnet50 mobilenet_v2; do
  qdq="$work/${model}_qdq" fp32="$work/${model}_fp32" aicc_ms="" fp32_ms="" qdq_ms=""
  "$build/bin/aicc" "$qdq/model.onnx" -o "$work/$model.so"
  for ((r = 0; r < rounds; r++)); do
    fp32_ms=$(smaller "$fp32_ms" "$(node "$anchor/ort_bench.js" "$fp32" --threads "$threads" --iters "$iters" \
                                    --warmup "$warmup" | field median_ms)")
    ort=$(node "$anchor/ort_bench.js" "$qdq" --threads "$threads" --iters "$iters" --warmup "$warmup")
    qdq_ms=$(smaller "$qdq_ms" "$(field median_ms <<<"$ort")") ort_err=$(field max_abs_err <<<"$ort")
    aicc=$("$build/bin/aicc-run" "$work/$model.so" "$qdq/test_data_set_0" --json --threads "$threads" \
             --iters "$iters" --warmup "$warmup" || true)
    aicc_ms=$(smaller "$aicc_ms" "$(field median_ms <<<"$aicc")") aicc_err=$(field max_abs_err <<<"$aicc")
  done
  printf '%-14s %10.2f %12.2f %11.2f %10s %10s %10.4f %10.4f\n' "$model" "$aicc_ms" "$fp32_ms" "$qdq_ms" \
    "$(ratio "$aicc_ms" "$fp32_ms")" "$(ratio "$aicc_ms" "$qdq_ms")" "$aicc_err" "$ort_err"
  fp32_times[$model]=$fp32_ms
done

printf '\n%-14s %12s %12s %10s %10s\n' model "aicc static" "ORT fp32" "/ORT fp32" "aicc err"
for model in resnet50 mobilenet_v2; do
  fp32="$work/${model}_fp32" static_ms="" fp32_ms="${fp32_times[$model]}"
  "$build/bin/aicc" "$fp32/model.onnx" -o "$work/${model}_static.so" --quantize=int8 \
    --calibration-data "$work/${model}_calibration"
  for ((r = 0; r < rounds; r++)); do
    fp32_ms=$(smaller "$fp32_ms" "$(node "$anchor/ort_bench.js" "$fp32" --threads "$threads" --iters "$iters" \
                                    --warmup "$warmup" | field median_ms)")
    aicc=$("$build/bin/aicc-run" "$work/${model}_static.so" "$fp32/test_data_set_0" --json --threads "$threads" \
             --iters "$iters" --warmup "$warmup" || true)
    static_ms=$(smaller "$static_ms" "$(field median_ms <<<"$aicc")") static_err=$(field max_abs_err <<<"$aicc")
  done
  printf '%-14s %12.2f %12.2f %10s %10.4f\n' "$model" "$static_ms" "$fp32_ms" "$(ratio "$static_ms" "$fp32_ms")" \
    "$static_err"
done

"$python" "$repo/test/models/export_models.py" --out "$build/test/models" --only bert_base seq2seq_h256 lstm_classifier >&2
printf '\n%-18s %10s %12s %11s %10s %10s %10s\n' model "aicc int8" "aicc fp32" "ORT fp32" "/ORT fp32" "aicc err" "ORT err"
for model in bert_base_b1 seq2seq_h256_b1 lstm_classifier_b1; do
  dir="$build/test/models/$model" aicc_ms="" fp32_ms="" ort_ms=""
  "$build/bin/aicc" "$dir/model.onnx" -o "$work/${model}_dynamic.so" --quantize=dynamic
  "$build/bin/aicc" "$dir/model.onnx" -o "$work/${model}_fp32.so"
  for ((r = 0; r < rounds; r++)); do
    ort=$(node "$anchor/ort_bench.js" "$dir" --threads "$threads" --iters "$iters" --warmup "$warmup")
    ort_ms=$(smaller "$ort_ms" "$(field median_ms <<<"$ort")") ort_err=$(field max_abs_err <<<"$ort")
    fp32=$("$build/bin/aicc-run" "$work/${model}_fp32.so" "$dir/test_data_set_0" --json --threads "$threads" \
             --iters "$iters" --warmup "$warmup" || true)
    fp32_ms=$(smaller "$fp32_ms" "$(field median_ms <<<"$fp32")")
    aicc=$("$build/bin/aicc-run" "$work/${model}_dynamic.so" "$dir/test_data_set_0" --json --threads "$threads" \
             --iters "$iters" --warmup "$warmup" || true)
    aicc_ms=$(smaller "$aicc_ms" "$(field median_ms <<<"$aicc")") aicc_err=$(field max_abs_err <<<"$aicc")
  done
  printf '%-18s %10.2f %12.2f %11.2f %10s %10.4f %10.4f\n' "$model" "$aicc_ms" "$fp32_ms" "$ort_ms" \
    "$(ratio "$aicc_ms" "$ort_ms")" "$aicc_err" "$ort_err"
done
