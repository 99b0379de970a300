#!/usr/bin/env python3
"""Check that a LeNet state dict written by Nabla loads into PyTorch's LeNet and gives Nabla's outputs.

A one-off check run by hand (CI has no Python):

    NABLA_LENET_EXPORT_DIR=/tmp/nabla-lenet dotnet test tests/Nabla.Tests \\
        --filter "FullyQualifiedName~LeNetReferenceTests.NablaWrittenLeNetRoundTripsAndExportsForPyTorch"
    /usr/bin/python3 tests/reference/check_lenet_from_nabla.py /tmp/nabla-lenet

The directory holds nabla_lenet.safetensors (Nabla's zoo LeNet, float32) and nabla_lenet_expected.json (the input and
Nabla's logits). The file is parsed with the strict hand-written reader of generate_safetensors.py, loaded with
strict=True into generate_lenet.py's LeNet, and PyTorch's logits must match Nabla's to 1e-5. Exits non-zero otherwise.
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_lenet import LeNet  # noqa: E402
from generate_safetensors import read_safetensors  # noqa: E402


def main(folder):
    _, tensors, metadata, layout = read_safetensors(os.path.join(folder, "nabla_lenet.safetensors"))
    if not (layout["header_padded_to_8"] and layout["aligned"]):
        sys.exit("layout: header not padded to 8 bytes or tensors not aligned: %s" % layout)
    model = LeNet().eval()
    model.load_state_dict(tensors, strict=True)
    with open(os.path.join(folder, "nabla_lenet_expected.json")) as f:
        expected = json.load(f)
    x = torch.tensor(expected["input"], dtype=torch.float32).reshape(expected["input_shape"])
    with torch.no_grad():
        out = model(x).flatten()
    want = torch.tensor(expected["output"], dtype=torch.float32)
    err = (out - want).abs().max().item()
    print("PyTorch loaded %d tensors (metadata %s); max |torch - nabla| logit difference %.3g" % (len(tensors), metadata, err))
    if err > 1e-5:
        sys.exit("mismatch")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nabla-lenet")
