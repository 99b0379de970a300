#!/usr/bin/env python3
"""Check that safetensors files written by Nabla load in PyTorch and give Nabla's outputs.

A one-off check run by hand (CI has no Python). First let the C# test write the files
and Nabla's outputs into a directory, then run this script on it:

    NABLA_SAFETENSORS_EXPORT_DIR=/tmp/nabla-st dotnet test tests/Nabla.Tests \\
        --filter "FullyQualifiedName~SafetensorsTests.NablaWrittenFilesForPyTorchCheck"
    /usr/bin/python3 tests/reference/check_nabla_safetensors.py /tmp/nabla-st

The directory then holds ``nabla_mlp.safetensors`` (the state dict of a Nabla
``Sequential(Linear(4, 8), Tanh(), Linear(8, 3))``-shaped model), ``nabla_mixed.safetensors``
(F32/F64/I64 tensors incl. a 0-d, an empty, a transposed view, extremes, NaN and infinities)
and ``nabla_expected.json`` (the model's input and Nabla's output, and the mixed tensors'
values). The files are parsed by hand with the strict reader of
``generate_safetensors.py`` (Debian 12 has no safetensors package), which checks the
header padding, that the tensors tile the data buffer, and their alignment. The model's
state dict is loaded into the PyTorch model with ``strict=True`` and its output must
match Nabla's to 1e-6. Exits non-zero on any mismatch.
"""

import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_safetensors import DTYPES, make_mlp, read_safetensors  # noqa: E402

SPECIAL = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def tensor_from_json(t):
    dtype = DTYPES[t["dtype"]][0]
    data = [SPECIAL.get(v, v) if isinstance(v, str) else v for v in t["data"]]
    return torch.tensor(data, dtype=dtype).reshape(t["shape"])


def same_values(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.is_floating_point:
        both_nan = torch.isnan(a) & torch.isnan(b)
        equal = (a == b) & (torch.signbit(a) == torch.signbit(b))  # -0.0 must stay -0.0
        return bool((both_nan | equal).all())
    return torch.equal(a, b)


def main(directory):
    with open(os.path.join(directory, "nabla_expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    failures = []

    order, state, meta, layout = read_safetensors(os.path.join(directory, "nabla_mlp.safetensors"))
    print("nabla_mlp.safetensors: keys %s, metadata %s, layout %s" % (order, meta, layout))
    if meta.get("format") != "pt":
        failures.append("mlp metadata lacks format=pt: %r" % meta)
    if not (layout["header_padded_to_8"] and layout["aligned"]):
        failures.append("mlp layout: %r" % layout)
    model = make_mlp()
    model.load_state_dict(state, strict=True)
    x = tensor_from_json(expected["input"])
    with torch.no_grad():
        y = model(x)
    nabla_y = tensor_from_json(expected["output"])
    diff = (y - nabla_y).abs().max().item()
    print("MLP output: shape %s, max |PyTorch - Nabla| = %.3g (tolerance 1e-6)" % (list(y.shape), diff))
    if y.shape != nabla_y.shape or not diff <= 1e-6:
        failures.append("MLP output differs by %g" % diff)

    order, tensors, meta, layout = read_safetensors(os.path.join(directory, "nabla_mixed.safetensors"))
    print("nabla_mixed.safetensors: metadata %s, layout %s" % (meta, layout))
    if order != list(expected["mixed"]):
        failures.append("mixed header order %s, expected %s" % (order, list(expected["mixed"])))
    if not (layout["header_padded_to_8"] and layout["aligned"]):
        failures.append("mixed layout: %r" % layout)
    for name, t in expected["mixed"].items():
        want = tensor_from_json(t)
        ok = same_values(tensors[name], want)
        print("  %-15s %s %-10s %s" % (name, t["dtype"], list(want.shape), "ok" if ok else "MISMATCH"))
        if not ok:
            failures.append("mixed tensor %s: got %s, expected %s" % (name, tensors[name], want))

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("OK: PyTorch loads Nabla's files and reproduces Nabla's outputs.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
