#!/usr/bin/env python3
"""Generate PyTorch-written safetensors files for Nabla's IO tests.

Run from the repository root (needs PyTorch; Debian's ``python3-torch`` 1.13.1 is
what the committed files were produced with):

    /usr/bin/python3 tests/reference/generate_safetensors.py

Debian 12 has no ``safetensors`` package, so this script writes the format itself,
the way ``safetensors.torch.save_file`` lays it out:

* 8 bytes: N, the header length, unsigned little-endian;
* N bytes: a JSON object ``{"__metadata__": {str: str}, name: {"dtype": "F32",
  "shape": [..], "data_offsets": [begin, end]}, ...}``, padded with spaces so that
  N is a multiple of 8;
* the data buffer: each tensor's elements, row-major, little-endian; offsets are
  relative to the start of this buffer, and the tensors tile it with no gaps.
  Tensors are laid out by dtype (8-byte types first, so each stays aligned to its
  element size) and then by name, as safetensors' own writer sorts them; the
  header lists them in the same order.

Outputs (all under ``tests/reference/safetensors/``, each a few KB):

* ``mlp.safetensors``: the state dict of ``nn.Sequential(nn.Linear(4, 8),
  nn.Tanh(), nn.Linear(8, 3))`` built after ``torch.manual_seed(0)``, with
  metadata ``{"format": "pt"}``;
* ``mixed.safetensors``: F64, I64 and F32 tensors including a 0-d tensor, an empty
  one, extreme int64 values, -0.0, a subnormal, NaN and infinities, with
  non-ASCII metadata;
* ``expected.json``: the MLP's input batch and PyTorch's output for it, and every
  tensor of ``mixed.safetensors`` with its values. F32 values are written as the
  exact double of each float32; non-finite values as the strings "NaN",
  "Infinity", "-Infinity".

The script reads both files back with the strict reader below and checks that it
gets the same tensors; ``check_nabla_safetensors.py`` uses that reader on files
Nabla wrote.
"""

import json
import math
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "safetensors")

# safetensors dtype name <-> (torch dtype, struct format, element size)
DTYPES = {
    "F32": (torch.float32, "f", 4),
    "F64": (torch.float64, "d", 8),
    "I64": (torch.int64, "q", 8),
}
NAME_OF = {v[0]: k for k, v in DTYPES.items()}


# ---------------------------------------------------------------------------
# A hand-written safetensors writer and a strict reader.
# ---------------------------------------------------------------------------

def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as safetensors_torch.save_file would (dtype, then name)."""
    order = sorted(tensors, key=lambda n: (-DTYPES[NAME_OF[tensors[n].dtype]][2], n))
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(metadata)
    for name in order:
        t = tensors[name].detach().contiguous()
        dtype = NAME_OF[t.dtype]
        fmt = DTYPES[dtype][1]
        blob = struct.pack("<%d%s" % (t.numel(), fmt), *t.flatten().tolist())
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """Parses a safetensors file by hand, checking the layout rules strictly.

    Returns (header_order, tensors, metadata, layout) where layout describes what
    was checked. Raises ValueError naming the problem.
    """
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError("%s: too short" % path)
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        raise ValueError("%s: header length %d past end of file" % (path, n))
    text = raw[8:8 + n]
    if not text.startswith(b"{"):
        raise ValueError("%s: header does not start with '{'" % path)
    pairs = json.loads(text.decode("utf-8"), object_pairs_hook=lambda p: p)
    names = [k for k, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError("%s: duplicate keys in header" % path)
    header = dict(pairs)
    metadata = dict(header.pop("__metadata__", []))
    if not all(isinstance(v, str) for v in metadata.values()):
        raise ValueError("%s: metadata values must be strings" % path)
    data = raw[8 + n:]
    spans, tensors = [], {}
    for name in header:
        entry = dict(header[name])
        dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        torch_dtype, fmt, size = DTYPES[dtype]
        numel = math.prod(shape)
        if end - begin != numel * size or not 0 <= begin <= end <= len(data):
            raise ValueError("%s: bad data_offsets for %s" % (path, name))
        values = struct.unpack("<%d%s" % (numel, fmt), data[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch_dtype).reshape(shape)
        spans.append((begin, end, name, size))
    cursor = 0
    for begin, end, name, size in sorted(spans):
        if begin != cursor:
            raise ValueError("%s: gap or overlap before %s" % (path, name))
        cursor = end
    if cursor != len(data):
        raise ValueError("%s: data buffer not fully covered" % path)
    layout = {
        "header_bytes": n,
        "header_padded_to_8": n % 8 == 0,
        "aligned": all(begin % size == 0 for begin, _, _, size in spans),
    }
    return [k for k in header], tensors, metadata, layout


# ---------------------------------------------------------------------------
# JSON helpers
# ---------------------------------------------------------------------------

def json_value(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def tensor_json(t):
    return {"dtype": NAME_OF[t.dtype], "shape": list(t.shape),
            "data": [json_value(v) for v in t.detach().flatten().tolist()]}


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(
        a.view(torch.int64) if a.dtype == torch.float64 else a.view(torch.int32) if a.dtype == torch.float32 else a,
        b.view(torch.int64) if b.dtype == torch.float64 else b.view(torch.int32) if b.dtype == torch.float32 else b)


def make_mlp():
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))


# ---------------------------------------------------------------------------

def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.manual_seed(0)
    model = make_mlp()
    x = torch.randn(5, 4)
    with torch.no_grad():
        y = model(x)
    mlp_path = os.path.join(OUT_DIR, "mlp.safetensors")
    write_safetensors(mlp_path, model.state_dict(), {"format": "pt"})

    g = torch.Generator().manual_seed(1)
    mixed = {
        "weights_f64": torch.randn(2, 3, dtype=torch.float64, generator=g),
        "specials_f64": torch.tensor([-0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                                      float("nan"), float("inf"), float("-inf"), 0.1], dtype=torch.float64),
        "scalar_f64": torch.tensor(math.pi, dtype=torch.float64),
        "labels_i64": torch.tensor([0, 2, 1, -1, 2 ** 53 + 1, -(2 ** 63), 2 ** 63 - 1], dtype=torch.int64),
        "empty_i64": torch.zeros(0, 2, dtype=torch.int64),
        # written from a transposed (non-contiguous) view: the file holds its row-major elements
        "features_f32": torch.randn(3, 2, generator=g).t().reshape(2, 1, 3),
        "odd_f32": torch.tensor([1.5, -2.25, 3.0e-40], dtype=torch.float32),  # 3 floats: 12 bytes
    }
    mixed_meta = {"format": "pt", "note": "ünïcödé ✓ \"quoted\"", "empty": ""}
    mixed_path = os.path.join(OUT_DIR, "mixed.safetensors")
    write_safetensors(mixed_path, mixed, mixed_meta)

    # Read both back with the strict reader: the writer must produce what it claims.
    order, back, meta, layout = read_safetensors(mlp_path)
    assert meta == {"format": "pt"} and layout["header_padded_to_8"] and layout["aligned"], layout
    assert all(same(back[k], v) for k, v in model.state_dict().items()), "mlp round trip"
    loaded = make_mlp()
    loaded.load_state_dict(back)
    assert torch.equal(loaded(x), y)
    mixed_order, mixed_back, meta2, layout2 = read_safetensors(mixed_path)
    assert meta2 == mixed_meta and layout2["header_padded_to_8"] and layout2["aligned"], layout2
    assert all(same(mixed_back[k], v.contiguous()) for k, v in mixed.items()), "mixed round trip"

    expected = {
        "generator": "tests/reference/generate_safetensors.py",
        "torch_version": torch.__version__,
        "mlp": {
            "file": "mlp.safetensors",
            "architecture": "Sequential(Linear(4, 8), Tanh(), Linear(8, 3))",
            "metadata": {"format": "pt"},
            "header_order": order,
            "state_dict": {k: tensor_json(v) for k, v in model.state_dict().items()},
            "input": tensor_json(x),
            "output": tensor_json(y),
        },
        "mixed": {
            "file": "mixed.safetensors",
            "metadata": mixed_meta,
            "header_order": mixed_order,
            "tensors": {k: tensor_json(v) for k, v in mixed.items()},
        },
    }
    with open(os.path.join(OUT_DIR, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for name in ("mlp.safetensors", "mixed.safetensors", "expected.json"):
        print("%-20s %6d bytes" % (name, os.path.getsize(os.path.join(OUT_DIR, name))))


if __name__ == "__main__":
    sys.exit(main())
