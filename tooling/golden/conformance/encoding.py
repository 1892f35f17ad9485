"""How golden cases are written: tensor specs and case files as JSON, and ONNX TensorProtos."""

import json
import os

import numpy as np

from float32.encoding import number

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
CONFORMANCE = os.path.join(ROOT, "packages", "conformance")
SCHEMA = os.path.join(CONFORMANCE, "schema", "case.schema.json")


def values(array, period=None):
    """Row-major values; `{"repeat": [...]}` when the array repeats with `period`."""
    flat = np.asarray(array).reshape(-1)
    if flat.dtype == np.int64:
        return [int(v) for v in flat]
    encoded = [number(v) for v in flat]
    if period and len(encoded) > period:
        pattern = encoded[:period]
        if all(encoded[i] == pattern[i % period] for i in range(len(encoded))):
            return {"repeat": pattern}
    return encoded


def tensor(name, array, period=None, role=None):
    """A tensor spec of the case format."""
    array = np.asarray(array)
    spec = {"name": name, "shape": list(array.shape)}
    if array.dtype == np.int64:
        spec["dtype"] = "int64"
    if role:
        spec["role"] = role
    spec["values"] = values(array, period)
    return spec


def _dump(value, indent, width=100):
    """JSON with lists of numbers filled onto lines of at most `width` columns."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {_dump(v, indent + 2)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(v, (dict, list)) for v in value):
            words = [json.dumps(v) for v in value]
            one_line = "[" + ", ".join(words) + "]"
            if len(one_line) + indent < width:
                return one_line
            lines, line = [], ""
            for word in words:
                if line and len(line) + len(word) + indent + 4 > width:
                    lines.append(line)
                    line = ""
                line += word + ", "
            lines.append(line)
            body = "\n".join(f"{pad}  {line.rstrip()}" for line in lines).rstrip(",")
            return "[\n" + body + f"\n{pad}]"
        return "[\n" + ",\n".join(f"{pad}  {_dump(v, indent + 2)}" for v in value) + f"\n{pad}]"
    return json.dumps(value)


def write_case_file(path, cases, generator, reference):
    """Writes a case file: the schema, what made it, and its cases."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    document = {
        "$schema": os.path.relpath(SCHEMA, os.path.dirname(path)).replace(os.sep, "/"),
        "generator": generator,
        "reference": reference,
        "cases": cases,
    }
    with open(path, "w", encoding="utf-8") as file:
        file.write(_dump(document, 0) + "\n")


def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number_, wire, payload):
    return _varint((number_ << 3) | wire) + payload


def tensor_proto(name, array):
    """A serialised ONNX TensorProto: dims (1), data_type (2), name (8), raw_data (9)."""
    array = np.ascontiguousarray(array)
    codes = {np.dtype(np.float32): 1, np.dtype(np.int64): 7}
    out = b"".join(_field(1, 0, _varint(int(dim))) for dim in array.shape)
    out += _field(2, 0, _varint(codes[array.dtype]))
    encoded_name = name.encode("utf-8")
    out += _field(8, 2, _varint(len(encoded_name)) + encoded_name)
    raw = array.astype(array.dtype.newbyteorder("<")).tobytes()
    return out + _field(9, 2, _varint(len(raw)) + raw)


def read_initializers(model_bytes):
    """(name, dims) of each initialiser of an ONNX ModelProto: graph (7) -> initializer (5)
    -> dims (1) and name (8)."""

    def fields(data):
        index = 0
        while index < len(data):
            key, index = _read_varint(data, index)
            number_, wire = key >> 3, key & 7
            if wire == 0:
                value, index = _read_varint(data, index)
                yield number_, value
            elif wire == 2:
                length, index = _read_varint(data, index)
                yield number_, data[index:index + length]
                index += length
            elif wire == 5:
                index += 4
            elif wire == 1:
                index += 8

    found = []
    for number_, graph in fields(model_bytes):
        if number_ != 7:
            continue
        for inner, initializer in fields(graph):
            if inner != 5:
                continue
            name, dims = "", []
            for key, value in fields(initializer):
                if key == 8:
                    name = value.decode("utf-8")
                elif key == 1:
                    dims.append(value)
            found.append((name, dims))
    return found


def _read_varint(data, index):
    result, shift = 0, 0
    while True:
        byte = data[index]
        index += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, index
