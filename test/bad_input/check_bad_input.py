#!/usr/bin/env python3
"""Checks that aicc rejects one bad input (a case from make_bad_inputs.py) the way users need.

    check_bad_input.py --aicc BIN --cases DIR CASE

Asserts: exit status exactly 1 (not 0, not a signal, no hang), stderr exactly one line starting
with `aicc: error:`, the line contains the case's expected substrings, and no artifact is left
behind (a half-written .so must not be mistaken for a build). Exit 77 (CTest skip) if every
candidate op of the `unclaimed_op` case has been taught to aicc.
"""
import argparse
import json
import os
import subprocess
import sys

TIMEOUT_S = 60
SKIP = 77
PREFIX = "aicc: error:"


def pick_unclaimed(aicc, candidates):
    listing = subprocess.run([aicc, "--list-ops"], capture_output=True, text=True, check=True, timeout=TIMEOUT_S)
    # One op per line; '#' lines are the summary and the ops not compiled.
    ops = {line.strip() for line in listing.stdout.splitlines() if line.strip() and not line.startswith("#")}
    for op_type, file in candidates:
        if op_type not in ops:
            return file, [[op_type]]
    return None, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aicc", required=True)
    parser.add_argument("--cases", required=True, help="make_bad_inputs.py's output folder")
    parser.add_argument("case")
    args = parser.parse_args()

    if not os.access(args.aicc, os.X_OK):
        print(f"{args.aicc} is missing: build it first")
        return 1
    with open(os.path.join(args.cases, "manifest.json")) as f:
        manifest = json.load(f)
    if args.case not in manifest:
        print(f"unknown case {args.case!r}; make_bad_inputs.py writes: {', '.join(sorted(manifest))}")
        return 1
    spec = manifest[args.case]
    if "candidates" in spec:
        file, expect = pick_unclaimed(args.aicc, spec["candidates"])
        if file is None:
            ops = ", ".join(op for op, _ in spec["candidates"])
            print(f"aicc claims every candidate op ({ops}); add another to make_bad_inputs.py")
            return SKIP
    else:
        file, expect = spec["file"], spec["expect"]

    artifact = os.path.join(args.cases, args.case + ".so")
    if os.path.exists(artifact):
        os.remove(artifact)
    cmd = [args.aicc, os.path.join(args.cases, file), "-o", artifact]
    print("+ " + " ".join(cmd))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"FAIL: aicc did not finish within {TIMEOUT_S} s")
        return 1
    print(f"exit status: {proc.returncode}\nstderr:\n{proc.stderr}", end="" if proc.stderr.endswith("\n") else "\n")

    problems = []
    if proc.returncode < 0:
        problems.append(f"aicc was killed by signal {-proc.returncode} (a crash, not a diagnostic)")
    elif proc.returncode != 1:
        problems.append(f"exit status {proc.returncode}, expected 1")
    lines = proc.stderr.splitlines()
    if len(lines) != 1:
        problems.append(f"stderr has {len(lines)} lines, expected exactly one")
    message = lines[0] if lines else ""
    if not message.startswith(PREFIX):
        problems.append(f"stderr does not start with {PREFIX!r}")
    for group in expect:
        if not any(s in message for s in group):
            problems.append(f"the error does not mention {' or '.join(map(repr, group))}")
    if os.path.exists(artifact):
        problems.append(f"aicc left an artifact behind: {artifact}")

    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
