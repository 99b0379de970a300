#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla.Optim's tests.

Run from the repository root (Debian's ``python3-torch`` 1.13 produced the committed file):

    /usr/bin/python3 tests/reference/generate_optim.py

It writes ``tests/reference/optim.json``; ``tests/Nabla.Tests/Optim/`` reads it. Everything is deterministic
(fixed seeds, no data-dependent branching), so rerunning gives the same file.

File format
-----------
``{"generator", "torch_version", "problem", "trajectories", "lbfgs", "schedules", "plateaus", "clip_norm",
"clip_value", "penalties"}``. Doubles are written with Python's ``repr`` (shortest round-trip form).

problem -- the fixed optimisation problem every trajectory runs on::

    {"steps": 100, "shapes": [[3, 4], [4]],
     "init":  [[12 values], [4 values]],        # initial parameters, flat row-major
     "h":     [[...], [...]],                   # curvature per element, in [0.5, 2]
     "c":     [[...], [...]],                   # minimiser per element
     "noise": [[[...], [...]], ...]}            # noise[t][k]: 100 steps x 2 params

  At step t (0-based) the gradient of parameter k is ``(p_k - c_k) * h_k + noise[t][k]``, computed in the
  trajectory's dtype with exactly those three operations in that order (float32 trajectories first round
  init/h/c/noise to float32), i.e. the gradient of 1/2 h (p - c)^2 + <noise_t, p>.

trajectories -- one per optimizer configuration::

    {"name": "adam/amsgrad", "optimizer": "Adam", "dtype": "float64",
     "defaults": {"lr": 0.05, "amsgrad": true, ...},     # Nabla option names (see below)
     "groups": [{"params": [0, 1], "options": {}}],      # per-group overrides of the defaults
     "grad_none": {"param": 1, "every": 3} | null,       # param's grad is None when t % every == every - 1
     "params": [[16 values], ...]}                       # all parameters (flat, concatenated) after each step

  Option names are Nabla's (PyTorch's, with betas split): lr, momentum, dampening, nesterov, weight_decay,
  maximize, lr_decay, initial_accumulator_value, eps, alpha, centered, beta1, beta2, amsgrad, momentum_decay, rho.

lbfgs -- torch.optim.LBFGS on the Rosenbrock function, float64, 100 calls of step(closure)::

    {"name", "options": {"lr", "max_iter", "history_size", "line_search_fn": "strong_wolfe" | null, ...},
     "init": [[2 values], [2 values]],            # two parameters of shape [2]; z = cat(params) has 4 elements
     "losses": [...],                             # what each step returned (the loss before it)
     "params": [[4 values], ...],                 # cat(params) after each step
     "func_evals": N, "n_iter": N}                # the state's counters after the last step

  f(z) = sum_i 100 (z[i+1] - z[i]^2)^2 + (1 - z[i])^2, i = 0..2, computed as
  ``(100 * (y - x * x) ** 2 + (1 - x) ** 2).sum()`` with x = z[:-1], y = z[1:].

schedules -- learning-rate sequences of the chainable schedulers::

    {"name", "scheduler": "StepLR" | ..., "args": {...}, "optimizer": "SGD" | "Adam", "group_lrs": [0.1, ...],
     "momentum": 0.9 (SGD only), "steps": N,
     "lrs": [[lr per group] x (N + 1)],          # after construction, then after each scheduler.step()
     "momentums": [[...] x (N + 1)] | null}      # OneCycleLR with cycle_momentum: momentum (SGD) or beta1 (Adam)

  SequentialLR's args hold {"schedulers": [{"scheduler", "args"}, ...], "milestones": [...]}.

plateaus -- ReduceLROnPlateau driven by a fixed metric sequence::

    {"name", "args": {...}, "group_lrs": [...], "metrics": [...], "lrs": [[lr per group] after each step]}

clip_norm / clip_value -- clip_grad_norm_ / clip_grad_value_ on three gradients (one parameter may have none)::

    {"name", "shapes", "grads": [[...] | null, ...], "max_norm", "norm_type" ("inf" for infinity),
     "total_norm", "clipped": [[...] | null, ...]}       # clip_value has "clip_value" instead of max_norm/norm_type

penalties -- value and gradient of each penalty on a list of weight matrices::

    {"name", "penalty": "L1" | "L2" | "LInf", "lambda", "shapes", "weights": [[...], ...], "value", "grads"}

  L1 = lambda * sum |w|, L2 = lambda / 2 * sum w^2, LInf = lambda / n * sum_i max_r sum_c |w_i[r, c]| (n = number
  of matrices), the max taken with torch.amax (ties share the gradient equally).

PyTorch semantics decided here
------------------------------
* ``torch.set_default_dtype(torch.float64)``: PyTorch 1.13 keeps optimizer scalars (Adam's ``step``, NAdam's
  ``mu_product``) in tensors of the default dtype; float32 would round NAdam's ``mu_product`` to float32. Nabla
  keeps these scalars in double.
* NAdam uses 1.13's ``foreach=True`` implementation. 1.13's single-tensor NAdam multiplies ``mu`` into
  ``mu_product_next`` twice; PyTorch fixed that to agree with the foreach form (pytorch/pytorch#92699).
"""

import json
import math
import os
import warnings

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "optim.json")
STEPS = 100
DTYPES = {"float64": torch.float64, "float32": torch.float32}

torch.set_default_dtype(torch.float64)
warnings.filterwarnings("ignore")  # "lr_scheduler.step() before optimizer.step()": no optimizer steps here


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


# ---------------------------------------------------------------------------
# The fixed problem
# ---------------------------------------------------------------------------

SHAPES = [[3, 4], [4]]
_g = torch.Generator().manual_seed(20240611)
INIT = [torch.randn(s, generator=_g, dtype=torch.float64) for s in SHAPES]
H = [0.5 + 1.5 * torch.rand(s, generator=_g, dtype=torch.float64) for s in SHAPES]
C = [torch.randn(s, generator=_g, dtype=torch.float64) for s in SHAPES]
NOISE = [[0.3 * torch.randn(s, generator=_g, dtype=torch.float64) for s in SHAPES] for _ in range(STEPS)]


# ---------------------------------------------------------------------------
# Optimizer trajectories
# ---------------------------------------------------------------------------

def torch_options(opts):
    """Nabla option names -> torch keyword arguments (beta1/beta2 -> betas)."""
    out = dict(opts)
    if "beta1" in out or "beta2" in out:
        out["betas"] = (out.pop("beta1", 0.9), out.pop("beta2", 0.999))
    return out


def make_optimizer(name, groups, defaults):
    kw = torch_options(defaults)
    if name == "SGD":
        return torch.optim.SGD(groups, **kw)
    if name == "Adagrad":
        return torch.optim.Adagrad(groups, **kw)
    if name == "RMSprop":
        return torch.optim.RMSprop(groups, **kw)
    if name == "Adam":
        return torch.optim.Adam(groups, **kw)
    if name == "AdamW":
        return torch.optim.AdamW(groups, **kw)
    if name == "Adamax":
        return torch.optim.Adamax(groups, **kw)
    if name == "NAdam":
        return torch.optim.NAdam(groups, foreach=True, **kw)
    if name == "Adadelta":
        return torch.optim.Adadelta(groups, foreach=False, **kw)
    raise ValueError(name)


def trajectory(name, optimizer, defaults, groups=None, dtype="float64", grad_none=None):
    dt = DTYPES[dtype]
    params = [p.to(dt).clone().requires_grad_(True) for p in INIT]
    h = [x.to(dt) for x in H]
    c = [x.to(dt) for x in C]
    groups = groups or [{"params": [0, 1], "options": {}}]
    torch_groups = [dict({"params": [params[i] for i in g["params"]]}, **torch_options(g["options"])) for g in groups]
    opt = make_optimizer(optimizer, torch_groups, defaults)
    history = []
    for t in range(STEPS):
        with torch.no_grad():
            for k, p in enumerate(params):
                if grad_none and k == grad_none["param"] and t % grad_none["every"] == grad_none["every"] - 1:
                    p.grad = None
                else:
                    p.grad = (p - c[k]) * h[k] + NOISE[t][k].to(dt)
        opt.step()
        history.append([v for p in params for v in flat(p)])
    return {"name": name, "optimizer": optimizer, "dtype": dtype, "defaults": defaults, "groups": groups,
            "grad_none": grad_none, "params": history}


def trajectories():
    both = [{"params": [0], "options": {}}]
    every3 = {"param": 1, "every": 3}
    return [
        trajectory("sgd/plain", "SGD", {"lr": 0.05}),
        trajectory("sgd/momentum", "SGD", {"lr": 0.05, "momentum": 0.9}),
        trajectory("sgd/momentum_dampening", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}),
        trajectory("sgd/nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
        trajectory("sgd/weight_decay", "SGD", {"lr": 0.05, "weight_decay": 0.1}),
        trajectory("sgd/momentum_weight_decay_nesterov", "SGD",
                   {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.05, "nesterov": True}),
        trajectory("sgd/maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "maximize": True}),
        trajectory("sgd/param_groups", "SGD", {"lr": 0.05, "momentum": 0.9},
                   groups=both + [{"params": [1], "options": {"lr": 0.2, "momentum": 0.5, "nesterov": True}}]),
        trajectory("sgd/grad_none", "SGD", {"lr": 0.05, "momentum": 0.9}, grad_none=every3),
        trajectory("sgd/nesterov/float32", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, dtype="float32"),

        trajectory("adagrad/default", "Adagrad", {"lr": 0.1}),
        trajectory("adagrad/lr_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.05}),
        trajectory("adagrad/initial_accumulator", "Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5}),
        trajectory("adagrad/weight_decay", "Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
        trajectory("adagrad/eps_maximize", "Adagrad", {"lr": 0.01, "eps": 1e-3, "maximize": True}),

        trajectory("rmsprop/default", "RMSprop", {"lr": 0.01}),
        trajectory("rmsprop/momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
        trajectory("rmsprop/centered", "RMSprop", {"lr": 0.01, "centered": True}),
        trajectory("rmsprop/centered_momentum", "RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
        trajectory("rmsprop/weight_decay_alpha", "RMSprop", {"lr": 0.01, "weight_decay": 0.1, "alpha": 0.9}),
        trajectory("rmsprop/centered/float32", "RMSprop", {"lr": 0.01, "centered": True}, dtype="float32"),

        trajectory("adam/default", "Adam", {"lr": 0.05}),
        trajectory("adam/amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}),
        trajectory("adam/weight_decay", "Adam", {"lr": 0.05, "weight_decay": 0.1}),
        trajectory("adam/amsgrad_weight_decay", "Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1}),
        trajectory("adam/betas_eps", "Adam", {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "eps": 1e-6}),
        trajectory("adam/maximize", "Adam", {"lr": 0.01, "maximize": True}),
        trajectory("adam/param_groups", "Adam", {"lr": 0.05},
                   groups=both + [{"params": [1], "options": {"lr": 0.01, "amsgrad": True, "beta1": 0.8}}]),
        trajectory("adam/grad_none", "Adam", {"lr": 0.05}, grad_none=every3),
        trajectory("adam/amsgrad/float32", "Adam", {"lr": 0.05, "amsgrad": True}, dtype="float32"),

        trajectory("adamw/default", "AdamW", {"lr": 0.05}),
        trajectory("adamw/weight_decay_amsgrad", "AdamW", {"lr": 0.05, "weight_decay": 0.2, "amsgrad": True}),

        trajectory("adamax/default", "Adamax", {"lr": 0.05}),
        trajectory("adamax/weight_decay", "Adamax", {"lr": 0.05, "weight_decay": 0.1}),

        trajectory("nadam/default", "NAdam", {"lr": 0.05}),
        trajectory("nadam/weight_decay", "NAdam", {"lr": 0.05, "weight_decay": 0.1}),
        trajectory("nadam/momentum_decay", "NAdam", {"lr": 0.05, "momentum_decay": 0.01}),

        trajectory("adadelta/default", "Adadelta", {}),
        trajectory("adadelta/rho_eps_lr", "Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4}),
        trajectory("adadelta/weight_decay", "Adadelta", {"weight_decay": 0.1}),
        trajectory("adadelta/maximize", "Adadelta", {"lr": 0.3, "maximize": True}),
        trajectory("adadelta/param_groups", "Adadelta", {"lr": 2.0},
                   groups=both + [{"params": [1], "options": {"lr": 0.5, "rho": 0.5}}]),
        trajectory("adadelta/grad_none", "Adadelta", {}, grad_none=every3),
        trajectory("adadelta/float32", "Adadelta", {"eps": 1e-3}, dtype="float32"),
    ]


# ---------------------------------------------------------------------------
# LBFGS on Rosenbrock
# ---------------------------------------------------------------------------

LBFGS_INIT = [[-1.2, 1.0], [-1.2, 1.0]]


def rosenbrock(params):
    z = torch.cat(params)
    x, y = z[:-1], z[1:]
    return (100 * (y - x * x) ** 2 + (1 - x) ** 2).sum()


def lbfgs_case(name, options):
    params = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in LBFGS_INIT]
    opt = torch.optim.LBFGS(params, **options)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(params)
        loss.backward()
        return loss

    losses, history = [], []
    for _ in range(STEPS):
        losses.append(float(opt.step(closure)))
        history.append([v for p in params for v in flat(p)])
    state = opt.state[params[0]]
    return {"name": name, "options": dict({"line_search_fn": None}, **options), "init": LBFGS_INIT, "losses": losses,
            "params": history, "func_evals": state["func_evals"], "n_iter": state["n_iter"]}


def lbfgs_cases():
    return [
        lbfgs_case("default", {}),
        lbfgs_case("strong_wolfe", {"line_search_fn": "strong_wolfe"}),
        lbfgs_case("short_history", {"max_iter": 3, "history_size": 5}),
        lbfgs_case("short_history_strong_wolfe", {"max_iter": 3, "history_size": 5, "line_search_fn": "strong_wolfe"}),
        lbfgs_case("lr_max_eval", {"lr": 0.5, "max_iter": 5, "max_eval": 6, "history_size": 4}),
        lbfgs_case("tolerances_strong_wolfe", {"max_iter": 4, "tolerance_grad": 1e-4, "tolerance_change": 1e-6,
                                               "line_search_fn": "strong_wolfe"}),
    ]


# ---------------------------------------------------------------------------
# Schedules
# ---------------------------------------------------------------------------

def make_scheduler(opt, name, args):
    S = torch.optim.lr_scheduler
    if name == "SequentialLR":
        subs = [make_scheduler(opt, s["scheduler"], s["args"]) for s in args["schedulers"]]
        return S.SequentialLR(opt, subs, milestones=args["milestones"])
    return getattr(S, name)(opt, **args)


def schedule(name, scheduler, args, steps, group_lrs=(0.1,), optimizer="SGD", momentum=0.9):
    params = [torch.zeros(2, requires_grad=True) for _ in group_lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, group_lrs)]
    opt = torch.optim.SGD(groups, lr=group_lrs[0], momentum=momentum) if optimizer == "SGD" \
        else torch.optim.Adam(groups, lr=group_lrs[0])
    sched = make_scheduler(opt, scheduler, args)
    key = "momentum" if optimizer == "SGD" else "betas"
    tracks_momentum = scheduler == "OneCycleLR" and args.get("cycle_momentum", True)

    def record():
        lrs.append([float(g["lr"]) for g in opt.param_groups])
        if tracks_momentum:
            momentums.append([float(g[key] if key == "momentum" else g[key][0]) for g in opt.param_groups])

    lrs, momentums = [], []
    record()
    for _ in range(steps):
        sched.step()
        record()
    return {"name": name, "scheduler": scheduler, "args": args, "optimizer": optimizer, "group_lrs": list(group_lrs),
            "momentum": momentum if optimizer == "SGD" else None, "steps": steps, "lrs": lrs,
            "momentums": momentums if tracks_momentum else None}


def schedules():
    return [
        schedule("step_lr/two_groups", "StepLR", {"step_size": 7, "gamma": 0.5}, 40, group_lrs=(0.1, 0.02)),
        schedule("multistep_lr/repeated_milestone", "MultiStepLR", {"milestones": [5, 12, 12, 30], "gamma": 0.3}, 40),
        schedule("exponential_lr", "ExponentialLR", {"gamma": 0.95}, 40),
        schedule("cosine/eta_min_past_t_max", "CosineAnnealingLR", {"T_max": 20, "eta_min": 0.001}, 60),
        schedule("cosine/default", "CosineAnnealingLR", {"T_max": 10}, 30, group_lrs=(0.1, 0.05)),
        schedule("linear/warm_up", "LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 10}, 20),
        schedule("linear/decay", "LinearLR", {"start_factor": 1.0, "end_factor": 0.2, "total_iters": 8}, 15),
        schedule("linear/default", "LinearLR", {}, 10),
        schedule("sequential/warm_up_then_cosine", "SequentialLR",
                 {"schedulers": [{"scheduler": "LinearLR", "args": {"start_factor": 0.1, "total_iters": 5}},
                                 {"scheduler": "CosineAnnealingLR", "args": {"T_max": 20}}],
                  "milestones": [5]}, 30),
        schedule("onecycle/default", "OneCycleLR", {"max_lr": 1.0, "total_steps": 50}, 50),
        schedule("onecycle/three_phase", "OneCycleLR", {"max_lr": 1.0, "total_steps": 60, "three_phase": True}, 60),
        schedule("onecycle/linear_two_groups", "OneCycleLR",
                 {"max_lr": [1.0, 0.5], "total_steps": 40, "anneal_strategy": "linear"}, 40, group_lrs=(0.1, 0.2)),
        schedule("onecycle/adam_betas", "OneCycleLR",
                 {"max_lr": 0.01, "total_steps": 30, "base_momentum": 0.8, "max_momentum": 0.9}, 30, optimizer="Adam"),
        schedule("onecycle/no_momentum_custom", "OneCycleLR",
                 {"max_lr": 0.5, "total_steps": 40, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0,
                  "cycle_momentum": False}, 40),
        schedule("onecycle/epochs_steps_per_epoch", "OneCycleLR",
                 {"max_lr": 0.3, "epochs": 4, "steps_per_epoch": 7}, 28),
    ]


METRICS = [1.0, 0.9, 0.8, 0.8, 0.79995, 0.8, 0.81, 0.7, 0.7, 0.7, 0.7, 0.7, 0.69, 0.69, 0.69, 0.69, 0.5, 0.5,
           0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
           0.5]


def plateau(name, args, metrics=METRICS, group_lrs=(0.1,)):
    params = [torch.zeros(2, requires_grad=True) for _ in group_lrs]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, group_lrs)], lr=group_lrs[0])
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **args)
    lrs = []
    for m in metrics:
        sched.step(m)
        lrs.append([float(g["lr"]) for g in opt.param_groups])
    return {"name": name, "args": args, "group_lrs": list(group_lrs), "metrics": metrics, "lrs": lrs}


def plateaus():
    rising = [0.1 * i for i in range(40)]
    return [
        plateau("min_rel/default", {}),
        plateau("min_rel/patience2_factor_half", {"patience": 2, "factor": 0.5}),
        plateau("min_abs/threshold_cooldown", {"patience": 1, "factor": 0.5, "threshold": 0.05,
                                               "threshold_mode": "abs", "cooldown": 2}),
        plateau("max_rel/rising_then_flat", {"mode": "max", "patience": 2, "factor": 0.3},
                metrics=rising[:15] + [1.4] * 25),
        plateau("max_abs/two_groups_min_lr", {"mode": "max", "patience": 0, "factor": 0.5, "threshold": 0.1,
                                              "threshold_mode": "abs", "min_lr": [0.01, 0.004]},
                metrics=[1.0] * 40, group_lrs=(0.1, 0.05)),
        plateau("min_rel/eps_stops_tiny_changes", {"patience": 0, "factor": 0.5, "eps": 1e-3},
                metrics=[1.0] * 12, group_lrs=(0.05,)),
    ]


# ---------------------------------------------------------------------------
# Gradient clipping
# ---------------------------------------------------------------------------

CLIP_SHAPES = [[3, 4], [4], [2, 2, 2]]


def clip_grads(seed, missing=None):
    g = torch.Generator().manual_seed(seed)
    return [None if k == missing else torch.randn(s, generator=g, dtype=torch.float64) for k, s in enumerate(CLIP_SHAPES)]


def clip_norm_case(name, max_norm, norm_type, seed, missing=None):
    grads = clip_grads(seed, missing)
    params = [torch.zeros(s, requires_grad=True) for s in CLIP_SHAPES]
    for p, gr in zip(params, grads):
        p.grad = None if gr is None else gr.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    return {"name": name, "shapes": CLIP_SHAPES, "grads": [None if gr is None else flat(gr) for gr in grads],
            "max_norm": max_norm, "norm_type": "inf" if norm_type == math.inf else norm_type,
            "total_norm": float(total), "clipped": [None if p.grad is None else flat(p.grad) for p in params]}


def clip_value_case(name, clip_value, seed, missing=None):
    grads = clip_grads(seed, missing)
    params = [torch.zeros(s, requires_grad=True) for s in CLIP_SHAPES]
    for p, gr in zip(params, grads):
        p.grad = None if gr is None else gr.clone()
    torch.nn.utils.clip_grad_value_(params, clip_value)
    return {"name": name, "shapes": CLIP_SHAPES, "grads": [None if gr is None else flat(gr) for gr in grads],
            "clip_value": clip_value, "clipped": [None if p.grad is None else flat(p.grad) for p in params]}


def clip_norm_cases():
    return [
        clip_norm_case("l2/clipped", 1.0, 2.0, 1),
        clip_norm_case("l2/not_clipped", 100.0, 2.0, 2),
        clip_norm_case("l1/clipped", 2.0, 1.0, 3),
        clip_norm_case("inf/clipped", 0.5, math.inf, 4),
        clip_norm_case("p3/clipped_missing_grad", 0.7, 3.0, 5, missing=1),
        clip_norm_case("l2/one_half_p", 3.0, 0.5, 6),
    ]


def clip_value_cases():
    return [
        clip_value_case("half", 0.5, 7),
        clip_value_case("one_missing_grad", 1.0, 8, missing=0),
    ]


# ---------------------------------------------------------------------------
# Penalties
# ---------------------------------------------------------------------------

def penalty_value(kind, ws, lam):
    if kind == "L1":
        return lam * sum(w.abs().sum() for w in ws)
    if kind == "L2":
        return lam / 2 * sum((w * w).sum() for w in ws)
    return lam / len(ws) * sum(torch.amax(w.abs().reshape(w.shape[0], -1).sum(1)) for w in ws)


def penalty_case(name, kind, lam, weights):
    ws = [w.clone().requires_grad_(True) for w in weights]
    value = penalty_value(kind, ws, lam)
    grads = torch.autograd.grad(value, ws)
    return {"name": name, "penalty": kind, "lambda": lam, "shapes": [list(w.shape) for w in ws],
            "weights": [flat(w) for w in ws], "value": float(value), "grads": [flat(g) for g in grads]}


def penalty_cases():
    g = torch.Generator().manual_seed(9)
    ws = [torch.randn(3, 4, generator=g, dtype=torch.float64), torch.randn(5, 2, generator=g, dtype=torch.float64),
          torch.randn(2, 2, 3, generator=g, dtype=torch.float64)]
    # rows 0 and 2 have the same absolute sum (6): a tie at the maximum
    tie = [torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.5, 0.5], [-3.0, 2.0, -1.0]], dtype=torch.float64)]
    return [penalty_case(f"{k.lower()}/three_matrices", k, 0.3, ws) for k in ("L1", "L2", "LInf")] + [
        penalty_case("linf/tied_rows", "LInf", 0.5, tie)]


def main():
    out = {
        "generator": "tests/reference/generate_optim.py",
        "torch_version": torch.__version__,
        "problem": {"steps": STEPS, "shapes": SHAPES, "init": [flat(x) for x in INIT], "h": [flat(x) for x in H],
                    "c": [flat(x) for x in C], "noise": [[flat(x) for x in step] for step in NOISE]},
        "trajectories": trajectories(),
        "lbfgs": lbfgs_cases(),
        "schedules": schedules(),
        "plateaus": plateaus(),
        "clip_norm": clip_norm_cases(),
        "clip_value": clip_value_cases(),
        "penalties": penalty_cases(),
    }
    text = json.dumps(out, separators=(",", ":"), allow_nan=False)
    with open(OUT_PATH, "w") as f:
        f.write(text + "\n")
    print(f"wrote {OUT_PATH}: {len(out['trajectories'])} trajectories, {len(out['lbfgs'])} LBFGS runs, "
          f"{len(out['schedules'])} schedules, "
          f"{len(out['plateaus'])} plateau runs, {len(text) // 1024} KiB")


if __name__ == "__main__":
    main()
