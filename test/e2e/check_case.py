"""One e2e case in ONNX's test-data layout: written, then compiled by aicc and checked by aicc-run at
atol = rtol = 1e-4."""
import argparse
import os
import subprocess

from onnx import numpy_helper


def write_test_data(folder, inputs, outputs):
    """folder/test_data_set_0/input_N.pb and output_N.pb from `inputs` and `outputs`, each a dict
    {name: numpy array} in the model's order."""
    data = os.path.join(folder, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    for kind, arrays in (("input", inputs), ("output", outputs)):
        for i, (name, array) in enumerate(arrays.items()):
            with open(os.path.join(data, f"{kind}_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(array, name).SerializeToString())


def check_case(bin_dir, name, folder, tolerance=1e-4):
    """Compiles folder/model.onnx and runs it on folder's test data once, checking at atol = rtol =
    `tolerance`; prints ok or the failing command's output, and returns whether it passed."""
    artifact = os.path.join(folder, "model.so")
    steps = [[os.path.join(bin_dir, "aicc"), os.path.join(folder, "model.onnx"), "-o", artifact],
             [os.path.join(bin_dir, "aicc-run"), artifact, folder, "--atol", str(tolerance), "--rtol", str(tolerance),
              "--iters", "1", "--warmup", "0"]]
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"FAIL {name}: {' '.join(cmd)}\n{result.stdout}{result.stderr}", flush=True)
            return False
    print(f"ok   {name}", flush=True)
    return True


def run_cases(description, label, cases, write):
    """The command line of an e2e case runner (--bin-dir BIN --work DIR [--only NAME ...]): each case
    of `cases` (a dict) is written by write(name, folder), then checked; prints `LABEL: N cases, M
    failing` and returns the exit status."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--bin-dir", required=True, help="folder holding aicc and aicc-run")
    parser.add_argument("--work", required=True, help="folder for the cases (one sub-folder each)")
    parser.add_argument("--only", nargs="+", choices=sorted(cases))
    args = parser.parse_args()

    names = args.only or list(cases)
    failures = []
    for name in names:
        folder = os.path.join(args.work, name)
        write(name, folder)
        if not check_case(args.bin_dir, name, folder):
            failures.append(name)
    print(f"{label}: {len(names)} cases, {len(failures)} failing")
    return 1 if failures else 0
