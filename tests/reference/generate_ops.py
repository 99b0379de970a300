#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla's op tests.

Run from the repository root (needs PyTorch; Debian's ``python3-torch`` 1.13.1 is
what the committed file was produced with):

    /usr/bin/python3 tests/reference/generate_ops.py

It writes ``tests/reference/ops.json``; the C# tests in
``tests/Nabla.Tests/Reference/`` read it. The output is deterministic: every case
draws its random inputs from its own ``torch.Generator`` seeded with the CRC-32 of
the case name, so adding, removing or reordering cases never changes the others.

Where the ops come from
-----------------------
This file has no op map of its own. Each op is defined once, in the C# op table
(``src/Nabla/Checks/OpCatalog.*.cs``): its name, Nabla call, whether it is
differentiable, and its torch expression, a Python expression over ``t`` (the list
of input tensors, a transposed one already transposed), ``a`` (the case's args),
``torch``, ``F`` (torch.nn.functional) and the helpers ``joined`` and ``pair`` (see
``reference_common.load_ops``). The C# test
``OpManifestTests`` exports the table to ``tests/reference/ops_manifest.json``,
which this script reads and evaluates. To add an op:

1. add one ``OpDefinition`` to its family's list in ``src/Nabla/Checks/``;
2. ``NABLA_UPDATE_OP_MANIFEST=1 dotnet test tests/Nabla.Tests --filter OpManifestTests``
   (without the variable the test fails while the committed manifest is stale);
3. add its cases (shapes, args, dtypes) to a function below and run this script.

File format
-----------
``{"generator": ..., "torch_version": ..., "cases": [case, ...]}`` where a case is::

    {"name": "add/broadcast/float64",   # "<op>/<variant>/<dtype>", unique
     "op": "add",                      # an op name of ops_manifest.json
     "dtype": "float64",               # float64 | float32 (int64 for one_hot)
     "inputs": [{"shape": [2, 3], "dtype": "float64", "data": [...],
                 "requires_grad": true}, ...],
     "args": {...},                    # op-specific: the torch expression's ``a``
     "transpose_input": 0,             # optional: see below
     "output": {"shape": [2, 3], "dtype": "float64", "data": [...]},
     "grad_output": {"shape": [2, 3], "data": [...]},   # absent if not differentiable
     "grads": [{"shape": [2, 3], "data": [...]}, null]} # absent if not differentiable

* ``data`` is always flat, row-major; a 0-d tensor has ``"shape": []`` and one value.
* float32 inputs are generated as float32 and written as the exact double value of
  each float32, so converting back to float32 is lossless. float32 outputs and
  gradients are what PyTorch computed in float32.
* Doubles are written with Python's ``repr`` (shortest round-trip form, at most 17
  significant digits). NaN and +-Inf never appear (the generator checks and fails).
* ``grads[i]`` is null for inputs with ``requires_grad`` false (int64 indices, the
  0/1 condition of ``where``). Gradients were computed as ``out.backward(grad_output)``
  with ``grad_output`` a fixed random tensor, not ones.
* Integer outputs (argmax/argmin/one_hot: ``"dtype": "int64"``) and masks (sign,
  comparisons) have neither ``grad_output`` nor ``grads``, and all inputs have
  ``requires_grad`` false.
* Comparison outputs are written as 0/1 in the input's float dtype (that is what
  Nabla returns), not as bool.
* ``"transpose_input": i`` means input i is stored with the transposed shape and the
  op must be called with ``stored.Transpose(0, 1)`` (a non-contiguous view). The
  gradient ``grads[i]`` is the gradient of the stored leaf tensor (stored shape).
* Every case exists in float64 and float32, except one_hot (int64 only) and the
  large GEMM ``matmul/medium_parallel`` (float64 only, to keep the file small).
* Reductions: ``"dims": null`` means reduce over everything (``x.Sum()`` etc.); in
  that case ``keep_dim`` is always false. Negative dims count from the end.
"""

import json
import math
import os
import zlib

import torch

from reference_common import MANIFEST_PATH, Rand, load_ops, write_cases
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "ops.json")

DTYPES = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64}
FLOAT_DTYPES = ("float64", "float32")


# ---------------------------------------------------------------------------
# The ops: read from ops_manifest.json, which the C# op table exports
# ---------------------------------------------------------------------------

OPS = load_ops("ops.json")


# ---------------------------------------------------------------------------
# Random inputs
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Case construction
# ---------------------------------------------------------------------------

CASES = []


def _flat(t):
    vals = t.detach().reshape(-1).tolist()
    if t.dtype == torch.int64:
        return [int(v) for v in vals]
    for v in vals:
        if not math.isfinite(v):
            raise ValueError("non-finite value")
    return [float(v) for v in vals]


def _dtype_name(t):
    return {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]


def case(op, variant, build, args=None, transpose_input=None, no_grad=(), dtypes=FLOAT_DTYPES):
    """Add one case per dtype.

    build(r) returns the list of stored input tensors (r is a Rand for the dtype).
    Float inputs require grad unless their index is in no_grad or the op is not
    differentiable; int64 inputs never do.
    """
    args = dict(args or {})
    for dt in dtypes:
        name = f"{op}/{variant}/{dt}"
        try:
            CASES.append(_make_case(name, op, dt, build, args, transpose_input, no_grad))
        except ValueError as e:
            raise ValueError(f"{name}: {e}") from None


def _make_case(name, op, dt, build, args, transpose_input, no_grad):
    r = Rand(name, dt)
    stored = build(r)
    if op not in OPS:
        raise ValueError(f"op '{op}' is not in {os.path.relpath(MANIFEST_PATH)}: define it in src/Nabla/Checks/OpCatalog.*.cs "
                         "and export the manifest (see the top of this file)")
    call_op, differentiable = OPS[op]
    leaves = []
    for i, x in enumerate(stored):
        rg = differentiable and x.is_floating_point() and i not in no_grad
        leaves.append(x.detach().clone().requires_grad_(rg))
    call = list(leaves)
    if transpose_input is not None:
        call[transpose_input] = leaves[transpose_input].transpose(0, 1)
        assert not call[transpose_input].is_contiguous(), "transposed input must be a non-contiguous view"

    out = call_op(call, args)
    c = {
        "name": name,
        "op": op,
        "dtype": dt,
        "inputs": [
            {"shape": list(x.shape), "dtype": _dtype_name(x), "data": _flat(x),
             "requires_grad": x.requires_grad}
            for x in leaves
        ],
        "args": args,
    }
    if transpose_input is not None:
        c["transpose_input"] = transpose_input
    c["output"] = {"shape": list(out.shape), "dtype": _dtype_name(out), "data": _flat(out)}

    if differentiable:
        grad_out = r.uniform(*out.shape, lo=-1.0, hi=1.0)
        out.backward(grad_out)
        c["grad_output"] = {"shape": list(grad_out.shape), "data": _flat(grad_out)}
        c["grads"] = [
            {"shape": list(x.grad.shape), "data": _flat(x.grad)} if x.requires_grad else None
            for x in leaves
        ]
    return c


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

def elementwise_binary():
    for op in ("add", "sub", "mul", "div"):
        # divisors are kept away from zero; other ops use plain uniform inputs
        rhs = (lambda r, *s: r.away(*s, lo=0.5)) if op == "div" else (lambda r, *s: r.uniform(*s))
        case(op, "same_shape", lambda r: [r.uniform(2, 3), rhs(r, 2, 3)])
        case(op, "broadcast", lambda r: [r.uniform(2, 3), rhs(r, 3)])
        case(op, "broadcast_both", lambda r: [r.uniform(3, 1), rhs(r, 1, 4)])
        case(op, "broadcast_3d", lambda r: [r.uniform(2, 1, 4), rhs(r, 3, 1)])
        case(op, "scalar_0d", lambda r: [r.uniform(2, 3), rhs(r)])
        case(op, "both_0d", lambda r: [r.uniform(), rhs(r)])
        case(op, "transposed", lambda r: [r.uniform(3, 2), rhs(r, 2, 3)], transpose_input=0)
        case(op, "transposed_broadcast", lambda r: [r.uniform(4, 3), rhs(r, 4)], transpose_input=0)

    for op in ("add_scalar", "sub_scalar", "mul_scalar", "div_scalar"):
        case(op, "2d", lambda r: [r.uniform(2, 3)], {"scalar": 2.5})
        case(op, "0d", lambda r: [r.uniform()], {"scalar": -0.75})
        case(op, "transposed", lambda r: [r.uniform(3, 2)], {"scalar": 2.5}, transpose_input=0)
    for op in ("rsub_scalar", "rdiv_scalar"):
        case(op, "2d", lambda r: [r.away(2, 3, lo=0.3)], {"scalar": 2.5})
        case(op, "0d", lambda r: [r.away(lo=0.3)], {"scalar": -0.75})
        case(op, "transposed", lambda r: [r.away(3, 2, lo=0.3)], {"scalar": 2.5}, transpose_input=0)


def elementwise_unary():
    case("neg", "2d", lambda r: [r.uniform(2, 3)])
    case("neg", "0d", lambda r: [r.uniform()])
    case("neg", "transposed", lambda r: [r.uniform(3, 2)], transpose_input=0)

    for e in (2, 3, 0.5, -1.5):
        case("pow", f"exp_{e}", lambda r: [r.positive(2, 3, lo=0.3)], {"exponent": float(e)})
    case("pow", "0d", lambda r: [r.positive(lo=0.3)], {"exponent": 3.0})
    case("pow", "transposed", lambda r: [r.positive(3, 2, lo=0.3)], {"exponent": 0.5}, transpose_input=0)
    case("pow", "exp_2_negative_base", lambda r: [r.uniform(2, 3)], {"exponent": 2.0})

    case("pow_tensor", "same_shape", lambda r: [r.positive(2, 3, lo=0.3), r.uniform(2, 3)])
    case("pow_tensor", "broadcast", lambda r: [r.positive(2, 3, lo=0.3), r.uniform(3)])
    case("pow_tensor", "transposed", lambda r: [r.positive(3, 2, lo=0.3), r.uniform(2, 3)], transpose_input=0)

    unary = {
        "exp": lambda r, *s: r.uniform(*s),
        "log": lambda r, *s: r.positive(*s, lo=0.1, hi=3.0),
        "sqrt": lambda r, *s: r.positive(*s, lo=0.1, hi=3.0),
        "abs": lambda r, *s: r.away(*s),
        "sign": lambda r, *s: r.away(*s),
        "tanh": lambda r, *s: r.uniform(*s, lo=-3.0, hi=3.0),
        "sigmoid": lambda r, *s: r.uniform(*s, lo=-4.0, hi=4.0),
        "relu": lambda r, *s: r.away(*s),
    }
    for op, gen in unary.items():
        case(op, "2d", lambda r, gen=gen: [gen(r, 3, 4)])
        case(op, "0d", lambda r, gen=gen: [gen(r)])
        case(op, "size1", lambda r, gen=gen: [gen(r, 3, 1)])
        case(op, "transposed", lambda r, gen=gen: [gen(r, 4, 3)], transpose_input=0)
    # sign of exact zeros is 0
    case("sign", "zeros", lambda r: [r.const([[-1.5, 0.0, 2.0], [0.0, 3.0, -0.25]])])

    def clamp_input(r, *shape, lo_b, hi_b):
        x = r.uniform(*shape, lo=-2.0, hi=2.0)
        for b in (lo_b, hi_b):  # move values that sit within 0.1 of a bound
            if b is not None:
                x = torch.where((x - b).abs() < 0.1, x + 0.25, x)
        return x
    for lo_b, hi_b, v in ((-0.5, 0.7, "both"), (-0.5, None, "min_only"), (None, 0.7, "max_only")):
        case("clamp", v, lambda r, lo_b=lo_b, hi_b=hi_b: [clamp_input(r, 3, 4, lo_b=lo_b, hi_b=hi_b)],
             {"min": lo_b, "max": hi_b})
    case("clamp", "transposed", lambda r: [clamp_input(r, 4, 3, lo_b=-0.5, hi_b=0.7)],
         {"min": -0.5, "max": 0.7}, transpose_input=0)

    for op in ("maximum", "minimum"):
        case(op, "same_shape", lambda r: [r.uniform(3, 4), r.uniform(3, 4)])
        case(op, "broadcast", lambda r: [r.uniform(3, 4), r.uniform(4)])
        case(op, "broadcast_both", lambda r: [r.uniform(3, 1), r.uniform(1, 4)])
        case(op, "transposed", lambda r: [r.uniform(4, 3), r.uniform(3, 4)], transpose_input=0)

    case("where", "same_shape", lambda r: [r.mask(3, 4), r.uniform(3, 4), r.uniform(3, 4)], no_grad=(0,))
    case("where", "broadcast", lambda r: [r.mask(3, 4), r.uniform(4), r.uniform(3, 1)], no_grad=(0,))
    case("where", "scalar_0d", lambda r: [r.mask(2, 3), r.uniform(2, 3), r.uniform()], no_grad=(0,))
    case("where", "transposed", lambda r: [r.mask(3, 4), r.uniform(4, 3), r.uniform(3, 4)],
         no_grad=(0,), transpose_input=1)


def comparisons():
    for op in ("eq", "ne", "gt", "ge", "lt", "le"):
        case(op, "same_shape", lambda r: [r.small_ints(3, 4), r.small_ints(3, 4)])
        case(op, "broadcast", lambda r: [r.small_ints(3, 4), r.small_ints(4)])
        case(op, "scalar_0d", lambda r: [r.small_ints(2, 3), r.small_ints()])
        case(op, "transposed", lambda r: [r.small_ints(4, 3), r.small_ints(3, 4)], transpose_input=0)


def reductions():
    for op in ("sum", "mean", "max", "min"):
        case(op, "all", lambda r: [r.uniform(3, 4)], {"dims": None, "keep_dim": False})
        case(op, "dim0", lambda r: [r.uniform(3, 4)], {"dims": [0], "keep_dim": False})
        case(op, "dim1_keep", lambda r: [r.uniform(3, 4)], {"dims": [1], "keep_dim": True})
        case(op, "dims02_3d", lambda r: [r.uniform(2, 3, 4)], {"dims": [0, 2], "keep_dim": False})
        case(op, "dims12_3d_keep", lambda r: [r.uniform(2, 3, 4)], {"dims": [1, 2], "keep_dim": True})
        case(op, "neg_dim", lambda r: [r.uniform(2, 3, 4)], {"dims": [-1], "keep_dim": False})
        case(op, "size1_dim", lambda r: [r.uniform(3, 1)], {"dims": [1], "keep_dim": False})
        case(op, "0d", lambda r: [r.uniform()], {"dims": None, "keep_dim": False})
        case(op, "transposed", lambda r: [r.uniform(4, 3)], {"dims": [1], "keep_dim": False}, transpose_input=0)

    for op in ("var", "std"):
        for corr in (1, 0):
            case(op, f"all_c{corr}", lambda r: [r.uniform(3, 4)], {"dims": None, "keep_dim": False, "correction": corr})
            case(op, f"dim1_c{corr}", lambda r: [r.uniform(3, 4)], {"dims": [1], "keep_dim": False, "correction": corr})
            case(op, f"dim0_keep_c{corr}", lambda r: [r.uniform(3, 4)], {"dims": [0], "keep_dim": True, "correction": corr})
            case(op, f"dims01_3d_c{corr}", lambda r: [r.uniform(2, 3, 4)], {"dims": [0, 1], "keep_dim": False, "correction": corr})
        case(op, "transposed", lambda r: [r.uniform(5, 3)], {"dims": [1], "keep_dim": False, "correction": 1}, transpose_input=0)

    case("norm", "p2_all", lambda r: [r.away(3, 4)], {"p": 2, "dims": None, "keep_dim": False})
    case("norm", "p2_dim1", lambda r: [r.away(3, 4)], {"p": 2, "dims": [1], "keep_dim": False})
    case("norm", "p2_dims01_3d_keep", lambda r: [r.away(2, 3, 4)], {"p": 2, "dims": [0, 1], "keep_dim": True})
    case("norm", "p1_all", lambda r: [r.away(3, 4)], {"p": 1, "dims": None, "keep_dim": False})
    case("norm", "p1_dim0_keep", lambda r: [r.away(3, 4)], {"p": 1, "dims": [0], "keep_dim": True})
    case("norm", "pinf_all", lambda r: [r.away(3, 4)], {"p": "inf", "dims": None, "keep_dim": False})
    case("norm", "pinf_dim1", lambda r: [r.away(3, 4)], {"p": "inf", "dims": [1], "keep_dim": False})
    # zeros: PyTorch's subgradient is 0 at a zero entry and for an all-zero slice, for every p
    zeros = lambda r: [r.const([[0.0, 2.0, -1.0, 0.0], [0.0, 0.0, 0.0, 0.0], [3.0, -3.0, 1.0, 0.5]])]
    for p in (1, 2, 3, 0.5, 1.5, "inf"):
        case("norm", f"p{p}_zeros_dim1", zeros, {"p": p, "dims": [1], "keep_dim": False})
    case("norm", "p3_all", lambda r: [r.away(3, 4)], {"p": 3, "dims": None, "keep_dim": False})
    case("norm", "p0.5_dim0", lambda r: [r.away(3, 4)], {"p": 0.5, "dims": [0], "keep_dim": True})
    case("norm", "transposed", lambda r: [r.away(4, 3)], {"p": 2, "dims": [1], "keep_dim": False}, transpose_input=0)

    for op in ("argmax", "argmin"):
        case(op, "all", lambda r: [r.uniform(3, 4)], {"dim": None, "keep_dim": False})
        case(op, "dim0", lambda r: [r.uniform(3, 4)], {"dim": 0, "keep_dim": False})
        case(op, "dim1_keep", lambda r: [r.uniform(3, 4)], {"dim": 1, "keep_dim": True})
        case(op, "dim1_3d", lambda r: [r.uniform(2, 3, 4)], {"dim": 1, "keep_dim": False})
        case(op, "neg_dim", lambda r: [r.uniform(2, 3, 4)], {"dim": -1, "keep_dim": False})
        case(op, "transposed", lambda r: [r.uniform(4, 3)], {"dim": 1, "keep_dim": False}, transpose_input=0)

    case("logsumexp", "dim1", lambda r: [r.uniform(3, 4)], {"dims": [1], "keep_dim": False})
    case("logsumexp", "dim0_keep", lambda r: [r.uniform(3, 4)], {"dims": [0], "keep_dim": True})
    case("logsumexp", "dims01_3d", lambda r: [r.uniform(2, 3, 4)], {"dims": [0, 1], "keep_dim": False})
    case("logsumexp", "size1_dim", lambda r: [r.uniform(3, 1)], {"dims": [1], "keep_dim": False})
    case("logsumexp", "transposed", lambda r: [r.uniform(4, 3)], {"dims": [1], "keep_dim": False}, transpose_input=0)

    for op in ("softmax", "log_softmax"):
        case(op, "dim1", lambda r: [r.uniform(3, 4)], {"dim": 1})
        case(op, "dim0", lambda r: [r.uniform(3, 4)], {"dim": 0})
        case(op, "dim1_3d", lambda r: [r.uniform(2, 3, 4)], {"dim": 1})
        case(op, "neg_dim", lambda r: [r.uniform(2, 3, 4)], {"dim": -1})
        case(op, "size1_dim", lambda r: [r.uniform(3, 1)], {"dim": 1})
        case(op, "1d", lambda r: [r.uniform(5)], {"dim": 0})
        case(op, "transposed", lambda r: [r.uniform(4, 3)], {"dim": 1}, transpose_input=0)


def stability():
    """Inputs containing +-1000: all expected values are finite."""
    def big(r):
        return r.const([[1000.0, 999.0, -1000.0, 0.5],
                        [-1000.0, -1000.0, -999.0, -998.5],
                        [0.0, 1000.0, -1000.0, 1.0]])
    for op in ("softmax", "log_softmax"):
        case(op, "stable_pm1000", lambda r: [big(r)], {"dim": 1})
        case(op, "stable_pm1000_dim0", lambda r: [big(r)], {"dim": 0})
    case("logsumexp", "stable_pm1000", lambda r: [big(r)], {"dims": [1], "keep_dim": False})
    case("logsumexp", "stable_pm1000_all", lambda r: [big(r)], {"dims": [0, 1], "keep_dim": False})
    case("sigmoid", "stable_pm1000", lambda r: [big(r)])
    case("tanh", "stable_pm1000", lambda r: [big(r)])
    case("composite_lse_stable", "pm1000", lambda r: [r.uniform(3, 5, lo=-1.0, hi=1.0)], {"scale": 1000.0})
    case("composite_cross_entropy", "pm1000", lambda r: [big(r), r.index(3, 1, high=4)])


def linear_algebra():
    case("matmul", "vec_vec", lambda r: [r.uniform(4), r.uniform(4)])
    case("matmul", "mat_vec", lambda r: [r.uniform(3, 4), r.uniform(4)])
    case("matmul", "vec_mat", lambda r: [r.uniform(4), r.uniform(4, 2)])
    case("matmul", "mat_mat", lambda r: [r.uniform(3, 4), r.uniform(4, 2)])
    case("matmul", "size1", lambda r: [r.uniform(1, 4), r.uniform(4, 1)])
    case("matmul", "batched_3d", lambda r: [r.uniform(2, 3, 4), r.uniform(2, 4, 5)])
    case("matmul", "batched_mat", lambda r: [r.uniform(2, 3, 4), r.uniform(4, 5)])
    case("matmul", "mat_batched", lambda r: [r.uniform(3, 4), r.uniform(2, 4, 5)])
    case("matmul", "batched_vec", lambda r: [r.uniform(2, 3, 4), r.uniform(4)])
    case("matmul", "broadcast_batch", lambda r: [r.uniform(2, 1, 3, 4), r.uniform(5, 4, 2)])
    case("matmul", "transposed_lhs", lambda r: [r.uniform(4, 3), r.uniform(4, 2)], transpose_input=0)
    case("matmul", "transposed_rhs", lambda r: [r.uniform(3, 4), r.uniform(2, 4)], transpose_input=1)
    case("matmul", "larger", lambda r: [r.uniform(17, 33), r.uniform(33, 9)])


def joining_and_indexing():
    case("cat", "dim0", lambda r: [r.uniform(2, 3), r.uniform(1, 3), r.uniform(3, 3)], {"dim": 0})
    case("cat", "dim1", lambda r: [r.uniform(2, 3), r.uniform(2, 1)], {"dim": 1})
    case("cat", "neg_dim_3d", lambda r: [r.uniform(2, 3, 2), r.uniform(2, 3, 4)], {"dim": -1})
    case("cat", "single", lambda r: [r.uniform(2, 3)], {"dim": 0})
    case("cat", "transposed", lambda r: [r.uniform(3, 2), r.uniform(2, 4)], {"dim": 1}, transpose_input=0)
    case("stack", "dim0", lambda r: [r.uniform(2, 3), r.uniform(2, 3), r.uniform(2, 3)], {"dim": 0})
    case("stack", "dim1", lambda r: [r.uniform(2, 3), r.uniform(2, 3)], {"dim": 1})
    case("stack", "dim_last", lambda r: [r.uniform(2, 3), r.uniform(2, 3)], {"dim": 2})
    case("stack", "0d", lambda r: [r.uniform(), r.uniform(), r.uniform()], {"dim": 0})
    case("stack", "transposed", lambda r: [r.uniform(3, 2), r.uniform(2, 3)], {"dim": 0}, transpose_input=0)

    case("gather", "dim1", lambda r: [r.uniform(3, 4), r.index(3, 2, high=4)], {"dim": 1})
    case("gather", "dim0", lambda r: [r.uniform(3, 4), r.index(5, 4, high=3)], {"dim": 0})
    case("gather", "dim1_duplicates", lambda r: [r.uniform(2, 3), torch.tensor([[0, 0, 2, 0], [1, 1, 1, 2]])], {"dim": 1})
    case("gather", "3d", lambda r: [r.uniform(2, 3, 4), r.index(2, 3, 2, high=4)], {"dim": 2})
    case("gather", "transposed", lambda r: [r.uniform(4, 3), r.index(3, 2, high=4)], {"dim": 1}, transpose_input=0)

    case("index_select", "dim0", lambda r: [r.uniform(4, 3), torch.tensor([2, 0, 2, 3])], {"dim": 0})
    case("index_select", "dim1", lambda r: [r.uniform(3, 4), torch.tensor([3, 1])], {"dim": 1})
    case("index_select", "3d_dim1", lambda r: [r.uniform(2, 3, 4), torch.tensor([1, 1, 0, 2, 1])], {"dim": 1})
    case("index_select", "transposed", lambda r: [r.uniform(4, 3), torch.tensor([0, 3, 3])], {"dim": 1}, transpose_input=0)

    # src larger than index: only its leading block is read. PyTorch implements the backward only for
    # src.shape == index.shape, so src does not require grad there (Nabla's gradient, 0 outside the block, is gradchecked).
    case("scatter_add", "dim1", lambda r: [r.uniform(2, 3), torch.tensor([[0], [0]]), r.uniform(2, 3)], {"dim": 1}, no_grad=(2,))
    case("scatter_add", "dim0_duplicates", lambda r: [r.uniform(3, 4), torch.tensor([[2, 0, 2, 1], [2, 2, 0, 1]]), r.uniform(2, 4)], {"dim": 0})
    case("scatter_add", "small_index", lambda r: [r.uniform(3, 4), torch.tensor([[3, 1], [0, 0]]), r.uniform(3, 5)], {"dim": 1}, no_grad=(2,))
    case("scatter_add", "3d", lambda r: [r.uniform(2, 3, 4), r.index(2, 2, 4, high=3), r.uniform(2, 2, 4)], {"dim": 1})
    case("scatter_add", "0d", lambda r: [r.uniform(), torch.tensor(0), r.uniform()], {"dim": 0})
    case("scatter_add", "transposed", lambda r: [r.uniform(4, 3), torch.tensor([[1, 1], [0, 3], [2, 0]]), r.uniform(3, 2)], {"dim": 1}, transpose_input=0)
    case("index_add", "dim0", lambda r: [r.uniform(4, 3), torch.tensor([2, 0, 2]), r.uniform(3, 3)], {"dim": 0, "alpha": 1.0})
    case("index_add", "dim1_alpha", lambda r: [r.uniform(3, 4), torch.tensor([3, 1, 3, 3, 0]), r.uniform(3, 5)], {"dim": 1, "alpha": -2.5})
    case("index_add", "3d_dim2", lambda r: [r.uniform(2, 3, 4), torch.tensor([1, 0]), r.uniform(2, 3, 2)], {"dim": -1, "alpha": 0.5})
    case("index_add", "0d", lambda r: [r.uniform(), torch.tensor([0]), r.uniform(1)], {"dim": 0, "alpha": 2.0})
    case("index_add", "transposed", lambda r: [r.uniform(3, 4), torch.tensor([0, 0]), r.uniform(4, 2)], {"dim": 1, "alpha": 1.0}, transpose_input=0)

    case("one_hot", "1d", lambda r: [torch.tensor([0, 3, 1, 1, 2])], {"num_classes": 4}, dtypes=("int64",))
    case("one_hot", "2d", lambda r: [torch.tensor([[2, 0, 1], [1, 2, 2]])], {"num_classes": 3}, dtypes=("int64",))
    case("one_hot", "0d", lambda r: [torch.tensor(2)], {"num_classes": 5}, dtypes=("int64",))


def views():
    case("reshape", "2d_to_3d", lambda r: [r.uniform(4, 6)], {"shape": [2, 3, 4]})
    case("reshape", "infer_dim", lambda r: [r.uniform(4, 6)], {"shape": [3, -1]})
    case("reshape", "to_0d", lambda r: [r.uniform(1, 1)], {"shape": []})
    case("reshape", "from_0d", lambda r: [r.uniform()], {"shape": [1, 1]})
    case("reshape", "transposed", lambda r: [r.uniform(4, 3)], {"shape": [12]}, transpose_input=0)
    case("reshape", "transposed_3d", lambda r: [r.uniform(4, 6)], {"shape": [2, 3, 4]}, transpose_input=0)
    case("view", "2d_to_3d", lambda r: [r.uniform(4, 6)], {"shape": [2, 3, 4]})
    case("view", "infer_dim", lambda r: [r.uniform(2, 3, 4)], {"shape": [-1, 4]})

    case("permute", "3d", lambda r: [r.uniform(2, 3, 4)], {"dims": [2, 0, 1]})
    case("permute", "2d", lambda r: [r.uniform(3, 4)], {"dims": [1, 0]})
    case("permute", "transposed", lambda r: [r.uniform(3, 2, 4)], {"dims": [1, 2, 0]}, transpose_input=0)

    case("transpose", "2d", lambda r: [r.uniform(3, 4)], {"dim0": 0, "dim1": 1})
    case("transpose", "3d_02", lambda r: [r.uniform(2, 3, 4)], {"dim0": 0, "dim1": 2})
    case("transpose", "neg_dims", lambda r: [r.uniform(2, 3, 4)], {"dim0": -1, "dim1": -2})
    case("transpose", "transposed", lambda r: [r.uniform(4, 3)], {"dim0": 0, "dim1": 1}, transpose_input=0)

    case("expand", "col", lambda r: [r.uniform(3, 1)], {"shape": [3, 4]})
    case("expand", "new_leading", lambda r: [r.uniform(3)], {"shape": [2, 3]})
    case("expand", "both", lambda r: [r.uniform(1, 3, 1)], {"shape": [2, 3, 4]})
    case("expand", "0d", lambda r: [r.uniform()], {"shape": [2, 2]})
    case("expand", "transposed", lambda r: [r.uniform(3, 2)], {"shape": [4, 2, 3]}, transpose_input=0)

    case("squeeze", "dim1", lambda r: [r.uniform(3, 1, 4)], {"dim": 1})
    case("squeeze", "all", lambda r: [r.uniform(1, 3, 1)], {"dim": None})
    case("squeeze", "neg_dim", lambda r: [r.uniform(3, 1)], {"dim": -1})
    case("squeeze", "to_0d", lambda r: [r.uniform(1, 1)], {"dim": None})
    case("squeeze", "transposed", lambda r: [r.uniform(3, 2, 1)], {"dim": 2}, transpose_input=0)

    case("unsqueeze", "dim0", lambda r: [r.uniform(3, 4)], {"dim": 0})
    case("unsqueeze", "dim2", lambda r: [r.uniform(3, 4)], {"dim": 2})
    case("unsqueeze", "neg_dim", lambda r: [r.uniform(3, 4)], {"dim": -1})
    case("unsqueeze", "0d", lambda r: [r.uniform()], {"dim": 0})
    case("unsqueeze", "transposed", lambda r: [r.uniform(4, 3)], {"dim": 1}, transpose_input=0)

    case("flatten", "all", lambda r: [r.uniform(2, 3, 4)], {"start_dim": 0, "end_dim": -1})
    case("flatten", "from1", lambda r: [r.uniform(2, 3, 4)], {"start_dim": 1, "end_dim": -1})
    case("flatten", "01", lambda r: [r.uniform(2, 3, 4)], {"start_dim": 0, "end_dim": 1})
    case("flatten", "transposed", lambda r: [r.uniform(4, 3)], {"start_dim": 0, "end_dim": -1}, transpose_input=0)

    case("narrow", "dim1", lambda r: [r.uniform(4, 5)], {"dim": 1, "start": 1, "length": 3})
    case("narrow", "dim0", lambda r: [r.uniform(4, 5)], {"dim": 0, "start": 2, "length": 2})
    case("narrow", "3d", lambda r: [r.uniform(2, 5, 3)], {"dim": 1, "start": 0, "length": 1})
    case("narrow", "transposed", lambda r: [r.uniform(5, 4)], {"dim": 0, "start": 2, "length": 2}, transpose_input=0)


def compositions():
    case("composite_mlp", "basic", lambda r: [r.uniform(4, 3), r.uniform(5, 3), r.uniform(5)])
    case("composite_lse_stable", "basic", lambda r: [r.uniform(2, 4, lo=-1.0, hi=1.0)], {"scale": 1000.0})
    case("composite_cross_entropy", "basic", lambda r: [r.uniform(4, 5), r.index(4, 1, high=5)])
    case("composite_reuse", "basic", lambda r: [r.uniform(3, 4)])
    case("composite_reuse", "transposed", lambda r: [r.uniform(4, 3)], transpose_input=0)


def medium_sizes():
    """Sizes past the SIMD width with ragged tails, and a GEMM above Nabla's parallel
    threshold (GemmParallel.Threshold: m*n*k = 81*87*75 > 2**19) with M and N
    not multiples of the micro-tile."""
    case("add", "medium_broadcast", lambda r: [r.uniform(19, 23), r.uniform(23)])
    case("mul", "medium_transposed", lambda r: [r.uniform(23, 19), r.uniform(19, 23)], transpose_input=0)
    case("exp", "medium", lambda r: [r.uniform(131)])
    case("tanh", "medium_transposed", lambda r: [r.uniform(23, 19)], transpose_input=0)
    case("sum", "medium_dim0", lambda r: [r.uniform(37, 29)], {"dims": [0], "keep_dim": False})
    case("sum", "medium_all", lambda r: [r.uniform(37, 29)], {"dims": None, "keep_dim": False})
    case("mean", "medium_transposed", lambda r: [r.uniform(23, 19)], {"dims": [1], "keep_dim": True}, transpose_input=0)
    case("max", "medium_dim1", lambda r: [r.uniform(13, 67)], {"dims": [1], "keep_dim": False})
    case("var", "medium_dim1", lambda r: [r.uniform(7, 53)], {"dims": [1], "keep_dim": False, "correction": 1})
    case("softmax", "medium", lambda r: [r.uniform(5, 67, lo=-5.0, hi=5.0)], {"dim": 1})
    case("log_softmax", "medium_transposed", lambda r: [r.uniform(67, 5, lo=-5.0, hi=5.0)], {"dim": 1}, transpose_input=0)
    case("logsumexp", "medium", lambda r: [r.uniform(5, 67, lo=-5.0, hi=5.0)], {"dims": [1], "keep_dim": False})
    # ~0.75 MB of JSON per dtype, so float64 only
    case("matmul", "medium_parallel", lambda r: [r.uniform(81, 75), r.uniform(75, 87)], dtypes=("float64",))
    case("matmul", "medium_batched_transposed", lambda r: [r.uniform(11, 3, 13), r.uniform(3, 13, 9)], transpose_input=0)


def order_statistics():
    """max/min along a dim, sort, topk, median, kthvalue: values with gradients, indices as int64 cases.
    Ties only where PyTorch's choice is defined: max/min(dim) pick the first, stable sort keeps the order."""
    def both(op, variant, build, args, **kw):
        case(op, variant, build, args, **kw)
        case(op + "_indices", variant, build, args, **kw)

    for op in ("max_dim", "min_dim"):
        both(op, "dim1", lambda r: [r.uniform(3, 4)], {"dim": 1, "keep_dim": False})
        both(op, "dim0_keep", lambda r: [r.uniform(3, 4)], {"dim": 0, "keep_dim": True})
        both(op, "neg_dim_3d", lambda r: [r.uniform(2, 3, 4)], {"dim": -1, "keep_dim": False})
        both(op, "ties", lambda r: [r.small_ints(3, 5)], {"dim": 1, "keep_dim": False})
        both(op, "0d", lambda r: [r.uniform()], {"dim": 0, "keep_dim": False})
        both(op, "transposed", lambda r: [r.uniform(4, 3)], {"dim": 1, "keep_dim": False}, transpose_input=0)

    both("sort", "last", lambda r: [r.uniform(3, 5)], {"dim": -1, "descending": False})
    both("sort", "dim0_descending", lambda r: [r.uniform(4, 3)], {"dim": 0, "descending": True})
    both("sort", "ties", lambda r: [r.small_ints(3, 6)], {"dim": 1, "descending": False})
    both("sort", "ties_descending", lambda r: [r.small_ints(3, 6)], {"dim": 1, "descending": True})
    both("sort", "3d_dim1", lambda r: [r.uniform(2, 4, 3)], {"dim": 1, "descending": False})
    both("sort", "0d", lambda r: [r.uniform()], {"dim": 0, "descending": False})
    both("sort", "transposed", lambda r: [r.uniform(5, 3)], {"dim": 1, "descending": True}, transpose_input=0)
    case("argsort", "ties", lambda r: [r.small_ints(3, 6)], {"dim": -1, "descending": False})
    case("argsort", "ties_descending_dim0", lambda r: [r.small_ints(5, 3)], {"dim": 0, "descending": True})

    both("topk", "largest", lambda r: [r.uniform(3, 6)], {"k": 3, "dim": -1, "largest": True})
    both("topk", "smallest_dim0", lambda r: [r.uniform(5, 3)], {"k": 2, "dim": 0, "largest": False})
    both("topk", "3d", lambda r: [r.uniform(2, 5, 3)], {"k": 4, "dim": 1, "largest": True})
    both("topk", "transposed", lambda r: [r.uniform(6, 3)], {"k": 2, "dim": 1, "largest": True}, transpose_input=0)

    case("median", "odd", lambda r: [r.uniform(3, 5)])
    case("median", "even_lower", lambda r: [r.uniform(4, 3)])
    case("median", "ties", lambda r: [r.const([[1.0, 2.0, 2.0], [3.0, 2.0, 0.5]])])
    case("median", "0d", lambda r: [r.uniform()])
    case("median", "transposed", lambda r: [r.uniform(4, 3)], transpose_input=0)
    both("median_dim", "even_dim1", lambda r: [r.uniform(3, 4)], {"dim": 1, "keep_dim": False})
    both("median_dim", "odd_dim0_keep", lambda r: [r.uniform(5, 3)], {"dim": 0, "keep_dim": True})
    both("median_dim", "transposed", lambda r: [r.uniform(5, 3)], {"dim": 1, "keep_dim": False}, transpose_input=0)

    both("kthvalue", "dim1", lambda r: [r.uniform(3, 5)], {"k": 2, "dim": 1, "keep_dim": False})
    both("kthvalue", "dim0_keep", lambda r: [r.uniform(4, 3)], {"k": 4, "dim": 0, "keep_dim": True})
    both("kthvalue", "transposed", lambda r: [r.uniform(5, 3)], {"k": 1, "dim": -1, "keep_dim": False}, transpose_input=0)

    for op in ("var_mean", "std_mean"):
        case(op, "dim1_c1", lambda r: [r.uniform(3, 4)], {"dims": [1], "keep_dim": False, "correction": 1})
        case(op, "all_c0", lambda r: [r.uniform(3, 4)], {"dims": None, "keep_dim": False, "correction": 0})
        case(op, "dims01_3d_keep", lambda r: [r.uniform(2, 3, 4)], {"dims": [0, 1], "keep_dim": True, "correction": 1})


def more_ops():
    """Elementwise functions, splitting, tiling and the named matrix products added for PyTorch's names."""
    unary = {
        "sin": lambda r, *s: r.uniform(*s, lo=-4.0, hi=4.0),
        "cos": lambda r, *s: r.uniform(*s, lo=-4.0, hi=4.0),
        "expm1": lambda r, *s: r.uniform(*s),
        "reciprocal": lambda r, *s: r.away(*s, lo=0.3),
        "rsqrt": lambda r, *s: r.positive(*s, lo=0.1, hi=3.0),
        "log2": lambda r, *s: r.positive(*s, lo=0.1, hi=3.0),
        "log10": lambda r, *s: r.positive(*s, lo=0.1, hi=3.0),
        "floor": lambda r, *s: r.uniform(*s, lo=-3.0, hi=3.0),
        "ceil": lambda r, *s: r.uniform(*s, lo=-3.0, hi=3.0),
        "round": lambda r, *s: r.uniform(*s, lo=-3.0, hi=3.0),
        "trunc": lambda r, *s: r.uniform(*s, lo=-3.0, hi=3.0),
    }
    for op, gen in unary.items():
        case(op, "2d", lambda r, gen=gen: [gen(r, 3, 4)])
        case(op, "0d", lambda r, gen=gen: [gen(r)])
        case(op, "transposed", lambda r, gen=gen: [gen(r, 4, 3)], transpose_input=0)
    case("expm1", "tiny", lambda r: [r.const([1e-10, -3e-9, 2e-7, 0.0])])
    case("round", "halves_to_even", lambda r: [r.const([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])])

    case("masked_fill", "broadcast_mask", lambda r: [r.uniform(3, 4), r.mask(4)], {"value": -1.5}, no_grad=(1,))
    case("masked_fill", "transposed", lambda r: [r.uniform(4, 3), r.mask(3, 4)], {"value": 2.0}, no_grad=(1,), transpose_input=0)
    case("lerp", "scalar_weight", lambda r: [r.uniform(3, 4), r.uniform(3, 4)], {"weight": 0.3})
    case("lerp", "broadcast", lambda r: [r.uniform(3, 4), r.uniform(4)], {"weight": -0.5})
    case("lerp_tensor", "broadcast", lambda r: [r.uniform(3, 4), r.uniform(3, 1), r.uniform(4)])

    case("unbind", "dim0", lambda r: [r.uniform(3, 4)], {"dim": 0})
    case("unbind", "dim1_transposed", lambda r: [r.uniform(4, 3)], {"dim": 1}, transpose_input=0)
    case("split", "size_uneven", lambda r: [r.uniform(5, 3)], {"split": 2, "dim": 0})
    case("split", "sizes_dim1", lambda r: [r.uniform(2, 6)], {"split": [1, 3, 0, 2], "dim": 1})
    case("chunk", "uneven", lambda r: [r.uniform(3, 5)], {"chunks": 3, "dim": 1})
    case("chunk", "fewer_pieces", lambda r: [r.uniform(6, 2)], {"chunks": 4, "dim": 0})

    case("repeat", "2d", lambda r: [r.uniform(2, 3)], {"repeats": [2, 3]})
    case("repeat", "new_dims", lambda r: [r.uniform(3)], {"repeats": [2, 1, 2]})
    case("repeat", "transposed", lambda r: [r.uniform(3, 2)], {"repeats": [1, 2]}, transpose_input=0)
    case("tile", "fewer_dims", lambda r: [r.uniform(2, 3)], {"dims": [2]})
    case("tile", "more_dims", lambda r: [r.uniform(2, 3)], {"dims": [2, 1, 2]})
    case("flip", "dim0", lambda r: [r.uniform(3, 4)], {"dims": [0]})
    case("flip", "both_3d", lambda r: [r.uniform(2, 3, 4)], {"dims": [0, -1]})
    case("flip", "transposed", lambda r: [r.uniform(4, 3)], {"dims": [1]}, transpose_input=0)
    case("roll", "dim1", lambda r: [r.uniform(3, 5)], {"shifts": 2, "dims": 1})
    case("roll", "negative_dim0", lambda r: [r.uniform(4, 3)], {"shifts": -5, "dims": 0})
    case("roll", "several", lambda r: [r.uniform(3, 4)], {"shifts": [1, -1], "dims": [0, 1]})
    case("roll", "flattened", lambda r: [r.uniform(3, 4)], {"shifts": 5, "dims": None})

    case("mm", "basic", lambda r: [r.uniform(3, 4), r.uniform(4, 2)])
    case("mm", "transposed", lambda r: [r.uniform(4, 3), r.uniform(4, 2)], transpose_input=0)
    case("bmm", "basic", lambda r: [r.uniform(2, 3, 4), r.uniform(2, 4, 5)])
    case("mv", "basic", lambda r: [r.uniform(3, 4), r.uniform(4)])
    case("dot", "basic", lambda r: [r.uniform(5), r.uniform(5)])
    case("outer", "basic", lambda r: [r.uniform(3), r.uniform(4)])
    case("addmm", "broadcast_bias", lambda r: [r.uniform(2), r.uniform(3, 4), r.uniform(4, 2)], {"beta": 0.5, "alpha": -2.0})
    case("addmm", "defaults", lambda r: [r.uniform(3, 2), r.uniform(3, 4), r.uniform(4, 2)], {"beta": 1.0, "alpha": 1.0})


def main():
    torch.manual_seed(0)  # not used (every case has its own generator); kept for safety
    elementwise_binary()
    elementwise_unary()
    comparisons()
    reductions()
    stability()
    linear_algebra()
    joining_and_indexing()
    views()
    compositions()
    medium_sizes()
    order_statistics()
    more_ops()

    names = [c["name"] for c in CASES]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise SystemExit(f"duplicate case names: {sorted(dupes)}")

    header = {"generator": "tests/reference/generate_ops.py", "torch_version": torch.__version__}
    write_cases(OUT_PATH, header, CASES)


if __name__ == "__main__":
    main()
