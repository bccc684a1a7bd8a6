#!/usr/bin/env bash
# aicc-serve under load (issue 29): wrk against POST /v2/models/<m>/infer on the MNIST CNN
# (test/models' mnist_cnn_dyn, symbolic batch), JSON request of one 1x1x28x28 image, loopback.
#   1. 32 connections for DURATION seconds, with dynamic batching (max_batch_size 32) and
#      without (max_batch_size 1): requests/s, p50/p99 latency, errors;
#   2. one connection, without batching: the server's own cost per request, p50 latency minus the
#      artifact's median run time at batch 1 (aicc-run, same thread count).
#
#   bench/serve_bench.sh
#
# Environment: BUILD_DIR (build/), THREADS (2: each run's threads), DURATION (20), CONNECTIONS (32).
# The server and wrk share the machine; wrk gets one thread.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
threads="${THREADS:-2}" duration="${DURATION:-20}" connections="${CONNECTIONS:-32}"
work="$build/bench/serve"
models="$build/test/models"
command -v wrk >/dev/null || { echo "serve_bench.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }

"$python" "$repo/test/models/export_models.py" --out "$models" --only mnist_cnn >&2
rm -rf "$work" && mkdir -p "$work/repo/batched/1" "$work/repo/single/1"
"$build/bin/aicc" "$models/mnist_cnn_dyn/model.onnx" -o "$work/repo/batched/1/model.so"
cp "$work/repo/batched/1/model.so" "$work/repo/single/1/model.so"
echo '{"max_batch_size": 32, "max_queue_size": 1024}' > "$work/repo/batched/config.json"
echo '{"max_batch_size": 1, "max_queue_size": 1024}' > "$work/repo/single/config.json"

# The request: test_data_set_0's image (batch 1) as JSON, and wrk's script that posts it.
"$python" - "$models/mnist_cnn_dyn/test_data_set_0/input_0.pb" "$work/post.lua" <<'PY'
import json, sys
from onnx import TensorProto, numpy_helper
t = TensorProto(); t.ParseFromString(open(sys.argv[1], "rb").read())
x = numpy_helper.to_array(t)
body = json.dumps({"inputs": [{"name": "input", "datatype": "FP32", "shape": list(x.shape),
                               "data": [float(v) for v in x.flatten()]}]})
with open(sys.argv[2], "w") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    f.write("wrk.body = " + json.dumps(body) + "\n")
    f.write("function response(status, headers, body)\n  if status ~= 200 then errors = (errors or 0) + 1 end\nend\n")
PY

"$build/bin/aicc-serve" --model-repository "$work/repo" --host 127.0.0.1 --http-port 0 --grpc-port -1 \
  --threads "$threads" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'HTTP on' "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*HTTP on [^:]*:\([0-9]*\).*/\1/p' "$work/server.log")

# wrk's summary as: requests/s p50_ms p99_ms non-2xx+socket errors
run_wrk() {
  local out
  out=$(wrk -t1 -c"$1" -d"$2"s --latency -s "$work/post.lua" "http://127.0.0.1:$port/v2/models/$3/infer")
  "$python" - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(p):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout)\D*?(\d+)", out))
print(f"{rps:.0f} {ms(50):.3f} {ms(99):.3f} {errors}")
PY
}

runs() { curl -s "http://127.0.0.1:$port/metrics" | sed -n "s/^aicc_inference_runs_total{model=\"$1\"} //p"; }

printf 'wrk: %s connections, %ss, 1 wrk thread; server: %s threads per run, 1 session\n' "$connections" "$duration" \
  "$threads"
printf '%-22s %10s %10s %10s %8s %14s\n' mode "req/s" "p50 ms" "p99 ms" errors "requests/run"
for model in single batched; do
  before=$(runs "$model")
  read -r rps p50 p99 errors < <(run_wrk "$connections" "$duration" "$model")
  after=$(runs "$model")
  per_run=$("$python" -c "print(f'{$rps * $duration / max($after - $before, 1):.1f}')")
  printf '%-22s %10s %10s %10s %8s %14s\n' "$model (max batch $([ $model = single ] && echo 1 || echo 32))" \
    "$rps" "$p50" "$p99" "$errors" "$per_run"
  eval "${model}_rps=$rps"
done
printf 'throughput with batching / without: %s\n' "$("$python" -c "print(f'{$batched_rps / $single_rps:.2f}')")"

read -r _ p50 _ _ < <(run_wrk 1 10 single)
run_ms=$("$build/bin/aicc-run" "$work/repo/single/1/model.so" "$models/mnist_cnn_dyn/test_data_set_0" \
  --threads "$threads" --iters 2000 --warmup 100 --json | "$python" -c \
  'import json, sys; print(json.loads(sys.stdin.read().splitlines()[-1])["median_ms"])')
printf 'one connection: p50 %s ms, the artifact alone %s ms: the server adds %s us per request\n' "$p50" "$run_ms" \
  "$("$python" -c "print(f'{($p50 - $run_ms) * 1000:.0f}')")"
