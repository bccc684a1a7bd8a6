"""What the e2e scripts that build their own models share: compiling one with aicc and running it
once with aicc-run on inputs written into its folder."""
import os
import subprocess

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


def read_tensor(path):
    """The array a TensorProto file holds."""
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)
