"""Pieces shared by the reference generators: seeded random inputs and the JSON writer."""

import json
import os
import zlib

import torch
import torch.nn.functional as F

DTYPES = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64}


class Rand:
    """Random tensors of one dtype from a generator seeded by the case name (so adding a case changes no other)."""

    def __init__(self, name, dtype):
        self.g = torch.Generator().manual_seed(zlib.crc32(name.encode()))
        self.dtype = DTYPES[dtype] if isinstance(dtype, str) else dtype

    def _u(self, shape, lo, hi):
        # draw in float64 then round once to the case dtype
        x = torch.rand(shape, generator=self.g, dtype=torch.float64) * (hi - lo) + lo
        return x.to(self.dtype)

    def uniform(self, *shape, lo=-2.0, hi=2.0):
        return self._u(shape, lo, hi)

    def positive(self, *shape, lo=0.5, hi=2.0):
        return self._u(shape, lo, hi)

    def normal(self, *shape, mean=0.0, std=1.0):
        return (torch.randn(shape, generator=self.g, dtype=torch.float64) * std + mean).to(self.dtype)

    def away(self, *shape, lo=0.2, hi=2.0):
        """|x| in [lo, hi] with random sign: away from 0 (abs, relu, sign, divisors, kinks)."""
        mag = self._u(shape, lo, hi)
        sign = torch.randint(0, 2, shape, generator=self.g).to(self.dtype) * 2 - 1
        return mag * sign

    def small_ints(self, *shape, lo=-2, hi=2):
        """Integers in [lo, hi] as floats: produces ties for comparisons."""
        return torch.randint(lo, hi + 1, shape, generator=self.g).to(self.dtype)

    def mask(self, *shape):
        return torch.randint(0, 2, shape, generator=self.g).to(self.dtype)

    def index(self, *shape, high):
        return torch.randint(0, high, shape, generator=self.g, dtype=torch.int64)

    def probs(self, *shape, dim=1):
        """A probability distribution along dim (softmax of random logits)."""
        return torch.softmax(self._u(shape, -2.0, 2.0).double(), dim=dim).to(self.dtype)

    def signs(self, *shape):
        """±1 labels in the case dtype."""
        return torch.randint(0, 2, shape, generator=self.g).to(self.dtype) * 2 - 1

    def const(self, values):
        return torch.tensor(values, dtype=self.dtype)


def write_cases(path, header, cases):
    """One case per line keeps the file diffable; allow_nan=False makes a NaN/Inf fail here, not in the JSON."""
    def dumps(obj):
        return json.dumps(obj, separators=(",", ":"), allow_nan=False)

    with open(path, "w") as f:
        f.write(dumps(header)[:-1] + ',"cases":[\n')
        f.write(",\n".join(dumps(c) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(path)}")


MANIFEST_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops_manifest.json")


def joined(pieces):
    """unbind/split/chunk as one tensor: piece i flattened and scaled by i + 1 (so every piece's gradient differs)."""
    return torch.cat([p.reshape(-1) * (i + 1) for i, p in enumerate(pieces)])


def pair(v):
    """A [h, w] argument as torch's tuple; anything else (an int, "same") as it is."""
    return tuple(v) if isinstance(v, list) else v


def opt(t, a, key, index):
    """The optional input t[index] when the case's bool arg a[key] says it is present, else None."""
    return t[index] if a.get(key) else None


def mask(m):
    """A 0/1 mask stored in a float dtype (Nabla has no Bool dtype) as torch's bool mask."""
    return m.bool()


def assigned(x, write):
    """x cloned (a non-leaf, as PyTorch requires for an in-place write that autograd records), written into, returned."""
    y = x.clone()
    write(y)
    return y


def load_ops(reference, path=MANIFEST_PATH):
    """op name -> (function(t, a), differentiable) for the ops whose cases are in `reference` (e.g. "ops.json"),
    from the manifest that the C# op table exports. A name is unique within its reference file only.

    Each function evaluates the op's torch expression with t (the input tensors), a (the case's args), torch, F,
    joined, pair, opt, mask and assigned in scope."""
    with open(path) as f:
        manifest = json.load(f)
    scope = {"torch": torch, "F": F, "joined": joined, "pair": pair, "opt": opt, "mask": mask, "assigned": assigned}
    ops = {}
    for entry in manifest["ops"]:
        if entry["reference"] != reference:
            continue
        code = compile(entry["torch"], f"<torch expression of {entry['name']} ({reference})>", "eval")

        def fn(t, a, code=code):
            return eval(code, dict(scope, t=t, a=a))
        ops[entry["name"]] = (fn, entry["differentiable"])
    if not ops:
        raise ValueError(f"no op of {reference} in {os.path.relpath(path)}")
    return ops
