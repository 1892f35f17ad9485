"""Golden cases in the ONNX backend-test layout with gradients: small PyTorch models exported
by torch.onnx.export, with output_grad_K.pb, input_grad_K.pb and param_grad_J.pb."""

import io
import os
import shutil

import numpy as np
import torch

from .encoding import read_initializers, tensor_proto

F32 = np.float32


class DenseRelu(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = torch.nn.Linear(5, 4)

    def forward(self, x):
        return torch.relu(self.dense(x))


class MlpSoftmax(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(6, 8)
        self.head = torch.nn.Linear(8, 3)

    def forward(self, x):
        return torch.softmax(self.head(torch.nn.functional.leaky_relu(self.hidden(x), 0.1)), -1)


class ChannelPrelu(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.prelu = torch.nn.PReLU(num_parameters=3, init=0.2)

    def forward(self, x):
        return self.prelu(x)


# (folder name, module, input shapes, number of data sets)
MODELS = [
    ("dense_relu", DenseRelu, [[3, 5]], 2),
    ("mlp_leakyrelu_softmax", MlpSoftmax, [[4, 6]], 1),
    ("prelu_per_channel", ChannelPrelu, [[2, 3, 2, 2]], 1),
]


def export(module, shapes):
    """The ONNX bytes of a module at opset 13, its initialisers named as in state_dict."""
    buffer = io.BytesIO()
    examples = tuple(torch.zeros(shape) for shape in shapes)
    names = [f"x{i}" if len(shapes) > 1 else "x" for i in range(len(shapes))]
    torch.onnx.export(module, examples, buffer, input_names=names, output_names=["y"],
                      opset_version=13, do_constant_folding=True)
    return buffer.getvalue(), names


def parameter_initializers(model_bytes, module):
    """{parameter name: (initialiser name, its shape)}. The exporter keeps state_dict names,
    except where it folds a reshape into the weight (PReLU's slope becomes [C, 1, 1] under a
    new name); such a parameter is matched with the one unclaimed initialiser of its size."""
    initializers = dict((name, dims) for name, dims in read_initializers(model_bytes))
    unclaimed = [name for name in initializers if name not in dict(module.named_parameters())]
    matched = {}
    for name, parameter in module.named_parameters():
        if name in initializers:
            matched[name] = (name, initializers[name])
            continue
        sizes = [other for other in unclaimed
                 if int(np.prod(initializers[other])) == parameter.numel()]
        if len(sizes) != 1:
            raise SystemExit(f"cannot tell which initialiser holds {name}: {initializers}")
        matched[name] = (sizes[0], initializers[sizes[0]])
        unclaimed.remove(sizes[0])
    return matched


def write_data_set(folder, module, names, shapes, generator):
    os.makedirs(folder)
    inputs = [torch.from_numpy(generator.standard_normal(s).astype(F32)).requires_grad_(True)
              for s in shapes]
    params = parameter_initializers(module.model_bytes, module)
    output = module(*inputs)
    upstream = torch.from_numpy(generator.standard_normal(list(output.shape)).astype(F32))
    named = dict(module.named_parameters())
    grads = torch.autograd.grad(output, inputs + [named[name] for name in params], upstream)
    files = {}
    for k, (name, value) in enumerate(zip(names, inputs)):
        files[f"input_{k}.pb"] = tensor_proto(name, value.detach().numpy())
        files[f"input_grad_{k}.pb"] = tensor_proto(name, grads[k].numpy())
    files["output_0.pb"] = tensor_proto("y", output.detach().numpy())
    files["output_grad_0.pb"] = tensor_proto("y", upstream.numpy())
    for j, ((initializer, dims), grad) in enumerate(zip(params.values(), grads[len(inputs):])):
        files[f"param_grad_{j}.pb"] = tensor_proto(initializer, grad.numpy().reshape(dims))
    for file, data in files.items():
        with open(os.path.join(folder, file), "wb") as out:
            out.write(data)


def write_onnx_cases(root, generator):
    """Writes every model's folder under root; returns the folder names."""
    torch.manual_seed(int(generator.integers(0, 2**31)))
    for name, model, shapes, data_sets in MODELS:
        module = model()
        model_bytes, names = export(module, shapes)
        module.model_bytes = model_bytes
        folder = os.path.join(root, name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        with open(os.path.join(folder, "model.onnx"), "wb") as out:
            out.write(model_bytes)
        for index in range(data_sets):
            write_data_set(os.path.join(folder, f"test_data_set_{index}"), module, names, shapes,
                           generator)
    return [name for name, *_ in MODELS]
