#!/usr/bin/env python3
"""Runs ONNX's backend node tests of the ops aicc claims to support: each must pass, or be a listed expected failure.

    run_node_tests.py --aicc BIN --aicc-run BIN --work-dir DIR --expected-failures expected_failures.txt
                      [--data-dir DIR] [--jobs N] [--filter REGEX] [--list] [--quiet] [--update]

A node test is selected when every node of its model (subgraphs of If/Loop/Scan included) is an
op type from `aicc --list-ops` in the default ONNX domain; tests whose outputs are random
(NONDETERMINISTIC) are left out. Each selected test is compiled, then `aicc-run` checks every
test_data_set_N against ONNX's recorded outputs. The outputs are ONNX's own (computed by its
reference implementation), so a pass does not depend on anything aicc computed.

Every selected test must pass, unless expected_failures.txt lists it, one line per test:
`test_name  # reason`, the reason saying what aicc does not support (a dtype, an attribute value,
an ONNX behaviour). The run fails (exit 1) when a selected test fails and is not listed; when a
listed test passes now (remove it from the list); when a listed test is not selected (its op is no
longer claimed, or the test is gone); or when a listed test has no reason, or still the
placeholder reason --update writes. --update rewrites the list with the tests that fail now,
keeping the reasons already written and giving new entries a placeholder reason, which the run
rejects until someone writes the real one (so --update exits 1 while any remain). The last line of
output is exactly `N passed, M failed`: N selected tests passed, M tests failed the run. Exit 2
means the driver itself could not run (or the list could not be read).
"""
import argparse
import concurrent.futures
import json
import os
import re
import signal
import subprocess
import sys

import onnx

DEFAULT_DATA_DIR = "/usr/share/libonnx-testdata/data/node"
DEFAULT_DOMAINS = ("", "ai.onnx")
COMPILE_TIMEOUT_S = 60
RUN_TIMEOUT_S = 60
DEFAULT_TOLERANCE = (1e-4, 1e-4)  # (rtol, atol): |actual - expected| <= atol + rtol * |expected|

# Tests whose fp32 results legitimately differ from ONNX's reference by more than the default
# tolerance: (regex over the test name, (rtol, atol), why). Widen only with evidence; ONNX
# Runtime 1.30's own error is quoted as a multiple of the default tolerance.
TOLERANCE_EXCEPTIONS = [
    (r"test_(dft|stft)", (1e-3, 1e-3),
     "long sums of products with twiddle factors; ONNX Runtime itself misses 1e-4 by up to 2.4x"),
    (r"test_(blackman|hamming|hann)window", (1e-3, 1e-3),
     "reference cosines are computed in float64; float32 cos lands at 0.5x the 1e-4 budget in ORT"),
]

# Tests that no implementation can pass: their outputs come from a random generator.
NONDETERMINISTIC = re.compile(r"test_bernoulli|test_training_dropout(_default)?(_mask)?$")


def tolerance(test):
    for pattern, tol, _ in TOLERANCE_EXCEPTIONS:
        if re.match(pattern, test):
            return tol
    return DEFAULT_TOLERANCE


def graph_op_types(graph):
    """(domain, op_type) of every node, descending into graph-valued attributes."""
    for node in graph.node:
        yield node.domain, node.op_type
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from graph_op_types(attr.g)
            elif attr.type == onnx.AttributeProto.GRAPHS:
                for g in attr.graphs:
                    yield from graph_op_types(g)


def claimed_ops(aicc):
    proc = subprocess.run([aicc, "--list-ops"], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"`{aicc} --list-ops` exited {proc.returncode}: {proc.stderr.strip()}")
    # One op per line; '#' lines are the summary and the ops not compiled.
    return {line.strip() for line in proc.stdout.splitlines() if line.strip() and not line.startswith("#")}


def select_tests(data_dir, ops, name_filter):
    """Returns (selected, nondeterministic) test names, sorted."""
    selected, skipped = [], []
    for test in sorted(os.listdir(data_dir)):
        path = os.path.join(data_dir, test, "model.onnx")
        if not os.path.isfile(path) or (name_filter and not re.search(name_filter, test)):
            continue
        model = onnx.load(path, load_external_data=False)
        if not all(domain in DEFAULT_DOMAINS and op in ops for domain, op in graph_op_types(model.graph)):
            continue
        (skipped if NONDETERMINISTIC.match(test) else selected).append(test)
    return selected, skipped


def execute(cmd, timeout):
    """Runs cmd in its own process group, so a timeout also ends anything it started (a linker).
    Returns (returncode or None on timeout, stdout, stderr)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err


def first_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0].strip()[:240] if lines else ""


def describe_exit(step, rc, err, timeout):
    """Short reason for a failed step, or None if rc == 0."""
    if rc is None:
        return f"{step} timed out after {timeout} s"
    if rc < 0:
        try:
            name = signal.Signals(-rc).name
        except ValueError:
            name = f"signal {-rc}"
        return f"{step} crashed ({name})"
    if rc != 0:
        return f"{step} exit {rc}: {first_line(err) or '(no message)'}"
    return None


def run_test(test, args):
    """Returns None if the test passed, else a one-line reason."""
    src = os.path.join(args.data_dir, test)
    out = os.path.join(args.work_dir, test)
    os.makedirs(out, exist_ok=True)
    artifact = os.path.join(out, "model.so")
    if os.path.exists(artifact):
        os.remove(artifact)  # never test a stale artifact

    rc, _, err = execute([args.aicc, os.path.join(src, "model.onnx"), "-o", artifact], COMPILE_TIMEOUT_S)
    if rc == 1:
        return f"compile error: {first_line(err) or '(no message)'}"
    reason = describe_exit("compile", rc, err, COMPILE_TIMEOUT_S)
    if reason:
        return reason
    if not os.path.isfile(artifact):
        return "compile exited 0 but wrote no artifact"

    rtol, atol = tolerance(test)
    data_sets = sorted(d for d in os.listdir(src) if d.startswith("test_data_set_"))
    for data_set in data_sets:
        cmd = [args.aicc_run, artifact, os.path.join(src, data_set), "--iters", "1", "--warmup", "0",
               "--rtol", str(rtol), "--atol", str(atol), "--json"]
        rc, stdout, err = execute(cmd, RUN_TIMEOUT_S)
        if rc == 1:
            return f"mismatch in {data_set} (max_abs_err {max_abs_err(stdout)})"
        if rc == 2:
            return f"run error in {data_set}: {first_line(err) or first_line(stdout) or '(no message)'}"
        reason = describe_exit("run", rc, err, RUN_TIMEOUT_S)
        if reason:
            return f"{reason} in {data_set}"
    return None


def max_abs_err(stdout):
    for line in reversed(stdout.splitlines()):
        try:
            return json.loads(line).get("max_abs_err", "?")
        except (ValueError, AttributeError):
            continue
    return "?"


# Reason --update gives a new expected failure; the run rejects it until a person writes why.
PLACEHOLDER_REASON = "TODO: say why it fails"
ENTRY = re.compile(r"^([^\s#]+)\s*(?:#\s*(.*?))?\s*$")


def read_expected_failures(path):
    """{test: reason} from `test_name  # reason` lines ('#' lines are comments). Raises
    RuntimeError on a malformed or repeated entry."""
    entries = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = ENTRY.match(line.strip())
            if not match:
                raise RuntimeError(f"{path}:{number}: expected `test_name  # reason`, got {line.strip()!r}")
            test, reason = match.group(1), match.group(2) or ""
            if test in entries:
                raise RuntimeError(f"{path}:{number}: {test} is listed twice")
            entries[test] = reason
    return entries


def has_reason(reason):
    return bool(reason) and not reason.startswith(PLACEHOLDER_REASON)


def write_expected_failures(path, entries):
    """Keeps the file's leading comment block, then one `test  # reason` line per test, sorted."""
    header = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if not line.startswith("#"):
                    break
                header.append(line)
    with open(path, "w") as f:
        f.writelines(header)
        f.writelines(f"{test}  # {entries[test]}\n" if entries[test] else f"{test}\n" for test in sorted(entries))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aicc", required=True)
    parser.add_argument("--aicc-run", required=True)
    parser.add_argument("--work-dir", required=True, help="where compiled artifacts go")
    parser.add_argument("--expected-failures", required=True, help="expected_failures.txt")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--filter", help="only tests whose name matches this regex")
    parser.add_argument("--list", action="store_true", help="print the selected tests and exit")
    parser.add_argument("--quiet", action="store_true", help="print only what fails the run")
    parser.add_argument("--update", action="store_true",
                        help="rewrite --expected-failures with the tests that fail now (new ones get a placeholder reason)")
    args = parser.parse_args()

    def in_filter(test):
        return not args.filter or re.search(args.filter, test)

    try:
        ops = claimed_ops(args.aicc)
        selected, nondeterministic = select_tests(args.data_dir, ops, args.filter)
        listed_all = read_expected_failures(args.expected_failures)
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:
        print(f"run_node_tests: {e}", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(selected))
        return 0
    # With --filter, the entries outside it are neither checked nor rewritten.
    listed = {t: reason for t, reason in listed_all.items() if in_filter(t)}

    os.makedirs(args.work_dir, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        reasons = dict(zip(selected, pool.map(lambda t: run_test(t, args), selected)))

    passes = sorted(t for t, reason in reasons.items() if reason is None)
    failing = sorted(t for t, reason in reasons.items() if reason is not None)
    list_name = os.path.basename(args.expected_failures)

    if args.update:
        # The list becomes the tests that fail now: reasons kept, placeholders for new ones.
        rewritten = {t: reason for t, reason in listed_all.items() if not in_filter(t)}
        for t in failing:
            rewritten[t] = listed[t] if has_reason(listed.get(t)) else f"{PLACEHOLDER_REASON} (this run: {reasons[t]})"
        write_expected_failures(args.expected_failures, rewritten)
        print(f"updated {args.expected_failures}: {sum(1 for t in rewritten if in_filter(t))} expected failures")
        listed = {t: rewritten[t] for t in failing}

    problems = []  # (test, why it fails the run)
    for t in failing:
        if t not in listed:
            problems.append((t, reasons[t]))
        elif not has_reason(listed[t]):
            problems.append((t, f"listed in {list_name} without a reason: write why it fails ({reasons[t]})"))
    for t in passes:
        if t in listed:
            problems.append((t, f"passes now: remove it from {list_name}"))
    for t in sorted(set(listed) - set(reasons)):
        why = "non-deterministic, never run" if t in nondeterministic else "op no longer claimed, or test gone"
        problems.append((t, f"listed in {list_name} but not selected ({why})"))
    problems.sort()

    expected_failures = [t for t in failing if t in listed and has_reason(listed[t])]
    if not args.quiet:
        for t in expected_failures:
            print(f"expected failure {t}: {reasons[t]}")
    for t, why in problems:
        print(f"FAIL {t}: {why}")
    print(f"{len(selected)} selected: {len(passes)} passed, {len(expected_failures)} expected failures "
          f"(listed in {list_name}), {len(problems)} failing the run")
    if nondeterministic:
        print(f"{len(nondeterministic)} skipped as non-deterministic: {' '.join(nondeterministic)}")
    print(f"{len(passes)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
