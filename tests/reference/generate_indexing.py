#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla's indexing and operator tests.

Run from the repository root (Debian's ``python3-torch``):

    /usr/bin/python3 tests/reference/generate_indexing.py

It writes ``tests/reference/indexing.json`` in the format of ``ops.json`` (see
generate_ops.py): one case per line, inputs/output/grad_output/grads as flat
row-major data; ``tests/Nabla.Tests/Ops/IndexingReferenceTests.cs`` reads it.

The ops themselves (name, the expression with Nabla's C# indexers, the same expression in
Python) are defined once, in ``src/Nabla/Checks/OpCatalog.Indexing.cs``; this script
evaluates their torch expressions from the exported ``ops_manifest.json`` (see
generate_ops.py for how to add an op) and holds only the inputs of each case.

* Masks are stored as 0/1 in the case's float dtype (Nabla has no Bool dtype: a
  floating-point index tensor is a mask) and converted to bool by the expression (``mask``).
* Assignment cases clone input 0 first (``assigned``: a non-leaf, as PyTorch requires for
  an in-place write that autograd records) and return the assigned tensor.
* Masks, index tensors and integer inputs never require grad.
"""

import os

import torch

from reference_common import Rand, load_ops, write_cases

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "indexing.json")
CASES = []


# op name -> (torch function, differentiable): the torch expressions of the C# op table
# (src/Nabla/Checks/OpCatalog.Indexing.cs), exported to ops_manifest.json
OPS = load_ops("indexing.json")

# op name -> (builder of the inputs[, indices of inputs that never require grad]); float64 (and float32 where listed)
FLOAT_CASES = {
    # basic indexing: views
    "int_int": (lambda r: [r.uniform(3, 4)],),
    "range_cols": (lambda r: [r.uniform(3, 4)],),
    "from_end": (lambda r: [r.uniform(3, 4)],),
    "trim": (lambda r: [r.uniform(3, 4)],),
    "step": (lambda r: [r.uniform(2, 6)],),
    "negative_slice": (lambda r: [r.uniform(4, 2)],),
    "ellipsis": (lambda r: [r.uniform(2, 3, 4)],),
    "newaxis": (lambda r: [r.uniform(3, 4)],),
    "ellipsis_newaxis": (lambda r: [r.uniform(2, 3, 4)],),
    "non_contiguous": (lambda r: [r.uniform(3, 4)],),
    # advanced indexing: copies whose gradient scatters back
    "labels": (lambda r: [r.uniform(5, 3), r.index(5, high=3)],),
    "index_repeat": (lambda r: [r.uniform(4, 3), r.const([2, 0, 2, 2]).long()],),
    "index_2d": (lambda r: [r.uniform(4, 3), r.index(2, 2, high=4)],),
    "index_broadcast": (lambda r: [r.uniform(4, 5), r.index(3, high=4), r.index(2, high=5)],),
    "index_middle": (lambda r: [r.uniform(2, 4, 3), r.index(5, high=4)],),
    "index_separated": (lambda r: [r.uniform(3, 4, 5), r.index(2, high=3), r.index(2, high=5)],),
    "index_int_mix": (lambda r: [r.uniform(3, 4, 5), r.index(2, high=5)],),
    "index_adjacent_pair": (lambda r: [r.uniform(2, 3, 4, 2), r.index(2, 1, high=3), r.index(3, high=4)],),
    "index_negative": (lambda r: [r.uniform(4, 2), r.const([-1, 0, -4]).long()],),
    "index_0d": (lambda r: [r.uniform(4, 2), r.const(2).long()],),
    "index_then_slice": (lambda r: [r.uniform(4, 3), r.index(3, high=4)],),
    "index_non_contiguous": (lambda r: [r.uniform(3, 4), r.index(3, high=4)],),
    "mask_full": (lambda r: [r.uniform(3, 4), r.mask(3, 4)], (1,)),
    "mask_rows": (lambda r: [r.uniform(4, 3), r.const([1, 0, 1, 1])], (1,)),
    "mask_dim1": (lambda r: [r.uniform(2, 4, 3), r.const([0, 1, 1, 0])], (1,)),
    "mask_gt": (lambda r: [r.uniform(3, 4)],),
    "mask_with_index": (lambda r: [r.uniform(3, 4), r.const([1, 0, 1]), r.index(2, high=4)], (1,)),
    # assignment: recorded on a non-leaf, gradients reach the values
    "set_mask_scalar": (lambda r: [r.uniform(3, 4), r.mask(3, 4)], (1,)),
    "set_column": (lambda r: [r.uniform(3, 4), r.uniform(3)],),
    "set_index_values": (lambda r: [r.uniform(4, 3), r.const([3, 0]).long(), r.uniform(2, 3)],),
    "set_index_broadcast": (lambda r: [r.uniform(4, 3), r.const([1, 3]).long(), r.uniform(3)],),
    "set_step": (lambda r: [r.uniform(5, 2), r.uniform(1, 2)],),
    "set_mask_values": (lambda r: [r.uniform(2, 3), r.const([[1, 0, 1], [0, 0, 1]]), r.uniform(3)], (1,)),
    "set_pairs": (lambda r: [r.uniform(3, 4), r.const([0, 2]).long(), r.const([3, 1]).long(), r.uniform(2)],),
    "set_middle_index": (lambda r: [r.uniform(2, 4, 3), r.const([2, 0]).long(), r.uniform(2, 2, 3)],),
    "index_put": (lambda r: [r.uniform(3, 4), r.const([0, 2, 1]).long(), r.const([1, 1, 3]).long(), r.uniform(3)],),
    "index_put_accumulate": (lambda r: [r.uniform(4, 2), r.const([1, 3, 1, 1]).long(), r.uniform(4, 2)],),
    "index_put_accumulate_pairs": (lambda r: [r.uniform(3, 3), r.const([0, 2, 0]).long(), r.const([1, 1, 1]).long(), r.uniform(1)],),
    # operators
    "gt_tensor": (lambda r: [r.small_ints(3, 4), r.small_ints(4)], (0, 1)),
    "le_scalar": (lambda r: [r.small_ints(3, 4)], (0,)),
    "lt_rscalar": (lambda r: [r.small_ints(3, 4)], (0,)),
    "ge_rscalar": (lambda r: [r.small_ints(3, 4)], (0,)),
    "not_mask": (lambda r: [r.mask(3, 4)], (0,)),
    # torch 1.13 has no gradient of remainder w.r.t. the divisor (newer versions: -floor(a / b)); GradCheck covers it
    "remainder": (lambda r: [r.uniform(3, 4, lo=-5, hi=5), r.away(4, lo=0.5)], (1,)),
    "remainder_scalar": (lambda r: [r.uniform(3, 4, lo=-5, hi=5)],),
    "rremainder": (lambda r: [r.away(6, lo=0.7)], (0,)),
    "fmod": (lambda r: [r.uniform(3, 4, lo=-5, hi=5), r.away(4, lo=0.5)],),
}

INT64_CASES = {
    "remainder_int64": lambda r: [r.const([7, -7, 7, -7, 0, 5]), r.const([3, 3, -3, -3, 2, 5])],
    "fmod_int64": lambda r: [r.const([7, -7, 7, -7, 0, 5]), r.const([3, 3, -3, -3, 2, 5])],
    "bitwise_not_int64": lambda r: [r.const([0, 1, -1, 5, -8])],
    "index_int64_source": lambda r: [r.const([[1, 2, 3], [4, 5, 6]]), r.const([1, 1, 0])],
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


def make_case(op, dt, build, no_grad):
    name = f"{op}/{dt}"
    if op not in OPS:
        raise ValueError(f"op '{op}' of indexing.json is not in ops_manifest.json: define it in "
                         "src/Nabla/Checks/OpCatalog.Indexing.cs and export the manifest (see generate_ops.py)")
    fn, differentiable = OPS[op]
    r = Rand(name, dt)
    leaves = []
    for i, x in enumerate(build(r)):
        leaves.append(x.detach().clone().requires_grad_(x.is_floating_point() and i not in no_grad))
    out = fn(leaves, {})
    if out.requires_grad != differentiable:
        raise ValueError(f"{name}: the op table says differentiable={differentiable}, but torch's output "
                         f"{'requires' if out.requires_grad else 'does not require'} grad")
    c = {"name": name, "op": op, "dtype": dt, "inputs": [_tensor(x, x.requires_grad) for x in leaves], "args": {},
         "output": _tensor(out)}
    if out.requires_grad:
        grad_out = r.uniform(*out.shape, lo=-1.0, hi=1.0)
        out.backward(grad_out)
        c["grad_output"] = {"shape": list(grad_out.shape), "data": _flat(grad_out)}
        c["grads"] = [{"shape": list(x.grad.shape), "data": _flat(x.grad)} if x.requires_grad else None for x in leaves]
    return c


def main():
    for op, (build, *rest) in FLOAT_CASES.items():
        no_grad = rest[0] if rest else ()
        for dt in ("float64", "float32") if op in FLOAT32_TOO else ("float64",):
            CASES.append(make_case(op, dt, build, no_grad))
    for op, build in INT64_CASES.items():
        CASES.append(make_case(op, "int64", build, ()))
    missing = sorted(set(OPS) - {c["op"] for c in CASES})
    if missing:
        raise SystemExit(f"ops of indexing.json in ops_manifest.json with no cases here: {missing}")
    header = {"generator": "tests/reference/generate_indexing.py", "torch_version": torch.__version__}
    write_cases(OUT_PATH, header, CASES)


if __name__ == "__main__":
    main()
