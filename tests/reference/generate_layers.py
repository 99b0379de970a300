#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla's layer tests (Nabla.NN).

Run from the repository root with Debian's ``python3-torch`` (1.13):

    /usr/bin/python3 tests/reference/generate_layers.py

It writes ``tests/reference/layers.json``; ``tests/Nabla.Tests/NN/LayerReferenceTests.cs``
reads it. Deterministic: every case draws from its own ``torch.Generator`` seeded
with the CRC-32 of the case name.

File format
-----------
``{"generator": ..., "torch_version": ..., "cases": [case, ...]}`` where a case is::

    {"name": "batchnorm1d/train_2d/float64",   # "<module>/<variant>/<dtype>", unique
     "module": "batchnorm1d",                   # linear | batchnorm1d | layernorm | embedding
     "dtype": "float64",                        # float64 | float32 (parameters and float inputs)
     "config": {...},                           # constructor arguments, PyTorch's names
     "state": {"weight": tensor, ...},          # the full state_dict loaded before step 0
     "steps": [step, ...]}

and a step is::

    {"train": true,                 # module.train() (true) or module.eval() (false) before the call
     "input": tensor,               # float input, or int64 indices for embedding
     "output": tensor,
     "grad_output": tensor,         # optional; if present out.backward(grad_output) was called
     "grads": {"input": tensor | null, "weight": tensor, ...},   # with grad_output; parameter grads by name
     "state_after": {"running_mean": tensor, ...}}              # optional: buffers after the step

A tensor is ``{"shape": [...], "dtype": "float64" | "float32" | "int64", "data": [flat row-major]}``
(the same form as ops.json). Float32 values are written as the exact double of each
float32. Parameter gradients are zeroed (set to None) before every step, so each
step's grads are that step's alone. num_batches_tracked is int64.
"""

import json
import math
import os
import zlib

import torch

from reference_common import Rand, write_cases

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "layers.json")
DTYPES = {"float64": torch.float64, "float32": torch.float32}
CASES = []


def tensor_json(t):
    t = t.detach()
    name = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    vals = t.reshape(-1).tolist()
    if t.dtype == torch.int64:
        data = [int(v) for v in vals]
    else:
        for v in vals:
            if not math.isfinite(v):
                raise ValueError("non-finite value")
        data = [float(v) for v in vals]
    return {"shape": list(t.shape), "dtype": name, "data": data}


def build(module, config, dtype):
    if module == "linear":
        return torch.nn.Linear(config["in_features"], config["out_features"], bias=config["bias"], dtype=dtype)
    if module == "batchnorm1d":
        return torch.nn.BatchNorm1d(config["num_features"], eps=config["eps"], momentum=config["momentum"],
                                    affine=config["affine"], track_running_stats=config["track_running_stats"], dtype=dtype)
    if module == "layernorm":
        return torch.nn.LayerNorm(config["normalized_shape"], eps=config["eps"],
                                  elementwise_affine=config["elementwise_affine"], dtype=dtype)
    if module == "embedding":
        return torch.nn.Embedding(config["num_embeddings"], config["embedding_dim"],
                                  padding_idx=config["padding_idx"], dtype=dtype)
    raise ValueError(module)


def case(module, variant, config, randomize, steps, dtypes=("float64", "float32")):
    """steps: list of (train, make_input(r), with_grad)."""
    for dt in dtypes:
        name = f"{module}/{variant}/{dt}"
        r = Rand(name, DTYPES[dt])
        torch.manual_seed(zlib.crc32(name.encode()))  # default inits draw from the global generator
        m = build(module, config, DTYPES[dt])
        with torch.no_grad():
            randomize(m, r)  # non-default parameter values, so affine terms are really tested
        c = {"name": name, "module": module, "dtype": dt, "config": config,
             "state": {k: tensor_json(v) for k, v in m.state_dict().items()}, "steps": []}
        for train, make_input, with_grad in steps:
            m.train(train)
            for p in m.parameters():
                p.grad = None
            x = make_input(r)
            if x.is_floating_point() and with_grad:
                x = x.detach().clone().requires_grad_(True)
            out = m(x)
            s = {"train": train, "input": tensor_json(x), "output": tensor_json(out)}
            if with_grad:
                g = r.uniform(*out.shape, lo=-1.0, hi=1.0)
                out.backward(g)
                s["grad_output"] = tensor_json(g)
                grads = {"input": tensor_json(x.grad) if x.is_floating_point() else None}
                for pname, p in m.named_parameters():
                    grads[pname] = tensor_json(p.grad)
                s["grads"] = grads
            buffers = dict(m.named_buffers())
            if buffers:
                s["state_after"] = {k: tensor_json(v) for k, v in buffers.items()}
            c["steps"].append(s)
        CASES.append(c)


def randomize_params(m, r):
    for p in m.parameters():
        p.copy_(r.uniform(*p.shape, lo=-1.5, hi=1.5))


def randomize_affine(m, r):
    """gamma around 1, beta around 0 (normalisation layers)."""
    for name, p in m.named_parameters():
        p.copy_(r.uniform(*p.shape, lo=0.5, hi=1.5) if name == "weight" else r.uniform(*p.shape, lo=-0.5, hi=0.5))


def keep(m, r):
    pass


def linear_cases():
    cfg = lambda i, o, b=True: {"in_features": i, "out_features": o, "bias": b}
    case("linear", "2d", cfg(3, 5), randomize_params, [(True, lambda r: r.uniform(4, 3), True)])
    case("linear", "3d", cfg(4, 2), randomize_params, [(True, lambda r: r.uniform(2, 3, 4), True)])
    case("linear", "1d", cfg(4, 3), randomize_params, [(True, lambda r: r.uniform(4), True)])
    case("linear", "no_bias", cfg(3, 4, False), randomize_params, [(True, lambda r: r.uniform(5, 3), True)])


def batchnorm_cases():
    def cfg(c, momentum=0.1, affine=True, track=True, eps=1e-5):
        return {"num_features": c, "eps": eps, "momentum": momentum, "affine": affine, "track_running_stats": track}
    # one training step: batch statistics (biased variance), gradients through them, running stats updated
    case("batchnorm1d", "train_2d", cfg(3), randomize_affine, [(True, lambda r: r.normal(6, 3, mean=0.5, std=2.0), True)])
    case("batchnorm1d", "train_3d", cfg(2), randomize_affine, [(True, lambda r: r.normal(4, 2, 5, mean=-1.0, std=1.5), True)])
    case("batchnorm1d", "no_affine", cfg(3, affine=False), keep, [(True, lambda r: r.normal(5, 3), True)])
    case("batchnorm1d", "eps_0.1", cfg(2, eps=0.1), randomize_affine, [(True, lambda r: r.normal(3, 2, mean=0.0, std=0.3), True)])
    # several training steps (forward only), then evaluation with the running mean and unbiased running variance
    train = [(True, lambda r: r.normal(8, 3, mean=2.0, std=3.0), False) for _ in range(4)]
    case("batchnorm1d", "running_stats", cfg(3), randomize_affine, train + [(False, lambda r: r.normal(5, 3, mean=2.0, std=3.0), True)])
    train3 = [(True, lambda r: r.normal(4, 2, 3, mean=-1.0, std=2.0), False) for _ in range(3)]
    case("batchnorm1d", "running_stats_3d", cfg(2, momentum=0.3), randomize_affine,
         train3 + [(False, lambda r: r.normal(2, 2, 3, mean=-1.0, std=2.0), True)])
    # momentum None: cumulative moving average (factor 1 / num_batches_tracked)
    case("batchnorm1d", "cumulative_average", cfg(3, momentum=None), randomize_affine,
         train + [(False, lambda r: r.normal(4, 3), True)], dtypes=("float64",))
    # no running statistics: batch statistics in eval too
    case("batchnorm1d", "untracked_eval", cfg(3, track=False), randomize_affine,
         [(False, lambda r: r.normal(6, 3, mean=1.0), True)], dtypes=("float64",))


def layernorm_cases():
    cfg = lambda shape, affine=True, eps=1e-5: {"normalized_shape": shape, "eps": eps, "elementwise_affine": affine}
    case("layernorm", "last_dim", cfg([5]), randomize_affine, [(True, lambda r: r.normal(4, 5, mean=1.0, std=2.0), True)])
    case("layernorm", "two_dims", cfg([3, 4]), randomize_affine, [(True, lambda r: r.normal(2, 3, 4, mean=-0.5, std=1.5), True)])
    case("layernorm", "no_affine", cfg([6], affine=False), keep, [(False, lambda r: r.normal(3, 6), True)])


def embedding_cases():
    cfg = lambda n, d, pad: {"num_embeddings": n, "embedding_dim": d, "padding_idx": pad}
    idx = lambda r: torch.tensor([[2, 0, 4, 2], [5, 2, 0, 1]], dtype=torch.int64)  # repeats and the padding row
    # the padding row is randomised too: its value is still returned, but it gets no gradient
    case("embedding", "padding_idx", cfg(6, 3, 2), randomize_params, [(True, idx, True)])
    case("embedding", "no_padding", cfg(6, 3, None), keep, [(True, idx, True)])
    case("embedding", "negative_padding", cfg(5, 2, -1), keep, [(True, lambda r: torch.tensor([4, 1, 4, 3]), True)], dtypes=("float64",))


def main():
    linear_cases()
    batchnorm_cases()
    layernorm_cases()
    embedding_cases()
    names = [c["name"] for c in CASES]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate case names")
    header = {"generator": "tests/reference/generate_layers.py", "torch_version": torch.__version__}

    write_cases(OUT_PATH, header, CASES)


if __name__ == "__main__":
    main()
