#!/usr/bin/python3
"""Golden conformance cases from PyTorch, for every Rectifier backend.

Writes packages/conformance/cases/golden/:

    activations/<name>.json  every activation's forward and backward: the edge values (NaN,
                             +-Infinity, -0, 0, subnormals, each kink and overflow point and
                             their float32 neighbours, large magnitudes) for every attribute
                             set, and for the defaults lengths 1, 3, 4, 5, 1023 and 4097,
                             empty tensors, a scalar and a rank-5 tensor; PReLU (one slope,
                             per channel [C, 1, 1], trailing) and Softmax (each axis, odd
                             lengths, edge rows)
    layers/dense.json        Dense as Gemm with bias, with the gradients of X, W and b
    losses/softmax-cross-entropy.json
    onnx/<model>/            small PyTorch models in the ONNX backend-test layout with
                             output_grad_K.pb, input_grad_K.pb and param_grad_J.pb

Where Rectifier's documented convention differs from PyTorch (conformance/conventions.py),
the expected value is Rectifier's and the case lists PyTorch's under "deviations".

Run with Debian's python3-torch (apt-get install -y python3-torch), from the repository root:

    /usr/bin/python3 tooling/golden/generate_conformance.py
"""

import os
import shutil
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository

from conformance.activations import elementwise_files
from conformance.encoding import CONFORMANCE, write_case_file
from conformance.layers import dense_cases, loss_cases
from conformance.onnx_cases import write_onnx_cases
from conformance.prelu import prelu_cases
from conformance.softmax import softmax_cases

SEED = 20240611
GENERATOR = "tooling/golden/generate_conformance.py"
GOLDEN = os.path.join(CONFORMANCE, "cases", "golden")


def main():
    torch.set_num_threads(1)
    generator = np.random.default_rng(SEED)
    reference = f"PyTorch {torch.__version__}, float32, CPU"
    shutil.rmtree(GOLDEN, ignore_errors=True)

    files = elementwise_files(generator)
    files["prelu"] = prelu_cases(generator)
    files["softmax"] = softmax_cases(generator)
    for name, cases in files.items():
        write_case_file(os.path.join(GOLDEN, "activations", f"{name}.json"), cases, GENERATOR,
                        reference)
    write_case_file(os.path.join(GOLDEN, "layers", "dense.json"), dense_cases(generator),
                    GENERATOR, reference)
    write_case_file(os.path.join(GOLDEN, "losses", "softmax-cross-entropy.json"),
                    loss_cases(generator), GENERATOR, reference)
    models = write_onnx_cases(os.path.join(GOLDEN, "onnx"), generator)

    count = sum(len(cases) for cases in files.values())
    print(f"wrote {count} activation cases in {len(files)} files, dense, losses and "
          f"{len(models)} ONNX models under {os.path.relpath(GOLDEN)} with {reference}")


if __name__ == "__main__":
    main()
