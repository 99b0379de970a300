#!/usr/bin/env python3
"""Generate PyTorch reference values for Nabla's convolution, pooling and batch-norm functions.

Run from the repository root with Debian's ``python3-torch`` (1.13):

    /usr/bin/python3 tests/reference/generate_conv.py

It writes ``tests/reference/conv.json`` in the format of ``ops.json`` (see generate_ops.py):
``{"generator", "torch_version", "cases": [{"name", "op", "dtype", "inputs", "args", "output",
"grad_output", "grads"}]}``; ``tests/Nabla.Tests/NN/ConvReferenceTests.cs`` reads it. Every case draws from
its own generator seeded with the CRC-32 of its name, in float64 and float32. Args use PyTorch's names;
int-or-pair arguments are stored as [h, w] pairs (or the strings "same"/"valid" for padding). Inputs that
do not require grad (running statistics) have "requires_grad": false and a null grad.

The ops themselves (name, Nabla call, torch expression) are defined once, in
``src/Nabla/Checks/OpCatalog.Convolution.cs``; this script evaluates their torch expressions from the exported
``ops_manifest.json`` (see generate_ops.py for how to add an op) and holds only the cases.
"""

import math
import os

import torch
import torch.nn.functional as F

from reference_common import Rand, load_ops, write_cases

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "conv.json")
CASES = []


# op name -> (torch function, differentiable): the torch expressions of the C# op table
# (src/Nabla/Checks/OpCatalog.Convolution.cs), exported to ops_manifest.json
OPS = load_ops("conv.json")


def _tensor(t):
    name = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    vals = t.detach().reshape(-1).tolist()
    if t.dtype != torch.int64 and not all(math.isfinite(v) for v in vals):
        raise ValueError("non-finite value")
    data = [int(v) for v in vals] if t.dtype == torch.int64 else [float(v) for v in vals]
    return {"shape": list(t.shape), "dtype": name, "data": data}


def case(op, variant, build, args, no_grad=()):
    if op not in OPS:
        raise ValueError(f"op '{op}' is not in ops_manifest.json: define it in src/Nabla/Checks/OpCatalog.Convolution.cs "
                         "and export the manifest (see generate_ops.py)")
    call_op, differentiable = OPS[op]
    for dt in ("float64", "float32"):
        name = f"{op}/{variant}/{dt}"
        r = Rand(name, dt)
        leaves = [x.detach().clone().requires_grad_(differentiable and i not in no_grad)
                  for i, x in enumerate(build(r))]
        stored = [dict(_tensor(x), requires_grad=x.requires_grad) for x in leaves]  # before batch_norm updates running stats
        out = call_op(leaves, args)
        c = {"name": name, "op": op, "dtype": dt, "inputs": stored, "args": args, "output": _tensor(out)}
        if differentiable:
            grad_out = r.uniform(*out.shape, lo=-1.0, hi=1.0)
            out.backward(grad_out)
            c["grad_output"] = _tensor(grad_out)
            c["grads"] = [_tensor(x.grad) if x.requires_grad else None for x in leaves]
        CASES.append(c)


def conv(variant, x, w, bias=True, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    args = {"stride": list(stride), "padding": padding if isinstance(padding, str) else list(padding),
            "dilation": list(dilation), "groups": groups}
    case("conv2d", variant, lambda r: [r.uniform(*x), r.uniform(*w)] + ([r.uniform(w[0])] if bias else []), args)


def conv_transpose(variant, x, w, bias=True, stride=(1, 1), padding=(0, 0), output_padding=(0, 0), dilation=(1, 1), groups=1):
    args = {"stride": list(stride), "padding": list(padding), "output_padding": list(output_padding),
            "dilation": list(dilation), "groups": groups}
    case("conv_transpose2d", variant, lambda r: [r.uniform(*x), r.uniform(*w)] + ([r.uniform(w[1] * groups)] if bias else []), args)


def pool(op, variant, x, kernel, stride=None, padding=(0, 0), ceil_mode=False, build=None, **extra):
    args = dict({"kernel_size": list(kernel), "stride": list(stride or kernel), "padding": list(padding), "ceil_mode": ceil_mode}, **extra)
    case(op, variant, build or (lambda r: [r.uniform(*x)]), args)


def convolutions():
    conv("basic", [2, 3, 6, 5], [4, 3, 3, 3])
    conv("no_bias_batch_1", [1, 2, 5, 5], [3, 2, 2, 2], bias=False)
    conv("stride_2_padding_1", [3, 2, 7, 8], [3, 2, 3, 3], stride=(2, 2), padding=(1, 1))
    conv("stride_2_1_padding_0_2", [2, 2, 7, 6], [2, 2, 3, 2], stride=(2, 1), padding=(0, 2))
    conv("dilation_2", [1, 2, 9, 8], [3, 2, 3, 3], dilation=(2, 2), padding=(2, 2))
    conv("dilation_2_3_stride_2", [2, 1, 11, 12], [2, 1, 3, 2], dilation=(2, 3), stride=(2, 2), padding=(1, 1))
    conv("groups_2", [2, 4, 6, 6], [6, 2, 3, 3], groups=2)
    conv("depthwise_multiplier_2", [2, 3, 7, 7], [6, 1, 3, 3], groups=3, padding=(1, 1))
    conv("same_odd_kernel", [2, 2, 6, 5], [3, 2, 3, 3], padding="same")
    conv("same_even_kernel_dilated", [1, 2, 7, 6], [2, 2, 2, 3], padding="same", dilation=(1, 2))
    conv("valid", [2, 2, 5, 6], [2, 2, 3, 3], padding="valid")
    conv("pointwise_1x1", [3, 4, 5, 3], [5, 4, 1, 1])
    conv("pointwise_stride_2", [2, 3, 5, 6], [2, 3, 1, 1], stride=(2, 2))
    conv("unbatched", [3, 5, 5], [2, 3, 3, 3], padding=(1, 1))
    conv("lenet_conv1", [2, 1, 12, 12], [6, 1, 5, 5], padding=(2, 2))
    conv("out_channels_32", [3, 3, 6, 5], [32, 3, 3, 3], padding=(1, 1))
    conv("groups_2_of_32", [2, 4, 5, 5], [64, 2, 3, 3], groups=2, stride=(2, 2))
    conv("batch_5_weight_sum", [5, 3, 6, 6], [4, 3, 3, 3], stride=(2, 2), padding=(1, 1))
    conv_transpose("stride_2_output_padding_1", [2, 3, 3, 4], [3, 2, 3, 3], stride=(2, 2), padding=(1, 1), output_padding=(1, 1))
    conv_transpose("groups_2_dilation_2", [1, 4, 3, 3], [4, 1, 2, 3], bias=False, groups=2, dilation=(2, 2))
    conv_transpose("basic", [2, 2, 4, 3], [2, 3, 3, 3])


def pooling():
    pool("max_pool2d", "2x2", [2, 3, 6, 8], (2, 2))
    pool("max_pool2d", "3x3_stride_2_padding_1", [2, 2, 7, 7], (3, 3), (2, 2), (1, 1))
    pool("max_pool2d", "ceil_mode", [1, 2, 7, 6], (3, 3), (2, 2), (1, 1), ceil_mode=True)
    pool("max_pool2d", "rect_kernel_stride_1_2", [2, 2, 5, 7], (3, 2), (1, 2))
    pool("max_pool2d", "ties", [2, 2, 6, 6], (3, 3), (1, 1), build=lambda r: [r.small_ints(2, 2, 6, 6)])
    pool("max_pool2d", "unbatched", [3, 5, 4], (2, 2))
    pool("max_pool2d_indices", "3x3_stride_2_padding_1_ceil", [2, 2, 7, 6], (3, 3), (2, 2), (1, 1), ceil_mode=True)
    pool("max_pool2d_indices", "ties", [1, 2, 5, 5], (2, 2), (1, 1), build=lambda r: [r.small_ints(1, 2, 5, 5)])
    pool("avg_pool2d", "2x2", [2, 3, 6, 8], (2, 2), count_include_pad=True)
    pool("avg_pool2d", "padding_counted", [2, 2, 7, 6], (3, 3), (2, 2), (1, 1), count_include_pad=True)
    pool("avg_pool2d", "padding_not_counted", [2, 2, 7, 6], (3, 3), (2, 2), (1, 1), count_include_pad=False)
    pool("avg_pool2d", "ceil_mode_counted", [1, 2, 6, 7], (3, 2), (2, 2), (1, 1), ceil_mode=True, count_include_pad=True)
    pool("avg_pool2d", "ceil_mode_not_counted", [1, 2, 6, 7], (3, 3), (2, 2), (1, 1), ceil_mode=True, count_include_pad=False)
    for variant, x, size in [("7x5_to_3x2", [2, 3, 7, 5], (3, 2)), ("global_1x1", [2, 4, 6, 6], (1, 1)),
                             ("identity", [1, 2, 5, 5], (5, 5)), ("upsample_4x3_to_6x7", [1, 2, 4, 3], (6, 7)),
                             ("unbatched", [3, 9, 10], (4, 3))]:
        case("adaptive_avg_pool2d", variant, lambda r, x=x: [r.uniform(*x)], {"output_size": list(size)})


def batch_norm():
    def inputs(r, shape):
        c = shape[1]
        return [r.uniform(*shape), r.uniform(c, lo=-0.5, hi=0.5), r.positive(c), r.uniform(c), r.uniform(c)]
    for variant, shape in [("train_4d", [3, 2, 4, 5]), ("train_batch_1", [1, 3, 3, 3])]:
        case("batch_norm", variant, lambda r, s=shape: inputs(r, s), {"training": True, "momentum": 0.1, "eps": 1e-5}, no_grad=(1, 2))
    case("batch_norm", "eval_4d", lambda r: inputs(r, [2, 3, 4, 3]), {"training": False, "momentum": 0.1, "eps": 1e-3}, no_grad=(1, 2))


def main():
    convolutions()
    pooling()
    batch_norm()
    write_cases(OUT_PATH, {"generator": "tests/reference/generate_conv.py", "torch_version": torch.__version__}, CASES)


if __name__ == "__main__":
    main()
