#!/usr/bin/env bash
# Times bf16 compute (aicc --precision=bf16, issue 11) against fp32: ResNet-50 and MobileNetV2 at
# batch 1, 224x224 (bench/quantized_models.py's fp32 exports), BERT-base (test/models' bert_base:
# sequence 128, batch 1), and the LSTMs of the Seq2Seq (hidden 256, 32 source and 24 target steps)
# and the text classifier (LSTM(128) over 100 tokens), batch 1. Prints median latencies of aicc in bf16 and in fp32 and of ONNX Runtime
# (CPU) in fp32 on the same model, aicc bf16's ratio to each (< 1: faster), and the max abs error
# against PyTorch's fp32 outputs of aicc bf16 and aicc fp32. On a CPU without AVX512_BF16 the bf16
# compile warns and runs f32.
#
#   bench/bf16_bench.sh
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
"$python" "$repo/test/models/export_models.py" --out "$build/test/models" --only bert_base seq2seq_h256 lstm_classifier \
  >&2

source "$repo/bench/common.sh"
ratio() { "$python" -c "print(f'{$1 / $2:.2f}')"; }

printf '%s threads, %s iterations after %s warm-up, best median of %s rounds\n' "$threads" "$iters" "$warmup" "$rounds"
printf '%-14s %10s %10s %10s %10s %10s %10s %10s\n' model "aicc bf16" "aicc fp32" "ORT fp32" "/ORT fp32" \
  "/aicc fp32" "bf16 err" "fp32 err"
for entry in "resnet50:$work/resnet50_fp32" "mobilenet_v2:$work/mobilenet_v2_fp32" \
             "bert_base:$build/test/models/bert_base_b1" "seq2seq_h256:$build/test/models/seq2seq_h256_b1" \
             "lstm_classifier:$build/test/models/lstm_classifier_b1"; do
  model="${entry%%:*}" folder="${entry#*:}" bf16_ms="" fp32_ms="" ort_ms=""
  "$build/bin/aicc" "$folder/model.onnx" -o "$work/${model}_bf16.so" --precision=bf16
  "$build/bin/aicc" "$folder/model.onnx" -o "$work/${model}_fp32.so"
  for ((r = 0; r < rounds; r++)); do
    ort_ms=$(smaller "$ort_ms" "$(node "$anchor/ort_bench.js" "$folder" --threads "$threads" --iters "$iters" \
                                  --warmup "$warmup" | field median_ms)")
    for precision in fp32 bf16; do
      aicc=$("$build/bin/aicc-run" "$work/${model}_$precision.so" "$folder/test_data_set_0" --json \
               --threads "$threads" --iters "$iters" --warmup "$warmup" || true)
      if [[ $precision == bf16 ]]; then
        bf16_ms=$(smaller "$bf16_ms" "$(field median_ms <<<"$aicc")") bf16_err=$(field max_abs_err <<<"$aicc")
      else
        fp32_ms=$(smaller "$fp32_ms" "$(field median_ms <<<"$aicc")") fp32_err=$(field max_abs_err <<<"$aicc")
      fi
    done
  done
  printf '%-14s %10.2f %10.2f %10.2f %10s %10s %10.4f %10.4f\n' "$model" "$bf16_ms" "$fp32_ms" "$ort_ms" \
    "$(ratio "$bf16_ms" "$ort_ms")" "$(ratio "$bf16_ms" "$fp32_ms")" "$bf16_err" "$fp32_err"
done
