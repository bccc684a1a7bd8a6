#!/usr/bin/env python3
"""One end-to-end check: compile MODEL_DIR/model.onnx with aicc, then run the artifact.

    compile_and_run.py --bin-dir BIN --model-dir DIR --artifact OUT.so [--serve] -- [aicc-run options]

Without --serve it runs `aicc-run OUT.so DIR <options>` (every DIR/test_data_set_N), which compares against the
recorded output_0.pb; with --serve it runs `aicc-serve-example OUT.so` instead. The exit status is
that of the failing step, so CTest reports the step that broke; each command is echoed for -V logs.
"""
import argparse
import os
import subprocess
import sys


def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    if not os.access(cmd[0], os.X_OK):
        print(f"{cmd[0]} is missing: build it first", flush=True)
        return 1
    rc = subprocess.call(cmd)
    if rc < 0:
        print(f"{os.path.basename(cmd[0])} was killed by signal {-rc}", flush=True)
    return rc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True, help="folder holding aicc, aicc-run, aicc-serve-example")
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--artifact", required=True)
    parser.add_argument("--serve", action="store_true", help="run aicc-serve-example, not aicc-run")
    parser.add_argument("run_args", nargs="*", help="options passed to aicc-run (after --)")
    args = parser.parse_args()

    # A stale artifact from an earlier build must never stand in for a failed compile.
    if os.path.exists(args.artifact):
        os.remove(args.artifact)
    os.makedirs(os.path.dirname(os.path.abspath(args.artifact)), exist_ok=True)
    rc = run([os.path.join(args.bin_dir, "aicc"), os.path.join(args.model_dir, "model.onnx"),
              "-o", args.artifact])
    if rc != 0:
        return rc if rc > 0 else 1

    if args.serve:
        cmd = [os.path.join(args.bin_dir, "aicc-serve-example"), args.artifact]
    else:
        cmd = [os.path.join(args.bin_dir, "aicc-run"), args.artifact,
               args.model_dir] + args.run_args
    rc = run(cmd)
    return rc if rc >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
