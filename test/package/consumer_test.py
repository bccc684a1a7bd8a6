#!/usr/bin/env python3
"""The installed package, used as an outside project uses it.

Installs the build into a fresh prefix, then configures and builds examples/linking against it
(two models linked statically, one loaded from its .so, all through aicc_add_model) and runs the
program, which checks every output against ONNX's and PyTorch's reference data, and a server of
its own (embedded_server: aicc::serve with the linear model linked in), asked over HTTP. Then: a rebuild
with nothing changed does no work; a touch of one .onnx compiles that model only, new OPTIONS
that model only, a touch of aicc every model, of an external-data file its model only; pkg-config's flags build a C program against the
runtime.

    consumer_test.py --build-dir BUILD --source-dir SRC --work-dir DIR --generator Ninja|"Unix Makefiles"

Ends with "N passed, N failed"; exits 1 on any failure.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request

import numpy as np
import onnx
from onnx import numpy_helper

ONNX_DATA = "/usr/share/libonnx-testdata/data/pytorch-converted"

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS" if ok else "FAIL") + ": " + name + ("" if ok or not detail else "\n" + detail))


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)


def write_data(model_dir, data_dir):
    """The reference data set of a model folder as raw float32, for the example program."""
    os.makedirs(data_dir, exist_ok=True)
    for name in ("input_0", "output_0"):
        tensor = onnx.TensorProto()
        with open(os.path.join(model_dir, "test_data_set_0", name + ".pb"), "rb") as f:
            tensor.ParseFromString(f.read())
        numpy_helper.to_array(tensor).astype(np.float32).tofile(os.path.join(data_dir, name + ".bin"))


def check_embedded_server(program, model_dir):
    """embedded_server serves its linked linear model: metadata and an inference over HTTP match
    the ONNX reference; SIGTERM ends it with status 0."""
    def tensor(name):
        t = onnx.TensorProto()
        with open(os.path.join(model_dir, "test_data_set_0", name + ".pb"), "rb") as f:
            t.ParseFromString(f.read())
        return numpy_helper.to_array(t).astype(np.float32)

    proc = subprocess.Popen([program], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.match(r"listening on (\d+)", line)
    ok, detail = False, line
    if m:
        base = f"http://127.0.0.1:{m.group(1)}/v2/models/linear"
        try:
            meta = json.load(urllib.request.urlopen(base, timeout=30))
            x, want = tensor("input_0"), tensor("output_0")
            body = json.dumps({"inputs": [{"name": meta["inputs"][0]["name"], "datatype": "FP32",
                                           "shape": list(x.shape), "data": x.flatten().tolist()}]}).encode()
            answer = json.load(urllib.request.urlopen(urllib.request.Request(
                base + "/infer", data=body, headers={"Content-Type": "application/json"}), timeout=30))
            got = np.array(answer["outputs"][0]["data"], dtype=np.float32).reshape(want.shape)
            ok = bool(np.allclose(got, want, atol=1e-4, rtol=1e-4))
            detail = f"max error {np.abs(got - want).max()}"
        except Exception as e:  # any failure is the check's failure, with its reason
            detail = repr(e)
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = None
    check("a program of its own serves the linked linear model over HTTP (aicc::serve) and stops on SIGTERM",
          ok and rc == 0, f"{detail}; exit status {rc}; {proc.stderr.read()[-2000:]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--generator", required=True)
    args = parser.parse_args()

    work = os.path.abspath(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    prefix, models, data, consumer = (os.path.join(work, d) for d in ("prefix", "models", "data", "consumer"))

    r = run(["cmake", "--install", args.build_dir, "--prefix", prefix])
    check("cmake --install", r.returncode == 0, r.stdout)
    expected = ["bin/aicc", "bin/aicc-run", "lib/libaiccrt.so", "include/aicc/runtime.h", "include/aicc/runtime.hpp",
                "include/aicc/model_abi.h", "lib/pkgconfig/aicc.pc", "lib/cmake/aicc/aiccConfig.cmake",
                "lib/cmake/aicc/aiccConfigVersion.cmake", "lib/cmake/aicc/aiccAddModel.cmake",
                "bin/aicc-serve", "lib/libaicc_serve.so", "include/aicc/serve.hpp"]
    missing = [f for f in expected if not os.path.exists(os.path.join(prefix, f))]
    check("the prefix holds the tools, the runtime, the headers and the package files", not missing,
          "missing: " + ", ".join(missing))
    r = run([os.path.join(prefix, "bin/aicc"), "--version"])
    check("the installed aicc runs from the prefix", r.returncode == 0 and "artifact ABI" in r.stdout, r.stdout)
    # The installed aicc links a .so against the installed runtime, which the installed aicc-run runs.
    mlp = os.path.join(args.source_dir, "examples/mlp")
    r = run([os.path.join(prefix, "bin/aicc"), os.path.join(mlp, "model.onnx"), "-o", os.path.join(work, "mlp.so")])
    if r.returncode == 0:
        r = run([os.path.join(prefix, "bin/aicc-run"), os.path.join(work, "mlp.so"), os.path.join(mlp, "test_data_set_0")])
    check("the installed aicc and aicc-run compile and run a model", r.returncode == 0 and "PASS" in r.stdout, r.stdout)

    # Copies, so that touching one changes nothing outside the work folder.
    sources = {"conv": os.path.join(ONNX_DATA, "test_Conv2d"), "linear": os.path.join(ONNX_DATA, "test_Linear"),
               "mlp": os.path.join(args.source_dir, "examples/mlp")}
    os.makedirs(models)
    for name, folder in sources.items():
        shutil.copy(os.path.join(folder, "model.onnx"), os.path.join(models, name + ".onnx"))
        write_data(folder, os.path.join(data, name))

    r = run(["cmake", "-S", os.path.join(args.source_dir, "examples/linking"), "-B", consumer, "-G", args.generator,
             "-DCMAKE_PREFIX_PATH=" + prefix, "-DCONV_MODEL=" + os.path.join(models, "conv.onnx"),
             "-DLINEAR_MODEL=" + os.path.join(models, "linear.onnx"), "-DMLP_MODEL=" + os.path.join(models, "mlp.onnx")])
    check("configuring examples/linking against the package", r.returncode == 0, r.stdout)

    def build():
        return run(["cmake", "--build", consumer, "--", "-v" if args.generator == "Ninja" else "VERBOSE=1"])

    def compiled(output):
        """The models whose aicc command the verbose build ran."""
        return sorted(re.findall(r"bin/aicc\S* \S+/(\w+)\.onnx", output))

    r = build()
    check("building it compiles each model once", r.returncode == 0 and compiled(r.stdout) == ["conv", "linear", "mlp"],
          "compiled: " + " ".join(compiled(r.stdout)) + "\n" + r.stdout[-4000:])
    program = os.path.join(consumer, "linked_models")
    r = run([program, data])
    check("the program runs both linked models and the .so, and matches the references",
          r.returncode == 0 and r.stdout.count(": ok") == 3, r.stdout)
    print(r.stdout, end="")

    check_embedded_server(os.path.join(consumer, "embedded_server"), sources["linear"])

    # Each linked model exports one symbol, its NAME_artifact; the model ABI's names stay private.
    r = run(["nm", "--defined-only", "--extern-only", program])
    exported = r.stdout.split()
    check("the program defines conv_artifact and linear_artifact and no aicc_model_ symbol",
          "conv_artifact" in exported and "linear_artifact" in exported
          and not any(s.startswith("aicc_model_") for s in exported), r.stdout[-2000:])

    r = build()
    idle = "no work to do" in r.stdout if args.generator == "Ninja" else not re.search(
        r"aicc: compiling|Linking|Building", r.stdout)
    check("a rebuild with nothing changed does no work", r.returncode == 0 and idle, r.stdout[-4000:])

    os.utime(os.path.join(models, "conv.onnx"))  # now: as `touch` does
    r = build()
    check("touching conv.onnx compiles conv only", r.returncode == 0 and compiled(r.stdout) == ["conv"],
          "compiled: " + " ".join(compiled(r.stdout)) + "\n" + r.stdout[-4000:])
    r = run([program, data])
    check("the rebuilt program still matches", r.returncode == 0 and r.stdout.count(": ok") == 3, r.stdout)

    # New options compile that model again.
    r = run(["cmake", "-DLINEAR_CPU=x86-64-v2", consumer])
    r = build() if r.returncode == 0 else r
    check("new OPTIONS for linear compile linear only", r.returncode == 0 and compiled(r.stdout) == ["linear"],
          "compiled: " + " ".join(compiled(r.stdout)) + "\n" + r.stdout[-4000:])
    r = build()
    check("and once only", r.returncode == 0 and compiled(r.stdout) == [], r.stdout[-4000:])

    # A new aicc compiles every model again.
    os.utime(os.path.join(prefix, "bin/aicc"))
    r = build()
    check("touching aicc compiles every model", r.returncode == 0 and compiled(r.stdout) == ["conv", "linear", "mlp"],
          "compiled: " + " ".join(compiled(r.stdout)) + "\n" + r.stdout[-4000:])

    # A model whose weights are ONNX external data: a change to a weights file compiles it again.
    external = os.path.join(work, "external")
    os.makedirs(external)
    subprocess.run([sys.executable, os.path.join(args.source_dir, "test/Inputs/external_data_model.py"),
                    os.path.join(external, "mlp.onnx")], check=True)
    r = run(["cmake", "-DMLP_MODEL=" + os.path.join(external, "mlp.onnx"), consumer])
    r = build() if r.returncode == 0 else r
    check("a model with external data builds", r.returncode == 0 and compiled(r.stdout) == ["mlp"],
          "compiled: " + " ".join(compiled(r.stdout)) + "\n" + r.stdout[-4000:])
    os.utime(os.path.join(external, "weights a.bin"))
    r = build()
    check("touching one of its weights files compiles it only", r.returncode == 0 and compiled(r.stdout) == ["mlp"],
          "compiled: " + " ".join(compiled(r.stdout)) + "\n" + r.stdout[-4000:])

    # pkg-config, for builds without CMake.
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib/pkgconfig"))
    r = run(["pkg-config", "--cflags", "--libs", "aicc"], env=env)
    flags = r.stdout.split()
    c_program = os.path.join(work, "pkgconfig.c")
    with open(c_program, "w") as f:
        f.write('#include <stdio.h>\n#include "aicc/runtime.h"\n'
                'int main(void) {\n  aicc_model *model;\n'
                '  if (aicc_model_load("missing.so", &model) != AICC_ERR_LOAD) return 1;\n'
                '  printf("%s\\n", aicc_last_error());\n  return 0;\n}\n')
    libdir = run(["pkg-config", "--variable=libdir", "aicc"], env=env).stdout.strip()
    r = run(["cc", c_program, "-o", os.path.join(work, "pkgconfig")] + flags + ["-Wl,-rpath," + libdir])
    ok = r.returncode == 0
    if ok:
        r = run([os.path.join(work, "pkgconfig")])
        ok = r.returncode == 0 and "missing.so" in r.stdout
    check("pkg-config's flags build and link a C program", ok, " ".join(flags) + "\n" + r.stdout)

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
