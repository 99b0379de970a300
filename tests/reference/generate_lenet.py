#!/usr/bin/env python3
"""Reference LeNet for Nabla's model zoo (Nabla.NN.Models.LeNet), written by PyTorch.

    /usr/bin/python3 tests/reference/generate_lenet.py

Builds LeNet exactly as the zoo does (features = conv-ReLU-pool twice, classifier = three Linear layers, so the state
dict names are features.0.*, features.3.*, classifier.0/2/4.*), seeded, and writes into tests/reference/lenet/:

* ``lenet.safetensors``: the float32 state dict (hand-written safetensors: Debian has no safetensors package);
* ``lenet_grads.safetensors``: the gradient of the mean cross-entropy loss w.r.t. every parameter, computed in
  float64 from the same weights (names as the state dict);
* ``lenet.json``: the input batch [4, 1, 28, 28], its targets, PyTorch's logits and loss in float32 and float64.
"""

import json
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate_safetensors import write_safetensors  # noqa: E402

OUT = os.path.join(HERE, "lenet")


class LeNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def main():
    torch.manual_seed(20260)
    model = LeNet().eval()
    g = torch.Generator().manual_seed(7)
    x = torch.rand(4, 1, 28, 28, generator=g)
    target = torch.randint(0, 10, (4,), generator=g)

    with torch.no_grad():
        out32 = model(x)
        loss32 = nn.functional.cross_entropy(out32, target)
    model64 = LeNet().double()
    model64.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    out64 = model64(x.double())
    loss64 = nn.functional.cross_entropy(out64, target)
    loss64.backward()

    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "lenet.safetensors"), {k: v.contiguous() for k, v in model.state_dict().items()})
    write_safetensors(os.path.join(OUT, "lenet_grads.safetensors"), {k: p.grad for k, p in model64.named_parameters()})
    doc = {
        "torch": torch.__version__,
        "input_shape": list(x.shape),
        "input": x.flatten().tolist(),
        "target": target.tolist(),
        "output_float32": out32.flatten().tolist(),
        "loss_float32": loss32.item(),
        "output_float64": out64.detach().flatten().tolist(),
        "loss_float64": loss64.item(),
    }
    with open(os.path.join(OUT, "lenet.json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(OUT))


if __name__ == "__main__":
    main()
