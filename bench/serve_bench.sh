#!/usr/bin/env bash
# aicc-serve under load (issue 29): wrk against POST /v2/models/<m>/infer on loopback.
#   1. The MNIST CNN (test/models' mnist_cnn_dyn, symbolic batch), a JSON request of one 1x28x28
#      image, 32 connections for DURATION seconds, with dynamic batching (max_batch_size 32) and
#      without (max_batch_size 1): requests/s, p50/p99 latency, errors, requests per run;
#   2. one connection, without batching: the server's own cost per request, p50 latency minus the
#      artifact's median run time at batch 1 (aicc-run, same thread count), for a small tensor
#      (the MLP's 10 floats) and the MNIST image, as JSON and in the binary extension.
#
#   bench/serve_bench.sh
#
# Environment: BUILD_DIR (build/), MODEL (mnist_cnn: a test/models name with a _dyn export, in
# place of the MNIST CNN), THREADS (2: each run's threads under load), SESSIONS (1 per model),
# DURATION (20), CONNECTIONS (32).
# The server and wrk share the machine; wrk gets one thread.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
model_name="${MODEL:-mnist_cnn}" threads="${THREADS:-2}" sessions="${SESSIONS:-1}" duration="${DURATION:-20}" connections="${CONNECTIONS:-32}"
work="$build/bench/serve"
models="$build/test/models"
command -v wrk >/dev/null || { echo "serve_bench.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }

"$python" "$repo/test/models/export_models.py" --out "$models" --only "$model_name" mlp >&2
rm -rf "$work" && mkdir -p "$work/repo/batched/1" "$work/repo/single/1" "$work/repo/small/1"
"$build/bin/aicc" "$models/${model_name}_dyn/model.onnx" -o "$work/repo/batched/1/model.so"
cp "$work/repo/batched/1/model.so" "$work/repo/single/1/model.so"
"$build/bin/aicc" "$models/mlp_dyn/model.onnx" -o "$work/repo/small/1/model.so"
echo "{\"max_batch_size\": 32, \"max_queue_size\": 1024, \"sessions\": $sessions}" > "$work/repo/batched/config.json"
echo "{\"max_batch_size\": 1, \"max_queue_size\": 1024, \"sessions\": $sessions}" > "$work/repo/single/config.json"

# wrk scripts posting test_data_set_0's input (batch 1): as JSON (the values as numpy's tolist()
# writes them), and in the binary tensor data extension.
write_requests() {
  "$python" - "$1/test_data_set_0/input_0.pb" "$2" <<'PY'
import json, sys
from onnx import TensorProto, numpy_helper
t = TensorProto(); t.ParseFromString(open(sys.argv[1], "rb").read())
x = numpy_helper.to_array(t)
tensor = {"name": "input", "datatype": "FP32", "shape": list(x.shape)}
body = json.dumps({"inputs": [dict(tensor, data=x.flatten().tolist())]})
header = json.dumps({"inputs": [dict(tensor, parameters={"binary_data_size": x.nbytes})]}).encode()
with open(sys.argv[2] + "_json.lua", "w") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    f.write("wrk.body = " + json.dumps(body) + "\n")
with open(sys.argv[2] + "_binary.lua", "w") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Inference-Header-Content-Length"] = "%d"\n' % len(header))
    f.write('wrk.body = "' + "".join("\\%d" % b for b in header + x.tobytes()) + '"\n')
PY
}
write_requests "$models/${model_name}_dyn" "$work/mnist"
write_requests "$models/mlp_dyn" "$work/mlp"

# Starts aicc-serve with $1 threads per run on a free port: sets $server and $port.
start_server() {
  "$build/bin/aicc-serve" --model-repository "$work/repo" --host 127.0.0.1 --http-port 0 --grpc-port -1 \
    --threads "$1" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q 'HTTP on' "$work/server.log" && break; sleep 0.1; done
  port=$(sed -n 's/.*HTTP on [^:]*:\([0-9]*\).*/\1/p' "$work/server.log")
}
start_server "$threads"
trap 'kill $server 2>/dev/null || true' EXIT

# wrk's summary as: requests/s p50_ms p99_ms non-2xx+socket errors
run_wrk() {
  local out
  out=$(wrk -t1 -c"$1" -d"$2"s --latency -s "$4" "http://127.0.0.1:$port/v2/models/$3/infer")
  "$python" - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(p):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses:|connect|read|write|timeout) (\d+)", out))
print(f"{rps:.0f} {ms(50):.3f} {ms(99):.3f} {errors}")
PY
}

runs() { curl -s "http://127.0.0.1:$port/metrics" | sed -n "s/^aicc_inference_runs_total{model=\"$1\"} //p"; }

printf 'wrk: %s connections, %ss, 1 wrk thread; server: %s thread(s) per run, %s session(s) per model\n' \
  "$connections" "$duration" "$threads" "$sessions"
printf '%-30s %10s %10s %10s %8s %14s\n' mode "req/s" "p50 ms" "p99 ms" errors "requests/run"
for form in json binary; do
  for model in single batched; do
    before=$(runs "$model")
    read -r rps p50 p99 errors < <(run_wrk "$connections" "$duration" "$model" "$work/mnist_$form.lua")
    after=$(runs "$model")
    per_run=$("$python" -c "print(f'{$rps * $duration / max($after - $before, 1):.1f}')")
    printf '%-30s %10s %10s %10s %8s %14s\n' "$form, max batch $([ $model = single ] && echo 1 || echo 32)" \
      "$rps" "$p50" "$p99" "$errors" "$per_run"
    eval "${model}_rps=$rps"
  done
  printf '%s: throughput with batching / without: %s\n' "$form" \
    "$("$python" -c "print(f'{$batched_rps / $single_rps:.2f}')")"
done

# The server's own cost: one connection, p50 latency minus the artifact's median run (aicc-run) at
# batch 1, both on one thread per run: with more, each run in the server also wakes OpenMP's
# sleeping threads, which aicc-run's back-to-back runs find spinning.
kill "$server" && wait "$server" 2>/dev/null || true
start_server 1
printf '\none connection, 10 s each, 1 thread per run: the server adds p50 latency minus the artifact run\n'
printf '%-34s %10s %10s %12s\n' request "p50 ms" "run ms" "server us"
for entry in "mlp:small:mlp_dyn" "mnist:single:${model_name}_dyn"; do
  IFS=: read -r name model folder <<<"$entry"
  run_ms=$("$build/bin/aicc-run" "$work/repo/$model/1/model.so" "$models/$folder/test_data_set_0" \
    --threads 1 --iters 2000 --warmup 100 --json | "$python" -c \
    'import json, sys; print(json.loads(sys.stdin.read().splitlines()[-1])["median_ms"])')
  for form in json binary; do
    read -r _ p50 _ _ < <(run_wrk 1 10 "$model" "$work/${name}_$form.lua")
    printf '%-34s %10s %10.4f %12s\n' "$folder input, $form" "$p50" "$run_ms" \
      "$("$python" -c "print(f'{($p50 - $run_ms) * 1000:.0f}')")"
  done
done
