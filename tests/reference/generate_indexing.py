#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla's indexing and operator tests.

Run from the repository root (Debian's ``python3-torch``):

    /usr/bin/python3 tests/reference/generate_indexing.py

It writes ``tests/reference/indexing.json`` in the format of ``ops.json`` (see
generate_ops.py): one case per line, inputs/output/grad_output/grads as flat
row-major data. ``tests/Nabla.Tests/Reference/IndexingReferenceTests.cs`` maps
each ``op`` to the same expression written with Nabla's C# indexers.

* Masks are stored as 0/1 in the case's float dtype (Nabla has no Bool dtype: a
  floating-point index tensor is a mask) and converted to bool here.
* Assignment cases clone input 0 first (a non-leaf, as PyTorch requires for an
  in-place write that autograd records) and return the assigned tensor.
* Masks, index tensors and integer inputs never require grad.
"""

import os

import torch

from reference_common import Rand, write_cases

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "indexing.json")
CASES = []


def b(m):
    return m.bool()


def assign(fn):
    """y = x.clone(); fn(y, *rest); y"""
    def f(t):
        y = t[0].clone()
        fn(y, *t[1:])
        return y
    return f


# op name -> (torch expression on the inputs, builder of the inputs, indices of inputs that never require grad)
OPS = {
    # basic indexing: views
    "int_int": (lambda t: t[0][1, 2], lambda r: [r.uniform(3, 4)]),
    "range_cols": (lambda t: t[0][:, 1:3], lambda r: [r.uniform(3, 4)]),
    "from_end": (lambda t: t[0][-1], lambda r: [r.uniform(3, 4)]),
    "trim": (lambda t: t[0][1:, :-1], lambda r: [r.uniform(3, 4)]),
    "step": (lambda t: t[0][:, 0:5:2], lambda r: [r.uniform(2, 6)]),
    "negative_slice": (lambda t: t[0][-3:-1], lambda r: [r.uniform(4, 2)]),
    "ellipsis": (lambda t: t[0][..., 0], lambda r: [r.uniform(2, 3, 4)]),
    "newaxis": (lambda t: t[0][None, :, 1], lambda r: [r.uniform(3, 4)]),
    "ellipsis_newaxis": (lambda t: t[0][0, ..., None], lambda r: [r.uniform(2, 3, 4)]),
    "non_contiguous": (lambda t: t[0].t()[1:, 2], lambda r: [r.uniform(3, 4)]),
    # advanced indexing: copies whose gradient scatters back
    "labels": (lambda t: t[0][torch.arange(5), t[1]], lambda r: [r.uniform(5, 3), r.index(5, high=3)]),
    "index_repeat": (lambda t: t[0][t[1]], lambda r: [r.uniform(4, 3), r.const([2, 0, 2, 2]).long()]),
    "index_2d": (lambda t: t[0][t[1]], lambda r: [r.uniform(4, 3), r.index(2, 2, high=4)]),
    "index_broadcast": (lambda t: t[0][t[1][:, None], t[2]], lambda r: [r.uniform(4, 5), r.index(3, high=4), r.index(2, high=5)]),
    "index_middle": (lambda t: t[0][:, t[1]], lambda r: [r.uniform(2, 4, 3), r.index(5, high=4)]),
    "index_separated": (lambda t: t[0][t[1], :, t[2]], lambda r: [r.uniform(3, 4, 5), r.index(2, high=3), r.index(2, high=5)]),
    "index_int_mix": (lambda t: t[0][0, :, t[1]], lambda r: [r.uniform(3, 4, 5), r.index(2, high=5)]),
    "index_adjacent_pair": (lambda t: t[0][:, t[1], t[2]], lambda r: [r.uniform(2, 3, 4, 2), r.index(2, 1, high=3), r.index(3, high=4)]),
    "index_negative": (lambda t: t[0][t[1]], lambda r: [r.uniform(4, 2), r.const([-1, 0, -4]).long()]),
    "index_0d": (lambda t: t[0][t[1]], lambda r: [r.uniform(4, 2), r.const(2).long()]),
    "index_then_slice": (lambda t: t[0][t[1], 1:], lambda r: [r.uniform(4, 3), r.index(3, high=4)]),
    "index_non_contiguous": (lambda t: t[0].t()[t[1]], lambda r: [r.uniform(3, 4), r.index(3, high=4)]),
    "mask_full": (lambda t: t[0][b(t[1])], lambda r: [r.uniform(3, 4), r.mask(3, 4)], (1,)),
    "mask_rows": (lambda t: t[0][b(t[1])], lambda r: [r.uniform(4, 3), r.const([1, 0, 1, 1])], (1,)),
    "mask_dim1": (lambda t: t[0][:, b(t[1])], lambda r: [r.uniform(2, 4, 3), r.const([0, 1, 1, 0])], (1,)),
    "mask_gt": (lambda t: t[0][t[0] > 0], lambda r: [r.uniform(3, 4)]),
    "mask_with_index": (lambda t: t[0][b(t[1]), t[2]], lambda r: [r.uniform(3, 4), r.const([1, 0, 1]), r.index(2, high=4)], (1,)),
    # assignment: recorded on a non-leaf, gradients reach the values
    "set_mask_scalar": (assign(lambda y, m: y.__setitem__(b(m), 0.5)), lambda r: [r.uniform(3, 4), r.mask(3, 4)], (1,)),
    "set_column": (assign(lambda y, v: y.__setitem__((slice(None), 0), v)), lambda r: [r.uniform(3, 4), r.uniform(3)]),
    "set_index_values": (assign(lambda y, i, v: y.__setitem__(i, v)), lambda r: [r.uniform(4, 3), r.const([3, 0]).long(), r.uniform(2, 3)]),
    "set_index_broadcast": (assign(lambda y, i, v: y.__setitem__(i, v)), lambda r: [r.uniform(4, 3), r.const([1, 3]).long(), r.uniform(3)]),
    "set_step": (assign(lambda y, v: y.__setitem__(slice(None, None, 2), v)), lambda r: [r.uniform(5, 2), r.uniform(1, 2)]),
    "set_mask_values": (assign(lambda y, m, v: y.__setitem__(b(m), v)), lambda r: [r.uniform(2, 3), r.const([[1, 0, 1], [0, 0, 1]]), r.uniform(3)], (1,)),
    "set_pairs": (assign(lambda y, i, j, v: y.__setitem__((i, j), v)), lambda r: [r.uniform(3, 4), r.const([0, 2]).long(), r.const([3, 1]).long(), r.uniform(2)]),
    "set_middle_index": (assign(lambda y, i, v: y.__setitem__((slice(None), i), v)), lambda r: [r.uniform(2, 4, 3), r.const([2, 0]).long(), r.uniform(2, 2, 3)]),
    "index_put": (lambda t: t[0].index_put((t[1], t[2]), t[3]), lambda r: [r.uniform(3, 4), r.const([0, 2, 1]).long(), r.const([1, 1, 3]).long(), r.uniform(3)]),
    "index_put_accumulate": (lambda t: t[0].index_put((t[1],), t[2], accumulate=True), lambda r: [r.uniform(4, 2), r.const([1, 3, 1, 1]).long(), r.uniform(4, 2)]),
    "index_put_accumulate_pairs": (lambda t: t[0].index_put((t[1], t[2]), t[3], accumulate=True), lambda r: [r.uniform(3, 3), r.const([0, 2, 0]).long(), r.const([1, 1, 1]).long(), r.uniform(1)]),
    # operators
    "gt_tensor": (lambda t: (t[0] > t[1]).to(t[0].dtype), lambda r: [r.small_ints(3, 4), r.small_ints(4)], (0, 1)),
    "le_scalar": (lambda t: (t[0] <= 0.0).to(t[0].dtype), lambda r: [r.small_ints(3, 4)], (0,)),
    "lt_rscalar": (lambda t: (1.0 < t[0]).to(t[0].dtype), lambda r: [r.small_ints(3, 4)], (0,)),
    "ge_rscalar": (lambda t: (1.0 >= t[0]).to(t[0].dtype), lambda r: [r.small_ints(3, 4)], (0,)),
    "not_mask": (lambda t: (~b(t[0])).to(t[0].dtype), lambda r: [r.mask(3, 4)], (0,)),
    # torch 1.13 has no gradient of remainder w.r.t. the divisor (newer versions: -floor(a / b)); GradCheck covers it
    "remainder": (lambda t: t[0] % t[1], lambda r: [r.uniform(3, 4, lo=-5, hi=5), r.away(4, lo=0.5)], (1,)),
    "remainder_scalar": (lambda t: t[0] % -1.5, lambda r: [r.uniform(3, 4, lo=-5, hi=5)]),
    "rremainder": (lambda t: 5.0 % t[0], lambda r: [r.away(6, lo=0.7)], (0,)),
    "fmod": (lambda t: torch.fmod(t[0], t[1]), lambda r: [r.uniform(3, 4, lo=-5, hi=5), r.away(4, lo=0.5)]),
}

INT_OPS = {
    "remainder_int64": (lambda t: t[0] % t[1], lambda r: [r.const([7, -7, 7, -7, 0, 5]), r.const([3, 3, -3, -3, 2, 5])]),
    "fmod_int64": (lambda t: torch.fmod(t[0], t[1]), lambda r: [r.const([7, -7, 7, -7, 0, 5]), r.const([3, 3, -3, -3, 2, 5])]),
    "bitwise_not_int64": (lambda t: ~t[0], lambda r: [r.const([0, 1, -1, 5, -8])]),
    "index_int64_source": (lambda t: t[0][t[1], 1:], lambda r: [r.const([[1, 2, 3], [4, 5, 6]]), r.const([1, 1, 0])]),
}

FLOAT32_TOO = {"labels", "mask_gt", "set_mask_values", "index_put_accumulate", "remainder", "range_cols"}


def _flat(t):
    vals = t.detach().reshape(-1).tolist()
    return [int(v) for v in vals] if t.dtype == torch.int64 else [float(v) for v in vals]


def _dtype_name(t):
    return {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]


def _tensor(t, grad=None):
    d = {"shape": list(t.shape), "dtype": _dtype_name(t), "data": _flat(t)}
    if grad is not None:
        d["requires_grad"] = grad
    return d


def make_case(op, dt, fn, build, no_grad):
    name = f"{op}/{dt}"
    r = Rand(name, dt)
    leaves = []
    for i, x in enumerate(build(r)):
        leaves.append(x.detach().clone().requires_grad_(x.is_floating_point() and i not in no_grad))
    out = fn(leaves)
    c = {"name": name, "op": op, "dtype": dt, "inputs": [_tensor(x, x.requires_grad) for x in leaves], "args": {},
         "output": _tensor(out)}
    if out.requires_grad:
        grad_out = r.uniform(*out.shape, lo=-1.0, hi=1.0)
        out.backward(grad_out)
        c["grad_output"] = {"shape": list(grad_out.shape), "data": _flat(grad_out)}
        c["grads"] = [{"shape": list(x.grad.shape), "data": _flat(x.grad)} if x.requires_grad else None for x in leaves]
    return c


def main():
    for op, (fn, build, *rest) in OPS.items():
        no_grad = rest[0] if rest else ()
        for dt in ("float64", "float32") if op in FLOAT32_TOO else ("float64",):
            CASES.append(make_case(op, dt, fn, build, no_grad))
    for op, (fn, build) in INT_OPS.items():
        CASES.append(make_case(op, "int64", fn, build, ()))
    header = {"generator": "tests/reference/generate_indexing.py", "torch_version": torch.__version__}
    write_cases(OUT_PATH, header, CASES)


if __name__ == "__main__":
    main()
