#!/usr/bin/python3
"""A PyTorch model for Rectifier's ONNX importer: the 784-64-32-16-10 ReLU MLP of the brief.

Builds the MLP with a fixed seed, exports it with torch.onnx.export (opset 13, the batch axis
dynamic and named 'batch'), and writes, in the ONNX backend-test layout:

    packages/onnx/test/fixtures/torch-mlp/model.onnx
    packages/onnx/test/fixtures/torch-mlp/test_data_set_0/input_0.pb   8 seeded inputs in [0, 1)
    packages/onnx/test/fixtures/torch-mlp/test_data_set_0/output_0.pb  PyTorch's float32 logits

Run with Debian's python3-torch (apt-get install python3-torch), from the repository root:

    /usr/bin/python3 tooling/golden/export_torch_mlp.py

The TensorProto files are written by conformance/encoding.py's small encoder, so that the
script needs no `onnx` Python package; it writes what onnx.numpy_helper.from_array writes for
float32 tensors: dims, data_type FLOAT, name and little-endian raw_data.
"""

import os
import sys

import torch

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository

from conformance.encoding import tensor_proto

SEED = 20240611
SIZES = [784, 64, 32, 16, 10]
BATCH = 8
OPSET = 13
OUTPUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "packages", "onnx", "test", "fixtures", "torch-mlp",
)


def build_model():
    layers = []
    for index, (inputs, outputs) in enumerate(zip(SIZES, SIZES[1:])):
        layers.append(torch.nn.Linear(inputs, outputs))
        if index < len(SIZES) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).eval()


def main():
    torch.manual_seed(SEED)
    model = build_model()
    inputs = torch.rand(BATCH, SIZES[0])
    with torch.no_grad():
        logits = model(inputs)

    data_dir = os.path.join(OUTPUT, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    torch.onnx.export(
        model,
        inputs,
        os.path.join(OUTPUT, "model.onnx"),
        opset_version=OPSET,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    )
    with open(os.path.join(data_dir, "input_0.pb"), "wb") as file:
        file.write(tensor_proto("input", inputs.numpy()))
    with open(os.path.join(data_dir, "output_0.pb"), "wb") as file:
        file.write(tensor_proto("logits", logits.numpy()))
    print("wrote", os.path.normpath(OUTPUT), "with torch", torch.__version__)


if __name__ == "__main__":
    main()
