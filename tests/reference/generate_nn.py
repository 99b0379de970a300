#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla.NN: activations, losses, and the special functions under them.

Run from the repository root (Debian's ``python3-torch`` 1.13.1 produced the committed file):

    /usr/bin/python3 tests/reference/generate_nn.py

It writes ``tests/reference/nn.json``, read by ``tests/Nabla.Tests/NN/FunctionalReferenceTests.cs``. The format is
the one of ``ops.json`` (see ``generate_ops.py``) with one addition: a value that PyTorch returns as NaN (the mean
of a batch whose targets are all ignored) is written as the string ``"NaN"``; every other value is finite.

Each case is ``"<op>/<variant>/<dtype>"`` and exists in float64 and float32; every case draws its inputs from its own
generator seeded with the CRC-32 of its name. Inputs that are class indices are int64 and never require grad;
class weights, ``pos_weight`` and ±1 labels never require grad either (``no_grad``). Float targets do require grad
where PyTorch 1.13 differentiates them (regression losses, KL, BCE, BCE with logits, probability targets of
cross-entropy), so target gradients are compared too. Gradients come from ``out.backward(grad_output)`` with a fixed
random ``grad_output``.

The ops themselves (name, Nabla call, torch expression) are defined once, in
``src/Nabla/Checks/OpCatalog.Functional.cs`` (keyed by reference file and name: this file's ``relu`` or ``softmax`` is
NN.Functional's, ops.json's the Tensor method); this script evaluates their torch expressions from the exported
``ops_manifest.json`` (see generate_ops.py for how to add an op) and holds only the cases. Their inputs / args:

* activations: one input ``x`` (``prelu``: ``x, weight``); args as named below.
* ``cross_entropy`` / ``nll_loss``: ``input, target[, weight]``; args ``reduction``, ``ignore_index``,
  ``label_smoothing`` (cross_entropy only), ``weight`` (bool: is the third input present).
* ``kl_div``: ``input, target``; args ``reduction`` (incl. ``batchmean``), ``log_target``.
* ``bce``: ``input, target[, weight]``; ``bce_with_logits``: ``input, target[, weight][, pos_weight]``;
  args ``reduction``, ``weight``, ``pos_weight`` (bools).
* ``mse_loss``, ``l1_loss``: ``input, target``; ``huber_loss`` (``delta``), ``smooth_l1_loss`` (``beta``).
* ``cosine_similarity``: ``x1, x2``; args ``dim``, ``eps``.
* ``cosine_embedding_loss`` / ``margin_ranking_loss``: ``x1, x2, target``; ``hinge_embedding_loss``: ``x, target``;
  args ``margin``, ``reduction``.
* ``multi_margin_loss``: ``input, target[, weight]``; args ``p``, ``margin``, ``reduction``, ``weight``.
* ``weighted_bce_course``: the course's class-weighted BCE written out by hand,
  −mean(α·y·log ŷ + β·(1−y)·log(1−ŷ)); args ``alpha``, ``beta``; compared with Nabla's BCELoss with weights.
"""

import math
import os
import warnings

import torch

from reference_common import Rand, load_ops, write_cases

# kl_div's reduction="mean" is tested on purpose (it is elementwise, unlike "batchmean")
warnings.filterwarnings("ignore", message="reduction: 'mean' divides the total loss")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "nn.json")

FLOAT_DTYPES = ("float64", "float32")
REDUCTIONS = ("mean", "sum", "none")


# op name -> (torch function, differentiable): the torch expressions of the C# op table
# (src/Nabla/Checks/OpCatalog.Functional.cs), exported to ops_manifest.json
OPS = load_ops("nn.json")


# ---------------------------------------------------------------------------
# Case construction
# ---------------------------------------------------------------------------

CASES = []


def _flat(t, allow_nan):
    vals = t.detach().reshape(-1).tolist()
    if t.dtype == torch.int64:
        return [int(v) for v in vals]
    out = []
    for v in vals:
        if math.isnan(v) and allow_nan:
            out.append("NaN")
        elif not math.isfinite(v):
            raise ValueError("non-finite value")
        else:
            out.append(float(v))
    return out


def _dtype_name(t):
    return {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]


def case(op, variant, build, args, no_grad=(), allow_nan=False):
    """One case per float dtype; build(r) returns the input tensors. Float inputs require grad unless in no_grad."""
    if op not in OPS:
        raise ValueError(f"op '{op}' of nn.json is not in ops_manifest.json: define it in src/Nabla/Checks/OpCatalog.Functional.cs "
                         "and export the manifest (see generate_ops.py)")
    for dt in FLOAT_DTYPES:
        name = f"{op}/{variant}/{dt}"
        try:
            CASES.append(_make_case(name, op, dt, build, dict(args), no_grad, allow_nan))
        except (ValueError, RuntimeError) as e:
            raise ValueError(f"{name}: {e}") from None


def _make_case(name, op, dt, build, args, no_grad, allow_nan):
    r = Rand(name, dt)
    leaves = [x.detach().clone().requires_grad_(x.is_floating_point() and i not in no_grad)
              for i, x in enumerate(build(r))]
    out = OPS[op][0](leaves, args)
    c = {
        "name": name,
        "op": op,
        "dtype": dt,
        "inputs": [{"shape": list(x.shape), "dtype": _dtype_name(x), "data": _flat(x, False), "requires_grad": x.requires_grad}
                   for x in leaves],
        "args": args,
        "output": {"shape": list(out.shape), "dtype": _dtype_name(out), "data": _flat(out, allow_nan)},
    }
    grad_out = r.uniform(*out.shape, lo=-1.0, hi=1.0)
    out.backward(grad_out)
    c["grad_output"] = {"shape": list(grad_out.shape), "data": _flat(grad_out, False)}
    c["grads"] = [{"shape": list(x.grad.shape), "data": _flat(x.grad, False)} if x.requires_grad else None for x in leaves]
    return c


# ---------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------

def activations():
    case("relu", "2d", lambda r: [r.away(3, 4)], {})
    for slope in (0.01, 0.2):
        case("leaky_relu", f"slope_{slope}", lambda r: [r.away(3, 4)], {"negative_slope": slope})
    case("prelu", "shared", lambda r: [r.away(3, 4), r.const([0.25])], {})
    case("prelu", "per_channel", lambda r: [r.away(2, 3, 4), r.uniform(3, lo=0.0, hi=0.5)], {})
    case("prelu", "per_channel_4d", lambda r: [r.away(2, 3, 2, 2), r.uniform(3, lo=-0.5, hi=0.5)], {})
    case("prelu", "1d", lambda r: [r.away(5), r.const([0.1])], {})
    for alpha in (1.0, 0.5):
        case("elu", f"alpha_{alpha}", lambda r: [r.away(3, 4)], {"alpha": alpha})
    for approx in ("none", "tanh"):
        case("gelu", approx, lambda r: [r.uniform(3, 5, lo=-4.0, hi=4.0)], {"approximate": approx})
    case("silu", "2d", lambda r: [r.uniform(3, 4, lo=-5.0, hi=5.0)], {})
    case("tanh", "2d", lambda r: [r.uniform(3, 4)], {})
    case("sigmoid", "2d", lambda r: [r.uniform(3, 4, lo=-5.0, hi=5.0)], {})
    case("softplus", "default", lambda r: [r.uniform(3, 4, lo=-6.0, hi=6.0)], {"beta": 1.0, "threshold": 20.0})
    # beta·x spans both sides of the threshold, and deep negative values where log1p matters
    case("softplus", "beta_2_threshold_5", lambda r: [torch.cat([r.uniform(6, lo=-4.0, hi=4.0), r.const([-20.0, -40.0, 2.6, 30.0])])],
         {"beta": 2.0, "threshold": 5.0})
    case("softmax", "dim_1", lambda r: [r.uniform(3, 4)], {"dim": 1})
    case("softmax", "dim_0_3d", lambda r: [r.uniform(3, 2, 4)], {"dim": 0})
    case("log_softmax", "dim_-1", lambda r: [r.uniform(2, 3, 4)], {"dim": -1})
    case("log_softmax", "dim_1", lambda r: [r.uniform(3, 5)], {"dim": 1})
    # erf across all three of Cody's intervals and its saturation; log1p near 0 and far from it
    case("erf", "wide", lambda r: [torch.cat([r.uniform(40, lo=-6.0, hi=6.0), r.uniform(10, lo=-0.5, hi=0.5),
                                              r.const([0.0, 1e-20, -3e-9, 0.46875, 0.47, -4.0, 4.01, 5.9, -27.0])])], {})
    case("log1p", "wide", lambda r: [torch.cat([r.uniform(10, lo=-0.9, hi=3.0), r.const([1e-12, -1e-9, 3e-17, 100.0])])], {})


# ---------------------------------------------------------------------------
# Classification losses
# ---------------------------------------------------------------------------

def _targets_with_ignored(r, n, high, ignore=-100):
    t = r.index(n, high=high)
    t[1] = ignore
    t[n - 2] = ignore
    return t


def cross_entropy_and_nll():
    N, C = 6, 5
    for red in REDUCTIONS:
        base = {"reduction": red}
        case("cross_entropy", f"index/{red}", lambda r: [r.uniform(N, C), r.index(N, high=C)], base)
        case("cross_entropy", f"index_weight/{red}", lambda r: [r.uniform(N, C), r.index(N, high=C), r.uniform(C, lo=0.2, hi=2.0)],
             {**base, "weight": True}, no_grad=(2,))
        case("cross_entropy", f"index_ignore/{red}", lambda r: [r.uniform(N, C), _targets_with_ignored(r, N, C)], base)
        case("cross_entropy", f"index_weight_ignore/{red}",
             lambda r: [r.uniform(N, C), _targets_with_ignored(r, N, C), r.uniform(C, lo=0.2, hi=2.0)],
             {**base, "weight": True}, no_grad=(2,))
        case("cross_entropy", f"smoothing/{red}", lambda r: [r.uniform(N, C), r.index(N, high=C)], {**base, "label_smoothing": 0.1})
        case("cross_entropy", f"smoothing_weight_ignore/{red}",
             lambda r: [r.uniform(N, C), _targets_with_ignored(r, N, C), r.uniform(C, lo=0.2, hi=2.0)],
             {**base, "weight": True, "label_smoothing": 0.25}, no_grad=(2,))
        case("cross_entropy", f"probs/{red}", lambda r: [r.uniform(N, C), r.probs(N, C)], base)
        case("cross_entropy", f"probs_weight/{red}", lambda r: [r.uniform(N, C), r.probs(N, C), r.uniform(C, lo=0.2, hi=2.0)],
             {**base, "weight": True}, no_grad=(2,))
        case("cross_entropy", f"probs_smoothing_weight/{red}",
             lambda r: [r.uniform(N, C), r.probs(N, C), r.uniform(C, lo=0.2, hi=2.0)],
             {**base, "weight": True, "label_smoothing": 0.2}, no_grad=(2,))
        case("cross_entropy", f"spatial_weight_ignore/{red}",
             lambda r: [r.uniform(2, 3, 2, 2), torch.tensor([[[0, 2], [-100, 1]], [[1, 1], [2, -100]]]), r.uniform(3, lo=0.2, hi=2.0)],
             {**base, "weight": True, "label_smoothing": 0.1}, no_grad=(2,))
        # every target ignored: mean is NaN with zero gradients in PyTorch 1.13; sum and none are zeros
        case("cross_entropy", f"all_ignored/{red}", lambda r: [r.uniform(3, 4), torch.tensor([-100, -100, -100])], base,
             allow_nan=True)
        case("cross_entropy", f"all_ignored_weight_smoothing/{red}",
             lambda r: [r.uniform(3, 4), torch.tensor([-100, -100, -100]), r.uniform(4, lo=0.2, hi=2.0)],
             {**base, "weight": True, "label_smoothing": 0.1}, no_grad=(2,), allow_nan=True)

        case("nll_loss", f"plain/{red}", lambda r: [torch.log_softmax(r.uniform(N, C), 1), r.index(N, high=C)], base)
        case("nll_loss", f"weight_ignore/{red}",
             lambda r: [torch.log_softmax(r.uniform(N, C), 1), _targets_with_ignored(r, N, C), r.uniform(C, lo=0.2, hi=2.0)],
             {**base, "weight": True}, no_grad=(2,))
        case("nll_loss", f"spatial/{red}", lambda r: [r.uniform(2, 3, 4), r.index(2, 4, high=3)], base)
        case("nll_loss", f"all_ignored/{red}", lambda r: [r.uniform(2, 3), torch.tensor([-100, -100])], base, allow_nan=True)

    case("cross_entropy", "probs_spatial/mean", lambda r: [r.uniform(2, 3, 4), r.probs(2, 3, 4)], {"reduction": "mean", "label_smoothing": 0.1})
    case("cross_entropy", "ignore_index_1/mean", lambda r: [r.uniform(N, C), torch.tensor([1, 0, 1, 4, 2, 1])],
         {"reduction": "mean", "ignore_index": 1})
    case("cross_entropy", "unbatched/mean", lambda r: [r.uniform(C), torch.tensor(3)], {"reduction": "mean", "label_smoothing": 0.1})
    case("cross_entropy", "unbatched_probs/sum", lambda r: [r.uniform(C), r.probs(C, dim=0)], {"reduction": "sum"})
    case("cross_entropy", "large_logits/mean", lambda r: [r.uniform(4, 3, lo=-1.0, hi=1.0) * 1000, r.index(4, high=3)],
         {"reduction": "mean"})
    case("nll_loss", "unbatched/none", lambda r: [r.uniform(C), torch.tensor(2)], {"reduction": "none"})


def kl_div():
    for red in REDUCTIONS + ("batchmean",):
        for log_target in (False, True):
            tgt = (lambda r: torch.log(r.probs(3, 4))) if log_target else (lambda r: r.probs(3, 4))
            case("kl_div", f"{red}/log_target_{log_target}", lambda r, tgt=tgt: [torch.log_softmax(r.uniform(3, 4), 1), tgt(r)],
                 {"reduction": red, "log_target": log_target})
    # zeros in the target contribute 0 (0·log 0 = 0); the target does not require grad here
    case("kl_div", "zero_targets/sum", lambda r: [torch.log_softmax(r.uniform(2, 3), 1), r.const([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])],
         {"reduction": "sum", "log_target": False}, no_grad=(1,))


# ---------------------------------------------------------------------------
# Binary cross-entropy
# ---------------------------------------------------------------------------

def binary_cross_entropy():
    for red in REDUCTIONS:
        base = {"reduction": red, "weight": False}
        case("bce", f"plain/{red}", lambda r: [r.uniform(4, 3, lo=0.05, hi=0.95), r.uniform(4, 3, lo=0.0, hi=1.0)], base)
        case("bce", f"weight/{red}", lambda r: [r.uniform(4, 3, lo=0.05, hi=0.95), r.uniform(4, 3, lo=0.0, hi=1.0),
                                                 r.uniform(4, 3, lo=0.1, hi=3.0)], {**base, "weight": True}, no_grad=(2,))
        case("bce", f"weight_broadcast/{red}", lambda r: [r.uniform(4, 3, lo=0.05, hi=0.95), r.uniform(4, 3, lo=0.0, hi=1.0),
                                                           r.uniform(3, lo=0.1, hi=3.0)], {**base, "weight": True}, no_grad=(2,))
        # x ∈ {0, 1} exactly: each log is clamped at −100 and the gradient uses max(x(1−x), 1e-12)
        case("bce", f"clamp/{red}", lambda r: [r.const([0.0, 1.0, 0.0, 1.0, 0.5, 1e-45 if r.dtype == torch.float32 else 1e-300]),
                                               r.const([1.0, 0.0, 0.0, 1.0, 0.3, 0.7])], base, no_grad=(1,))

        lbase = {"reduction": red, "weight": False, "pos_weight": False}
        case("bce_with_logits", f"plain/{red}", lambda r: [r.uniform(4, 3, lo=-4.0, hi=4.0), r.uniform(4, 3, lo=0.0, hi=1.0)], lbase)
        case("bce_with_logits", f"weight/{red}", lambda r: [r.uniform(4, 3, lo=-4.0, hi=4.0), r.uniform(4, 3, lo=0.0, hi=1.0),
                                                             r.uniform(4, 3, lo=0.1, hi=3.0)], {**lbase, "weight": True}, no_grad=(2,))
        case("bce_with_logits", f"pos_weight/{red}", lambda r: [r.uniform(4, 3, lo=-4.0, hi=4.0), r.uniform(4, 3, lo=0.0, hi=1.0),
                                                                 r.uniform(3, lo=0.5, hi=10.0)], {**lbase, "pos_weight": True}, no_grad=(2,))
        case("bce_with_logits", f"weight_pos_weight/{red}",
             lambda r: [r.uniform(2, 4, 3, lo=-4.0, hi=4.0), r.uniform(2, 4, 3, lo=0.0, hi=1.0), r.uniform(4, 1, lo=0.1, hi=3.0),
                        r.uniform(3, lo=0.5, hi=10.0)], {**lbase, "weight": True, "pos_weight": True}, no_grad=(2, 3))
    # logits of ±1000 with hard labels: finite loss and gradients
    case("bce_with_logits", "large_logits/none",
         lambda r: [r.const([1000.0, -1000.0, 1000.0, -1000.0, 30.0, -30.0]), r.const([1.0, 0.0, 0.0, 1.0, 1.0, 0.0]), r.const([10.0])],
         {"reduction": "none", "weight": False, "pos_weight": True}, no_grad=(1, 2))
    # the course's class-weighted BCE for a 10:1 imbalanced set (α = 10 on the rare positives, β = 1)
    case("weighted_bce_course", "alpha_10_beta_1", lambda r: [r.uniform(8, lo=0.05, hi=0.95), (r.uniform(8, lo=0.0, hi=1.0) > 0.7).to(r.dtype)],
         {"alpha": 10.0, "beta": 1.0}, no_grad=(1,))


# ---------------------------------------------------------------------------
# Regression losses
# ---------------------------------------------------------------------------

def regression():
    for red in REDUCTIONS:
        case("mse_loss", red, lambda r: [r.uniform(3, 4), r.uniform(3, 4)], {"reduction": red})
        case("l1_loss", red, lambda r: [r.uniform(3, 4), r.uniform(3, 4) + 0.1], {"reduction": red})
        for delta in (1.0, 0.5):
            case("huber_loss", f"delta_{delta}/{red}", lambda r: [r.uniform(3, 4), r.uniform(3, 4)], {"reduction": red, "delta": delta})
        for beta in (1.0, 0.5, 0.0):
            case("smooth_l1_loss", f"beta_{beta}/{red}", lambda r: [r.uniform(3, 4), r.uniform(3, 4)], {"reduction": red, "beta": beta})
    case("mse_loss", "0d/mean", lambda r: [r.uniform(), r.uniform()], {"reduction": "mean"})


# ---------------------------------------------------------------------------
# Similarity and margin losses
# ---------------------------------------------------------------------------

def similarity():
    case("cosine_similarity", "dim_1", lambda r: [r.uniform(4, 5), r.uniform(4, 5)], {"dim": 1, "eps": 1e-8})
    case("cosine_similarity", "dim_0_1d", lambda r: [r.uniform(5), r.uniform(5)], {"dim": 0, "eps": 1e-8})
    case("cosine_similarity", "broadcast_dim_-1", lambda r: [r.uniform(2, 3, 4), r.uniform(3, 4)], {"dim": -1, "eps": 1e-8})
    # norms below eps: clamped, with PyTorch 1.13's gradient through the clamped norm
    case("cosine_similarity", "clamped_norm", lambda r: [r.const([[1e-5, 0.0, 0.0], [0.3, -0.2, 0.5]]),
                                                         r.const([[1e-5, 1e-5, 0.0], [0.0, 0.0, 0.0]])], {"dim": 1, "eps": 1e-4})
    for red in REDUCTIONS:
        for margin in (0.0, 0.5):
            case("cosine_embedding_loss", f"margin_{margin}/{red}", lambda r: [r.uniform(6, 4), r.uniform(6, 4), r.signs(6)],
                 {"margin": margin, "reduction": red}, no_grad=(2,))
            case("margin_ranking_loss", f"margin_{margin}/{red}", lambda r: [r.uniform(6), r.uniform(6), r.signs(6)],
                 {"margin": margin, "reduction": red}, no_grad=(2,))
        for margin in (1.0, 2.0):
            case("hinge_embedding_loss", f"margin_{margin}/{red}", lambda r: [r.uniform(3, 4, lo=0.0, hi=3.0), r.signs(3, 4)],
                 {"margin": margin, "reduction": red}, no_grad=(1,))
        for p in (1, 2):
            case("multi_margin_loss", f"p_{p}/{red}", lambda r: [r.uniform(5, 4), r.index(5, high=4)],
                 {"p": p, "margin": 1.0, "reduction": red})
            case("multi_margin_loss", f"p_{p}_weight_margin/{red}", lambda r: [r.uniform(5, 4), r.index(5, high=4), r.uniform(4, lo=0.2, hi=2.0)],
                 {"p": p, "margin": 0.7, "reduction": red, "weight": True}, no_grad=(2,))
    case("cosine_embedding_loss", "unbatched/mean", lambda r: [r.uniform(4), r.uniform(4), torch.tensor(-1)],
         {"margin": -0.5, "reduction": "mean"})
    case("cosine_embedding_loss", "int_labels/sum", lambda r: [r.uniform(3, 4), r.uniform(3, 4), torch.tensor([1, -1, 1])],
         {"margin": 0.0, "reduction": "sum"})
    case("hinge_embedding_loss", "other_labels/none", lambda r: [r.uniform(4, lo=-2.0, hi=2.0), r.const([1.0, -1.0, 0.5, 0.0])],
         {"margin": 1.0, "reduction": "none"}, no_grad=(1,))
    case("margin_ranking_loss", "2d/mean", lambda r: [r.uniform(3, 2), r.uniform(3, 2), r.signs(3, 2)],
         {"margin": 0.1, "reduction": "mean"}, no_grad=(2,))
    case("multi_margin_loss", "unbatched/mean", lambda r: [r.uniform(4), torch.tensor(1)], {"p": 1, "margin": 1.0, "reduction": "mean"})


def main():
    activations()
    cross_entropy_and_nll()
    kl_div()
    binary_cross_entropy()
    regression()
    similarity()

    names = [c["name"] for c in CASES]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise SystemExit(f"duplicate case names: {sorted(dupes)}")

    header = {"generator": "tests/reference/generate_nn.py", "torch_version": torch.__version__}

    write_cases(OUT_PATH, header, CASES)


if __name__ == "__main__":
    main()
