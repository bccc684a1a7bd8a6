#!/usr/bin/env python3
"""aicc-serve end to end: a server on loopback, two models built from test/ (mnist_cnn with a
symbolic batch, bert_masked with symbolic batch and sequence), every endpoint over REST and gRPC,
every bad input the protocol names, dynamic batching, load and unload during traffic, a full
queue, and draining on SIGTERM.

    serve_test.py --bin-dir BIN --models-dir TEST_MODELS --work DIR

Outputs are compared with the ones PyTorch recorded at export (test/models) at atol = rtol = 1e-4,
the e2e tests' fp32 tolerance; answers of a batched run must equal the unbatched ones bit for bit.
"""
import argparse
import concurrent.futures
import glob
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import numpy as np
from onnx import numpy_helper, TensorProto

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message, flush=True)
    return condition


def read_tensor(path):
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def data_sets(folder):
    """[(inputs, output)] of each test_data_set_N: inputs in file order, the first output."""
    sets = []
    for d in sorted(glob.glob(os.path.join(folder, "test_data_set_*"))):
        inputs = [read_tensor(p) for p in sorted(glob.glob(os.path.join(d, "input_*.pb")))]
        sets.append((inputs, read_tensor(os.path.join(d, "output_0.pb"))))
    return sets


DATATYPES = {np.float32: "FP32", np.int64: "INT64", np.int32: "INT32", np.bool_: "BOOL", np.float64: "FP64"}


def datatype(a):
    return DATATYPES[a.dtype.type]


class Http:
    """One keep-alive connection."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            r = self.conn.getresponse()
            data = r.read()
        except (ConnectionError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def infer_body(names, arrays, binary_outputs=False):
    return {"id": "t", "inputs": [{"name": n, "datatype": datatype(a), "shape": list(a.shape),
                                   "data": a.flatten().tolist()} for n, a in zip(names, arrays)],
            **({"parameters": {"binary_data_output": True}} if binary_outputs else {})}


def binary_infer(conn, model, names, arrays, extra=b"", header_len=None, sizes=None):
    """Sends inputs in binary (the binary tensor data extension) and asks for binary outputs."""
    header = {"inputs": [{"name": n, "datatype": datatype(a), "shape": list(a.shape),
                          "parameters": {"binary_data_size": (sizes[i] if sizes else a.nbytes)}}
                         for i, (n, a) in enumerate(zip(names, arrays))],
              "outputs": [{"name": "output", "parameters": {"binary_data": True}}]}
    h = json.dumps(header).encode()
    body = h + b"".join(a.tobytes() for a in arrays) + extra
    return conn.request("POST", f"/v2/models/{model}/infer", body,
                        {"Inference-Header-Content-Length": str(len(h) if header_len is None else header_len),
                         "Content-Type": "application/octet-stream"})


def json_output(data):
    out = json.loads(data)["outputs"][0]
    return np.array(out["data"], dtype=np.float32).reshape(out["shape"])


def binary_output(headers, data):
    n = int(headers["inference-header-content-length"])
    head = json.loads(data[:n])
    out = head["outputs"][0]
    check(out["parameters"]["binary_data_size"] == len(data) - n, "binary output size matches the bytes sent")
    return np.frombuffer(data[n:], dtype=np.float32).reshape(out["shape"])


def close(actual, expected):
    return actual.shape == expected.shape and np.allclose(actual, expected, atol=1e-4, rtol=1e-4)


def metric(port, name, model):
    _, _, text = Http(port).request("GET", "/metrics")
    m = re.search(r"^%s\{model=\"%s\"\} (\d+)" % (re.escape(name), re.escape(model)), text.decode(), re.M)
    return int(m.group(1)) if m else 0


def wait_until(condition, what, limit=30):
    """Polls `condition` (a loaded CI machine may take long) instead of sleeping a fixed time."""
    deadline = time.time() + limit
    while not condition():
        if time.time() > deadline:
            return check(False, f"timed out waiting for {what}")
        time.sleep(0.01)
    return True


def bit_identical_batches():
    """Whether batched rows must equal the rows run alone bit for bit: with AVX-512, oneDNN's f32
    matmul (brgemm) computes a row alike wherever it lies in M. Without it, oneDNN's jit sgemm
    rounds rows by their place in its M blocks, and batched answers may differ in the last bits
    (the runtime's batch invariance covers the convolution's algorithm, not that): then they must
    agree within 1e-5, a few roundings of these unit-scale outputs."""
    flags = open("/proc/cpuinfo").read().split()
    limited = os.environ.get("ONEDNN_MAX_CPU_ISA", os.environ.get("DNNL_MAX_CPU_ISA", "ALL")).upper()
    return all(f in flags for f in ("avx512f", "avx512bw", "avx512vl", "avx512dq")) and \
        (limited == "ALL" or limited.startswith("AVX512"))


def same_answer(got, alone):
    """Bit for bit where the host's kernels promise it, else within a few float roundings."""
    if bit_identical_batches():
        return np.array_equal(got, alone)
    ok = got.shape == alone.shape and np.allclose(got, alone, atol=1e-5, rtol=1e-5)
    if not ok and got.shape == alone.shape:
        print(f"  batched vs alone: max difference {np.abs(got - alone).max()}", flush=True)
    return ok


class Server:
    def __init__(self, bin_dir, repo, *extra):
        self.proc = subprocess.Popen([os.path.join(bin_dir, "aicc-serve"), "--model-repository", repo, "--host",
                                      "127.0.0.1", "--http-port", "0", "--grpc-port", "0", "--threads", "1",
                                      *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        print("server: " + line.strip(), flush=True)
        m = re.search(r"HTTP on [^:]+:(\d+), gRPC on [^:]+:(\d+)", line)
        if not m:
            self.proc.kill()
            raise SystemExit("aicc-serve did not start: " + line + self.proc.stderr.read())
        self.http, self.grpc = int(m.group(1)), int(m.group(2))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = None
        return rc


def compile_model(bin_dir, onnx_path, out):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run([os.path.join(bin_dir, "aicc"), onnx_path, "-o", out], check=True)


def test_endpoints(port, mnist, bert):
    c = Http(port)
    check(c.request("GET", "/v2/health/live")[0] == 200, "live")
    check(c.request("GET", "/v2/health/ready")[0] == 200, "ready")
    s, _, d = c.request("GET", "/v2")
    meta = json.loads(d)
    check(s == 200 and meta["name"] == "aicc" and "binary_tensor_data" in meta["extensions"], "server metadata")
    s, _, d = c.request("GET", "/v2/models/mnist")
    meta = json.loads(d)
    check(s == 200 and meta["inputs"] == [{"name": "input", "datatype": "FP32", "shape": [-1, 1, 28, 28]}]
          and meta["outputs"][0]["shape"] == [-1, 10] and meta["versions"] == ["1"], "mnist metadata: %s" % d)
    s, _, d = c.request("GET", "/v2/models/bert/versions/1")
    meta = json.loads(d)
    check(s == 200 and [i["shape"] for i in meta["inputs"]] == [[-1, -1], [-1, -1]], "bert metadata: %s" % d)
    check(c.request("GET", "/v2/models/mnist/ready")[0] == 200, "model ready")
    check(c.request("GET", "/v2/models/mnist/versions/1/ready")[0] == 200, "version ready")

    for name, names, sets in (("mnist", ["input"], mnist), ("bert", ["ids", "mask"], bert)):
        for inputs, expected in sets:
            s, _, d = c.request("POST", f"/v2/models/{name}/infer", infer_body(names, inputs))
            check(s == 200, f"{name} JSON infer: {s} {d[:200]}")
            if s != 200:
                continue
            got = json_output(d)
            check(close(got, expected), f"{name} JSON answer at shape {inputs[0].shape} matches PyTorch")
            check(json.loads(d)["id"] == "t" and json.loads(d)["model_version"] == "1", "id and version echoed")
            s, h, d = binary_infer(c, name, names, inputs)
            check(s == 200 and h["content-type"] == "application/octet-stream", f"{name} binary infer: {s}")
            if s == 200:
                check(np.array_equal(binary_output(h, d), got), f"{name} binary answer equals the JSON one")
    # Nested data arrays are the same tensor.
    x = mnist[0][0][0]
    body = {"inputs": [{"name": "input", "datatype": "FP32", "shape": list(x.shape), "data": x.tolist()}]}
    s, _, d = c.request("POST", "/v2/models/mnist/infer", body)
    check(s == 200 and close(json_output(d), mnist[0][1]), "nested JSON data")
    s, _, d = c.request("POST", "/v2/repository/index", b"")
    check(s == 200 and {m["name"] for m in json.loads(d)} >= {"mnist", "bert"}, "repository index: %s" % d)


def test_bad_inputs(port, mnist):
    c = Http(port)
    x, expected = mnist[0]
    x = x[0]
    good = infer_body(["input"], [x])

    def expect(status, method, path, body, what, headers=None):
        try:
            s, h, d = c.request(method, path, body, headers)
        except Exception as e:  # a closed connection is a failure too
            return check(False, f"{what}: {e}")
        ok = check(s == status, f"{what}: HTTP {s}, expected {status}: {d[:200]}")
        if ok:
            try:
                err = json.loads(d)["error"]
                check(isinstance(err, str) and err, f"{what}: an error body")
                print(f"  {what}: {s} {err}", flush=True)
            except Exception:
                check(False, f"{what}: no JSON error body: {d[:200]}")

    expect(400, "POST", "/v2/models/mnist/infer", b"{\"inputs\": [", "malformed JSON")
    expect(400, "POST", "/v2/models/mnist/infer", b"[1, 2]", "not an object")
    expect(404, "POST", "/v2/models/nosuch/infer", good, "unknown model")
    expect(404, "POST", "/v2/models/mnist/versions/7/infer", good, "unknown version")
    expect(404, "GET", "/v2/models/nosuch", None, "unknown model metadata")
    expect(404, "GET", "/v2/models/mnist/versions/7", None, "unknown version metadata")
    expect(404, "GET", "/v2/nothing", None, "unknown endpoint")
    b = json.loads(json.dumps(good)); b["inputs"][0]["name"] = "image"
    expect(400, "POST", "/v2/models/mnist/infer", b, "wrong input name")
    b = json.loads(json.dumps(good)); b["inputs"][0]["datatype"] = "INT64"
    b["inputs"][0]["data"] = [0] * x.size
    expect(400, "POST", "/v2/models/mnist/infer", b, "wrong datatype")
    b = json.loads(json.dumps(good)); b["inputs"][0]["datatype"] = "STRING"
    expect(400, "POST", "/v2/models/mnist/infer", b, "unknown datatype")
    b = json.loads(json.dumps(good)); b["inputs"][0]["shape"] = [1, 1, 27, 28]
    b["inputs"][0]["data"] = b["inputs"][0]["data"][:27 * 28]
    expect(400, "POST", "/v2/models/mnist/infer", b, "wrong static dim")
    b = json.loads(json.dumps(good)); b["inputs"][0]["shape"] = [1, 784]
    expect(400, "POST", "/v2/models/mnist/infer", b, "wrong rank")
    b = json.loads(json.dumps(good)); b["inputs"][0]["shape"] = [1, 1, -28, 28]
    expect(400, "POST", "/v2/models/mnist/infer", b, "negative dim")
    b = json.loads(json.dumps(good)); b["inputs"][0]["data"] = b["inputs"][0]["data"][:-1]
    expect(400, "POST", "/v2/models/mnist/infer", b, "data shorter than its shape")
    b = json.loads(json.dumps(good)); b["inputs"][0]["data"][3] = "x"
    expect(400, "POST", "/v2/models/mnist/infer", b, "a string among the numbers")
    b = json.loads(json.dumps(good)); b["inputs"] = []
    expect(400, "POST", "/v2/models/mnist/infer", b, "a missing input")
    b = json.loads(json.dumps(good)); b["inputs"] = b["inputs"] * 2
    expect(400, "POST", "/v2/models/mnist/infer", b, "an input given twice")
    b = json.loads(json.dumps(good)); b["outputs"] = [{"name": "logits"}]
    expect(400, "POST", "/v2/models/mnist/infer", b, "an unknown output")
    expect(413, "POST", "/v2/models/mnist/infer", b"{" + b" " * (3 << 20) + b"}", "a body over the limit")
    expect(413, "POST", "/v2/models/mnist/infer", b"{" + b" " * (3 << 19) + b"}", "JSON over its limit")
    deep = b'{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1], "data": ' + b"[" * 200000 + \
        b"1" + b"]" * 200000 + b"}]}"
    expect(400, "POST", "/v2/models/mnist/infer", deep, "data nested 200000 deep")
    expect(400, "POST", "/v2/models/mnist/infer", b"[" * 500000, "500000 open brackets")

    def binary(what, **kw):
        try:
            s, h, d = binary_infer(c, "mnist", ["input"], [x], **kw)
            check(s == 400 and "error" in json.loads(d), f"{what}: HTTP {s}: {d[:200]}")
            print(f"  {what}: {s} {json.loads(d).get('error')}", flush=True)
        except Exception as e:
            check(False, f"{what}: {e}")

    binary("binary data longer than its binary_data_size", extra=b"\0" * 8)
    binary("a binary_data_size past the body", sizes=[x.nbytes + 4])
    binary("a binary_data_size shorter than the shape", sizes=[x.nbytes - 4], extra=b"")
    binary("an Inference-Header-Content-Length past the body", header_len=10 ** 9)
    binary("an Inference-Header-Content-Length inside the JSON", header_len=20)
    binary("an Inference-Header-Content-Length that is not a number", header_len="12x")
    # The server still answers, and right.
    s, _, d = c.request("POST", "/v2/models/mnist/infer", good)
    check(s == 200 and close(json_output(d), expected[:1]), "a good request after the bad ones")


def test_no_cross_talk(port, mnist):
    """Good and bad requests at once: every good one gets its own answer."""
    (x,), expected = mnist[-1]  # batch 8
    def good(i):
        c = Http(port)
        s, _, d = c.request("POST", "/v2/models/mnist/infer", infer_body(["input"], [x[i:i + 1]]))
        return s == 200 and close(json_output(d), expected[i:i + 1])

    def bad(i):
        b = infer_body(["input"], [x[i:i + 1]])
        b["inputs"][0]["data"] = b["inputs"][0]["data"][:-i - 1]
        return Http(port).request("POST", "/v2/models/mnist/infer", b)[0] == 400

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda k: (good if k % 2 else bad)(k % 8), range(64)))
    check(all(results), f"good and bad requests at once: {results.count(False)} wrong answers")


def test_batching(port, mnist, bert):
    (x,), expected = mnist[-1]  # 8 images
    c = Http(port)
    alone = []
    for i in range(len(x)):
        s, h, d = binary_infer(c, "mnist", ["input"], [x[i:i + 1]])
        alone.append(binary_output(h, d))
    runs0, requests0 = metric(port, "aicc_inference_runs_total", "mnist"), \
        metric(port, "aicc_inference_requests_total", "mnist")
    n = 32
    barrier = threading.Barrier(n)

    def one(k):
        conn = Http(port)
        barrier.wait()
        s, h, d = binary_infer(conn, "mnist", ["input"], [x[k % 8:k % 8 + 1]])
        return s == 200 and same_answer(binary_output(h, d), alone[k % 8])

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        same = list(pool.map(one, range(n)))
    runs = metric(port, "aicc_inference_runs_total", "mnist") - runs0
    requests = metric(port, "aicc_inference_requests_total", "mnist") - requests0
    print(f"  batching: {requests} requests in {runs} runs", flush=True)
    check(requests == n and runs < n, f"batching: {n} concurrent requests ran in {runs} runs")
    print(f"  batching: answers compared {'bit for bit' if bit_identical_batches() else 'within 1e-5'}", flush=True)
    check(all(same), f"batching: {same.count(False)} of {n} answers differ from the unbatched ones")
    for i in range(len(x)):
        check(close(alone[i], expected[i:i + 1]), f"mnist row {i} alone matches PyTorch")

    # bert: requests of one sequence length join; of another they do not.
    names = ["ids", "mask"]
    (ids, mask), ref = bert[1]  # batch 3, sequence 17
    one_alone = [json_output(c.request("POST", "/v2/models/bert/infer",
                                       infer_body(names, [ids[i:i + 1], mask[i:i + 1]]))[2]) for i in range(3)]
    (ids5, mask5), ref5 = bert[0]

    def bert_one(k):
        conn = Http(port)
        if k % 4 == 3:
            s, _, d = conn.request("POST", "/v2/models/bert/infer", infer_body(names, [ids5, mask5]))
            return s == 200 and close(json_output(d), ref5)
        i = k % 4
        s, _, d = conn.request("POST", "/v2/models/bert/infer", infer_body(names, [ids[i:i + 1], mask[i:i + 1]]))
        return s == 200 and same_answer(json_output(d), one_alone[i])

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        same = list(pool.map(bert_one, range(24)))
    check(all(same), f"bert batching: {same.count(False)} of 24 answers differ")


def test_queue_full(port, bert):
    """A model whose queue holds 2: a batch waits 2 s for company while requests of another
    sequence length, which cannot join it, fill the queue; the next ones are refused."""
    names = ["ids", "mask"]
    (ids5, mask5), ref5 = bert[0]
    (ids17, mask17), ref17 = bert[1]
    received = metric(port, "aicc_inference_requests_total", "bert_queue")
    first = concurrent.futures.ThreadPoolExecutor(1).submit(
        lambda: Http(port).request("POST", "/v2/models/bert_queue/infer", infer_body(names, [ids5, mask5])))
    wait_until(lambda: metric(port, "aicc_inference_requests_total", "bert_queue") > received,
               "the first request to reach bert_queue")

    def other(_):
        return Http(port).request("POST", "/v2/models/bert_queue/infer", infer_body(names, [ids17, mask17]))

    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(other, range(5)))
    statuses = sorted(s for s, _, _ in answers)
    print(f"  queue of 2: statuses {statuses}", flush=True)
    check(statuses.count(503) >= 1 and statuses.count(200) >= 2, f"a full queue refuses: {statuses}")
    for s, _, d in answers:
        if s == 503:
            check("error" in json.loads(d), "503 has an error body")
        elif s == 200:
            check(close(json_output(d), ref17), "queued requests are answered right")
    s, _, d = first.result()
    check(s == 200 and close(json_output(d), ref5), "the waiting request is answered")


def test_load_unload(port, repo, mnist):
    (x,), expected = mnist[-1]
    stop = threading.Event()
    log = []

    def traffic(k):
        conn = Http(port)
        while not stop.is_set():
            i = len(log) % 8
            try:
                s, _, d = conn.request("POST", "/v2/models/mnist/infer", infer_body(["input"], [x[i:i + 1]]))
            except Exception as e:
                log.append(("exception", str(e)))
                continue
            log.append((s, s != 200 or close(json_output(d), expected[i:i + 1])))

    threads = [threading.Thread(target=traffic, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    c = Http(port)
    wait_until(lambda: len(log) > 20, "traffic on version 1")
    before_load = len(log)
    shutil.copytree(os.path.join(repo, "mnist", "1"), os.path.join(repo, "mnist", "2"))
    s, _, d = c.request("POST", "/v2/repository/models/mnist/load", b"")
    check(s == 200, f"load a new version during traffic: {s} {d}")
    meta = json.loads(c.request("GET", "/v2/models/mnist")[2])
    check(meta["versions"] == ["2"], f"the newest version is served: {meta['versions']}")
    check(c.request("GET", "/v2/models/mnist/versions/1/ready")[0] == 404, "the old version is gone")
    wait_until(lambda: len(log) > before_load + 20, "traffic on version 2")
    before_unload = len(log)
    s, _, _ = c.request("POST", "/v2/repository/models/mnist/unload", b"")
    check(s == 200, "unload during traffic")
    wait_until(lambda: any(e[0] == 404 for e in log[before_unload:]), "a request answered 404 after unload")
    stop.set()
    for t in threads:
        t.join()
    ok = [e for e in log[:before_unload] if e[0] == 200 and e[1]]
    check(len(ok) == before_unload and before_unload > 20,
          f"traffic before unload: {len(ok)} of {before_unload} right: {[e for e in log[:before_unload] if e[0] != 200][:3]}")
    after = log[before_unload:]
    check(all((s == 200 and good) or s in (404, 503) for s, good in after),
          f"traffic after unload gets answers or 404: {set(s for s, _ in after)}")
    check(any(s == 404 for s, _ in after), "requests after unload get 404")
    print(f"  load/unload: {before_unload} requests before unload, {len(after)} after", flush=True)
    s, _, d = c.request("POST", "/v2/repository/models/mnist/load", b"")
    check(s == 200 and c.request("GET", "/v2/models/mnist/ready")[0] == 200, "load again")
    s, _, d = c.request("POST", "/v2/repository/models/nosuch/load", b"")
    check(s == 400 and "error" in json.loads(d), f"load of an unknown model: {s} {d}")


def test_grpc(port, work, mnist, bert):
    import grpc
    gen = os.path.join(work, "grpc_gen")
    os.makedirs(gen, exist_ok=True)
    proto_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "serve", "proto")
    subprocess.run(["protoc", "-I", proto_dir, "--python_out", gen, os.path.join(proto_dir, "grpc_service.proto")],
                   check=True)
    sys.path.insert(0, gen)
    import grpc_service_pb2 as pb

    channel = grpc.insecure_channel(f"127.0.0.1:{port}")

    def call(method, request, response_type):
        return channel.unary_unary(f"/inference.GRPCInferenceService/{method}",
                                   request_serializer=lambda m: m.SerializeToString(),
                                   response_deserializer=response_type.FromString)(request, timeout=60)

    check(call("ServerLive", pb.ServerLiveRequest(), pb.ServerLiveResponse).live, "gRPC ServerLive")
    check(call("ServerReady", pb.ServerReadyRequest(), pb.ServerReadyResponse).ready, "gRPC ServerReady")
    meta = call("ServerMetadata", pb.ServerMetadataRequest(), pb.ServerMetadataResponse)
    check(meta.name == "aicc" and meta.version, "gRPC ServerMetadata")
    check(call("ModelReady", pb.ModelReadyRequest(name="bert"), pb.ModelReadyResponse).ready, "gRPC ModelReady")
    meta = call("ModelMetadata", pb.ModelMetadataRequest(name="bert"), pb.ModelMetadataResponse)
    check(meta.platform == "aicc" and [list(i.shape) for i in meta.inputs] == [[-1, -1], [-1, -1]]
          and [i.datatype for i in meta.inputs] == ["INT64", "INT64"], "gRPC ModelMetadata")

    def infer(model, names, arrays, raw=True, **kw):
        req = pb.ModelInferRequest(model_name=model, id="g", **kw)
        for n, a in zip(names, arrays):
            t = req.inputs.add(name=n, datatype=datatype(a), shape=list(a.shape))
            if raw:
                req.raw_input_contents.append(a.tobytes())
            elif a.dtype == np.float32:
                t.contents.fp32_contents.extend(a.flatten().tolist())
            else:
                t.contents.int64_contents.extend(a.flatten().tolist())
        r = call("ModelInfer", req, pb.ModelInferResponse)
        out = r.outputs[0]
        return np.frombuffer(r.raw_output_contents[0], dtype=np.float32).reshape(list(out.shape)), r

    for model, names, sets in (("mnist", ["input"], mnist), ("bert", ["ids", "mask"], bert)):
        for inputs, expected in sets:
            got, r = infer(model, names, inputs)
            check(close(got, expected) and r.id == "g" and r.model_version == "1",
                  f"gRPC {model} raw at {inputs[0].shape}")
            got2, _ = infer(model, names, inputs, raw=False)
            check(np.array_equal(got, got2), f"gRPC {model} typed contents equal raw")

    def code_of(fn):
        try:
            fn()
        except grpc.RpcError as e:
            print(f"  gRPC {e.code().name}: {e.details()}", flush=True)
            return e.code()
        return grpc.StatusCode.OK

    x = mnist[0][0][0]
    check(code_of(lambda: infer("nosuch", ["input"], [x])) == grpc.StatusCode.NOT_FOUND, "gRPC unknown model")
    check(code_of(lambda: infer("mnist", ["input"], [x], model_version="9")) == grpc.StatusCode.NOT_FOUND,
          "gRPC unknown version")
    check(code_of(lambda: infer("mnist", ["image"], [x])) == grpc.StatusCode.INVALID_ARGUMENT, "gRPC wrong name")
    check(code_of(lambda: infer("mnist", ["input"], [x[:, :, :27]])) == grpc.StatusCode.INVALID_ARGUMENT,
          "gRPC wrong shape")
    check(code_of(lambda: infer("mnist", ["input"], [x.astype(np.float64)])) == grpc.StatusCode.INVALID_ARGUMENT,
          "gRPC wrong datatype")

    def short_raw():
        req = pb.ModelInferRequest(model_name="mnist")
        req.inputs.add(name="input", datatype="FP32", shape=list(x.shape))
        req.raw_input_contents.append(x.tobytes()[:-4])
        call("ModelInfer", req, pb.ModelInferResponse)

    check(code_of(short_raw) == grpc.StatusCode.INVALID_ARGUMENT, "gRPC raw contents shorter than the shape")
    big = np.zeros((4, 1, 28, 28 * 200), dtype=np.float32)
    check(code_of(lambda: infer("mnist", ["input"], [big])) == grpc.StatusCode.RESOURCE_EXHAUSTED,
          "gRPC message over the limit")
    channel.close()


def test_drain(bin_dir, repo, bert):
    """SIGTERM while a request waits in a batch: it is answered, new connections are refused, and
    the server exits 0."""
    server = Server(bin_dir, repo)
    names = ["ids", "mask"]
    (ids5, mask5), ref5 = bert[0]
    pool = concurrent.futures.ThreadPoolExecutor(2)
    inflight = pool.submit(lambda: Http(server.http).request("POST", "/v2/models/bert_queue/infer",
                                                             infer_body(names, [ids5, mask5])))
    s, _, d = Http(server.http).request("POST", "/v2/repository/models/bert/unload", b"")
    check(s == 403 and "error" in json.loads(d), f"unload without --model-control: {s}")
    wait_until(lambda: metric(server.http, "aicc_inference_requests_total", "bert_queue") > 0,
               "the request to reach bert_queue")
    server.proc.send_signal(signal.SIGTERM)
    try:
        s, _, d = inflight.result()
    except Exception as e:
        s, d = str(e), b""
    check(s == 200 and close(json_output(d), ref5), f"the request in flight at SIGTERM is answered: {s}")
    rc = server.proc.wait(timeout=30)
    check(rc == 0, f"aicc-serve exits 0 after SIGTERM, not {rc}: {server.proc.stderr.read()}")
    try:
        Http(server.http).request("GET", "/v2/health/live")
        check(False, "a connection after SIGTERM is refused")
    except (ConnectionError, OSError):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--models-dir", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    repo = os.path.join(args.work, "repo")
    shutil.rmtree(args.work, ignore_errors=True)
    mnist_dir = os.path.join(args.models_dir, "mnist_cnn_dyn")
    bert_dir = os.path.join(args.models_dir, "bert_masked_dyn")
    compile_model(args.bin_dir, os.path.join(mnist_dir, "model.onnx"), os.path.join(repo, "mnist", "1", "model.so"))
    compile_model(args.bin_dir, os.path.join(bert_dir, "model.onnx"), os.path.join(repo, "bert", "1", "model.so"))
    shutil.copytree(os.path.join(repo, "bert"), os.path.join(repo, "bert_queue"))
    configs = {"mnist": {"max_batch_size": 16, "max_queue_delay_microseconds": 20000},
               "bert": {"max_batch_size": 8, "max_queue_delay_microseconds": 5000},
               "bert_queue": {"max_batch_size": 8, "max_queue_delay_microseconds": 2000000, "max_queue_size": 2}}
    for name, config in configs.items():
        with open(os.path.join(repo, name, "config.json"), "w") as f:
            json.dump(config, f)
    mnist, bert = data_sets(mnist_dir), data_sets(bert_dir)

    server = Server(args.bin_dir, repo, "--max-request-bytes", str(2 << 20), "--max-json-bytes",
                    str(1 << 20), "--model-control")
    try:
        for test in (lambda: test_endpoints(server.http, mnist, bert),
                     lambda: test_bad_inputs(server.http, mnist),
                     lambda: test_no_cross_talk(server.http, mnist),
                     lambda: test_batching(server.http, mnist, bert),
                     lambda: test_queue_full(server.http, bert),
                     lambda: test_grpc(server.grpc, args.work, mnist, bert),
                     lambda: test_load_unload(server.http, repo, mnist)):
            test()
        text = Http(server.http).request("GET", "/metrics")[2].decode()
        check('aicc_inference_request_duration_seconds_bucket{model="bert",le="+Inf"}' in text, "metrics histograms")
    finally:
        rc = server.stop()
        check(rc == 0, f"aicc-serve exits 0 on SIGTERM, not {rc}")
        err = server.proc.stderr.read()
        if err:
            print("server stderr: " + err[-2000:], flush=True)
    test_drain(args.bin_dir, repo, bert)

    # A repository the server cannot serve stops it at start with one error line.
    with open(os.path.join(repo, "bert", "config.json"), "w") as f:
        json.dump({"max_batch": 4}, f)
    r = subprocess.run([os.path.join(args.bin_dir, "aicc-serve"), "--model-repository", repo, "--http-port", "0",
                        "--grpc-port", "0"], capture_output=True, text=True, timeout=60)
    check(r.returncode == 1 and r.stderr.startswith("aicc-serve: error: model 'bert': config.json: unknown key"),
          f"a bad config.json: {r.returncode} {r.stderr}")

    print(f"{len(FAILURES)} failed" if FAILURES else "aicc-serve: every check passed", flush=True)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
