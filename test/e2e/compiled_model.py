"""What the e2e scripts share: compiling a model with aicc and running it once with aicc-run, on
inputs written into its folder or on the test data sets exported beside it, and how far that is
from the data sets' outputs; the kernels aicc selects."""
import glob
import os
import subprocess

import numpy as np
import onnx
from onnx import numpy_helper


def compile_and_run(bin_dir, folder, inputs, aicc_flags=()):
    """The first output of folder/model.onnx, compiled (with `aicc_flags`) into folder/model.so and
    run once on `inputs` (name -> array, in the model's input order)."""
    data, out = os.path.join(folder, "data"), os.path.join(folder, "out")
    os.makedirs(data, exist_ok=True)
    for i, (name, value) in enumerate(inputs.items()):
        with open(os.path.join(data, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value, name).SerializeToString())
    model, artifact = os.path.join(folder, "model.onnx"), os.path.join(folder, "model.so")
    for cmd in ([os.path.join(bin_dir, "aicc"), model, "-o", artifact, *aicc_flags],
                [os.path.join(bin_dir, "aicc-run"), artifact, data, "--iters", "1", "--warmup", "0", "--save-outputs",
                 out]):
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return read_tensor(os.path.join(out, "output_0.pb"))


def optimized_ir(bin_dir, model, flags=()):
    """What `aicc --emit=optimized` prints for `model` compiled with `flags`: the kernels it selects."""
    result = subprocess.run([os.path.join(bin_dir, "aicc"), model, "--emit=optimized", "-o", "-", *flags],
                            capture_output=True, text=True, check=True)
    return result.stdout


def outputs_against_references(bin_dir, artifact, folder, work):
    """(got, expected) for every output_N.pb of each test_data_set_* in `folder`, `artifact` run once
    on the set's inputs (its outputs saved in work/<set>)."""
    for data in sorted(glob.glob(os.path.join(folder, "test_data_set_*"))):
        out = os.path.join(work, os.path.basename(data))
        # aicc-run compares the outputs with the data set's at fp32 tolerances: exit 1 is expected.
        run = subprocess.run([os.path.join(bin_dir, "aicc-run"), artifact, data, "--iters", "1", "--warmup", "0",
                              "--save-outputs", out], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise RuntimeError(f"aicc-run {artifact} {data}: exit {run.returncode}\n{run.stdout}{run.stderr}")
        for expected_path in sorted(glob.glob(os.path.join(data, "output_*.pb"))):
            yield read_tensor(os.path.join(out, os.path.basename(expected_path))), read_tensor(expected_path)


def error_against_references(bin_dir, artifact, folder, work, classes=False):
    """How far `artifact`'s outputs are from every output_N.pb of the test data sets in `folder`
    (outputs_against_references): the largest error as a fraction of the output's largest
    magnitude, and with `classes` the least top-1 agreement over the last axis (else None)."""
    worst, agreements = 0.0, []
    for got, expected in outputs_against_references(bin_dir, artifact, folder, work):
        worst = max(worst, float(np.abs(got - expected).max() / np.abs(expected).max()))
        if classes:
            agreements.append(float((got.argmax(-1) == expected.argmax(-1)).mean()))
    return worst, min(agreements) if agreements else None


def read_tensor(path):
    """The array a TensorProto file holds."""
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)
