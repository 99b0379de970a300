using Nabla.Kernels;

namespace Nabla;

// Views: new shape/strides/offset over the same storage; each backward maps the gradient back onto the input's layout.
public sealed partial class Tensor
{
    /// <summary>A view of this tensor's storage; the backward node is built only when autograd records.</summary>
    private Tensor ViewOf<TNode>(int[] newShape, int[] newStrides, int newOffset, TNode factory) where TNode : struct, INodeFactory
    {
        var y = new Tensor(Storage, newShape, newStrides, newOffset);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, factory.Create(this)) : y;
    }

    // Struct factories: no closure is allocated on the (common) path where nothing is recorded.
    private interface INodeFactory { Node Create(Tensor x); }
    // name: what PyTorch's grad_fn says for the view (ViewBackward0, SqueezeBackward1 …); the backward is a reshape.
    private readonly struct ReshapeNode(string name) : INodeFactory { public Node Create(Tensor x) => new ReshapeBackward(x, name); }
    private readonly struct ExpandNode : INodeFactory { public Node Create(Tensor x) => new ExpandBackward(x); }
    private readonly struct PermuteNode(int[] dims, string name) : INodeFactory { public Node Create(Tensor x) => new PermuteBackward(x, dims, name); }
    private readonly struct SliceNode(int dim, int start, int step) : INodeFactory { public Node Create(Tensor x) => new SliceBackward(x, dim, start, step); }
    private readonly struct SelectNode(int dim, int index) : INodeFactory { public Node Create(Tensor x) => new SelectBackward(x, dim, index); }

    /// <summary>Same elements, new shape (one dim may be −1); a view when the layout allows, else a copy.</summary>
    public Tensor Reshape(params int[] newShape)
    {
        var target = InferShape("Reshape", newShape);
        if (ShapeUtil.SameShape(target, shape)) return this;
        if (IsContiguous) return ViewOf(target, ShapeUtil.ContiguousStrides(target), Offset, new ReshapeNode("ViewBackward0"));
        var copy = Contiguous(); // PyTorch records CloneBackward0, then UnsafeViewBackward0
        return copy.ViewOf(target, ShapeUtil.ContiguousStrides(target), copy.Offset, new ReshapeNode("UnsafeViewBackward0"));
    }

    /// <summary>Like Reshape, but never copies: fails on a non-contiguous tensor.</summary>
    public Tensor View(params int[] newShape)
    {
        if (!IsContiguous)
            throw new InvalidOperationException(
                $"View: a tensor of shape {ShapeUtil.Format(shape)} with strides {ShapeUtil.Format(strides)} is not contiguous; use Reshape() or Contiguous() first.");
        return Reshape(InferShape("View", newShape));
    }

    /// <summary>View(other.Shape) (PyTorch's view_as).</summary>
    public Tensor ViewAs(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return View(other.shape);
    }

    private int[] InferShape(string op, int[] requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            if (requested[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException($"{op}: only one dim may be -1 in {ShapeUtil.Format(requested)}.");
                inferred = i;
            }
            else if (requested[i] < 0) throw new ArgumentException($"{op}: invalid dim {requested[i]} in {ShapeUtil.Format(requested)}.");
            else known = Math.Min(known * requested[i], int.MaxValue + 1L); // saturates: past int.MaxValue it cannot match Numel
        }
        var result = (int[])requested.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || Numel % known != 0)
                throw new ArgumentException($"{op}: cannot reshape a tensor of shape {ShapeUtil.Format(shape)} ({Numel} elements) into {ShapeUtil.Format(requested)}.");
            result[inferred] = (int)(Numel / known);
        }
        else if (known != Numel)
            throw new ArgumentException($"{op}: cannot reshape a tensor of shape {ShapeUtil.Format(shape)} ({Numel} elements) into {ShapeUtil.Format(requested)}.");
        return result;
    }

    /// <summary>Reorders dims: result dim i is input dim dims[i].</summary>
    public Tensor Permute(params int[] dims) => Permuted(dims, "PermuteBackward0");

    private Tensor Permuted(int[] dims, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != Rank)
            throw new ArgumentException($"Permute: {dims.Length} dims given for a tensor of shape {ShapeUtil.Format(shape)}.");
        var seen = new bool[Rank];
        var newShape = new int[Rank];
        var newStrides = new int[Rank];
        var normalized = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int d = ShapeUtil.NormalizeDim("Permute", dims[i], Rank);
            if (seen[d]) throw new ArgumentException($"Permute: dim {d} repeated in {ShapeUtil.Format(dims)}.");
            seen[d] = true;
            normalized[i] = d;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
        }
        return ViewOf(newShape, newStrides, Offset, new PermuteNode(normalized, nodeName));
    }

    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ShapeUtil.NormalizeDim("Transpose", dim0, Rank), b = ShapeUtil.NormalizeDim("Transpose", dim1, Rank);
        if (Rank == 0) return this;
        var dims = new int[Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = i;
        (dims[a], dims[b]) = (dims[b], dims[a]);
        return Permuted(dims, "TransposeBackward0");
    }

    /// <summary>All dims reversed (a matrix transposed).</summary>
    public Tensor T => Rank == 2 ? Permute(1, 0) : Permute(Enumerable.Range(0, Rank).Reverse().ToArray());

    /// <summary>The last two dims swapped (batched matrix transpose).</summary>
    public Tensor MT => Rank < 2
        ? throw new InvalidOperationException($"MT: needs at least 2 dims, got shape {ShapeUtil.Format(shape)}.")
        : Transpose(-2, -1);

    /// <summary>Elements start, start+step, … below end along dim (negative indices count from the end; out-of-range ends clamp).</summary>
    public Tensor Slice(int dim, int start, int end, int step = 1)
    {
        ShapeUtil.RequireDims("Slice", shape);
        int d = ShapeUtil.NormalizeDim("Slice", dim, Rank);
        if (step <= 0) throw new ArgumentException($"Slice: step must be positive, got {step}.");
        int size = shape[d];
        int s = (int)Math.Clamp(start < 0 ? (long)start + size : start, 0, size);
        int e = (int)Math.Clamp(end < 0 ? (long)end + size : end, 0, size);
        int length = e > s ? (int)((e - s + (long)step - 1) / step) : 0;
        var newShape = (int[])shape.Clone();
        var newStrides = (int[])strides.Clone();
        newShape[d] = length;
        // With two or more elements, step < size, so the product fits; a length-1 dim's stride is never used.
        newStrides[d] = length > 1 ? strides[d] * step : strides[d];
        return ViewOf(newShape, newStrides, Offset + s * strides[d], new SliceNode(d, s, step));
    }

    /// <summary>length elements starting at start along dim (no clamping: out of range is an error).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        ShapeUtil.RequireDims("Narrow", shape);
        int d = ShapeUtil.NormalizeDim("Narrow", dim, Rank);
        int s = start < 0 ? start + shape[d] : start;
        if (s < 0 || length < 0 || (long)s + length > shape[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: start {start} and length {length} do not fit dim {d} of size {shape[d]} (shape {ShapeUtil.Format(shape)}).");
        return Slice(d, s, s + length);
    }

    /// <summary>The sub-tensor at index along dim, with that dim removed.</summary>
    public Tensor Select(int dim, int index)
    {
        ShapeUtil.RequireDims("Select", shape);
        int d = ShapeUtil.NormalizeDim("Select", dim, Rank);
        int i = index < 0 ? index + shape[d] : index;
        if (i < 0 || i >= shape[d])
            throw new ArgumentOutOfRangeException(nameof(index), $"Select: index {index} is out of range for dim {d} of size {shape[d]} (shape {ShapeUtil.Format(shape)}).");
        var newShape = shape.Where((_, k) => k != d).ToArray();
        var newStrides = strides.Where((_, k) => k != d).ToArray();
        return ViewOf(newShape, newStrides, Offset + i * strides[d], new SelectNode(d, i));
    }

    /// <summary>x[i] — the sub-tensor at index i of the first dim.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[int index]
    {
        get => Rank == 0
            ? throw new ArgumentException("Indexer: a 0-d tensor (shape []) cannot be indexed; use Item() to read its value.")
            : Select(0, index);
        set => this[(TensorIndex)index] = value;
    }

    /// <summary>Broadcasts size-1 dims (and new leading dims) to a larger shape without copying; −1 keeps a dim.</summary>
    public Tensor Expand(params int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        if (newShape.Length < Rank)
            throw new ArgumentException($"Expand: cannot expand shape {ShapeUtil.Format(shape)} to {ShapeUtil.Format(newShape)} (fewer dims).");
        int lead = newShape.Length - Rank;
        var target = new int[newShape.Length];
        var newStrides = new int[newShape.Length];
        for (int i = 0; i < newShape.Length; i++)
        {
            int want = newShape[i];
            if (i < lead)
            {
                if (want < 0) throw new ArgumentException($"Expand: the new leading dim {i} must be non-negative (-1 only keeps an existing dim), got {ShapeUtil.Format(newShape)}.");
                target[i] = want;
                continue;
            }
            int have = shape[i - lead];
            if (want == -1) want = have;
            if (want < 0) throw new ArgumentException($"Expand: invalid size {want} for dim {i} in {ShapeUtil.Format(newShape)} (only -1, to keep the dim, may be negative).");
            if (have != want && have != 1)
                throw new ArgumentException($"Expand: cannot expand shape {ShapeUtil.Format(shape)} to {ShapeUtil.Format(newShape)} (dim {i}: {have} vs {want}).");
            target[i] = want;
            newStrides[i] = have == want ? strides[i - lead] : 0;
        }
        if (ShapeUtil.SameShape(target, shape)) return this;
        ShapeUtil.Numel("Expand", target);
        return ViewOf(target, newStrides, Offset, default(ExpandNode));
    }

    public Tensor ExpandAs(Tensor other) => Expand(other.shape);

    /// <summary>Removes every size-1 dim.</summary>
    public Tensor Squeeze()
    {
        var keep = Enumerable.Range(0, Rank).Where(i => shape[i] != 1).ToArray();
        if (keep.Length == Rank) return this;
        return ViewOf(keep.Select(i => shape[i]).ToArray(), keep.Select(i => strides[i]).ToArray(), Offset, new ReshapeNode("SqueezeBackward0"));
    }

    /// <summary>Removes dim if it has size 1 (otherwise returns the tensor unchanged, as PyTorch does).</summary>
    public Tensor Squeeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim("Squeeze", dim, Rank);
        if (Rank == 0) return this;
        if (shape[d] != 1) return this;
        var newShape = shape.Where((_, i) => i != d).ToArray();
        var newStrides = strides.Where((_, i) => i != d).ToArray();
        return ViewOf(newShape, newStrides, Offset, new ReshapeNode("SqueezeBackward1"));
    }

    /// <summary>Inserts a size-1 dim at position dim (−1 appends).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim("Unsqueeze", dim, Rank + 1);
        var newShape = shape.ToList();
        var newStrides = strides.ToList();
        newShape.Insert(d, 1);
        newStrides.Insert(d, d < Rank ? strides[d] * shape[d] : 1);
        return ViewOf(newShape.ToArray(), newStrides.ToArray(), Offset, new ReshapeNode("UnsqueezeBackward0"));
    }

    /// <summary>Merges dims startDim … endDim into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        int s = ShapeUtil.NormalizeDim("Flatten", startDim, Rank), e = ShapeUtil.NormalizeDim("Flatten", endDim, Rank);
        if (Rank == 0) return Reshape(1);
        if (s > e) throw new ArgumentException($"Flatten: startDim {startDim} comes after endDim {endDim}.");
        var newShape = new List<int>();
        for (int i = 0; i < s; i++) newShape.Add(shape[i]);
        newShape.Add(ShapeUtil.Product("Flatten", shape, s, e + 1)); // overflows only when another dim is 0
        for (int i = e + 1; i < Rank; i++) newShape.Add(shape[i]);
        return Reshape(newShape.ToArray());
    }

    /// <summary>Sums a broadcast tensor back down to shape (the adjoint of broadcasting).</summary>
    public Tensor SumTo(ReadOnlySpan<int> target)
    {
        if (ShapeUtil.SameShape(shape, target)) return this;
        if (TrySumLeadingRows(target) is { } rows) return rows;
        int lead = Rank - target.Length;
        if (lead < 0) throw new ArgumentException($"SumTo: cannot sum shape {ShapeUtil.Format(shape)} to the larger rank of {ShapeUtil.Format(target)}.");
        var dims = new List<int>();
        for (int i = 0; i < Rank; i++)
        {
            if (i < lead) dims.Add(i);
            else if (target[i - lead] == 1 && shape[i] != 1) dims.Add(i);
            else if (target[i - lead] != shape[i])
                throw new ArgumentException($"SumTo: shape {ShapeUtil.Format(shape)} does not broadcast from {ShapeUtil.Format(target)}.");
        }
        var summed = dims.Count > 0 ? Sum(dims.ToArray(), keepDim: true) : this;
        return summed.Reshape(target.ToArray());
    }

    private sealed class ReshapeBackward(Tensor x, string name) : Node(x)
    {
        private readonly int[] inputShape = x.shape;
        public override string Name => name;
        protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(inputShape)];
    }

    private sealed class PermuteBackward(Tensor x, int[] dims, string name) : Node(x)
    {
        public override string Name => name;

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var inverse = new int[dims.Length];
            for (int i = 0; i < dims.Length; i++) inverse[dims[i]] = i;
            return [g.Permute(inverse)];
        }
    }

    private sealed class ExpandBackward(Tensor x) : Node(x)
    {
        private readonly int[] inputShape = x.shape;
        protected internal override Tensor?[] Backward(Tensor g) => [g.SumTo(inputShape)];
    }

    private sealed class SliceBackward(Tensor x, int dim, int start, int step) : Node(x)
    {
        private readonly int[] inputShape = x.shape;
        protected internal override Tensor?[] Backward(Tensor g) => [g.SliceScatterIntoZeros(inputShape, dim, start, step)];
    }

    private sealed class SelectBackward(Tensor x, int dim, int index) : Node(x)
    {
        private readonly int[] inputShape = x.shape;
        protected internal override Tensor?[] Backward(Tensor g) => [g.Unsqueeze(dim).SliceScatterIntoZeros(inputShape, dim, index, 1)];
    }

    /// <summary>A zero tensor of inputShape with this tensor written into the slice (dim, start, ∙, step): Slice's adjoint.</summary>
    internal Tensor SliceScatterIntoZeros(int[] inputShape, int dim, int start, int step)
    {
        var y = Zeros(inputShape, DType);
        using (NoGrad())
            y.Slice(dim, start, start + (shape[dim] - 1) * step + 1, step).Copy_(this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new SliceScatterBackward(this, dim, start, step)) : y;
    }

    private sealed class SliceScatterBackward(Tensor src, int dim, int start, int step) : Node(src)
    {
        private readonly int length = src.shape[dim];
        protected internal override Tensor?[] Backward(Tensor g) => [g.Slice(dim, start, start + (length - 1) * step + 1, step)];
    }

    /// <summary>
    /// The usual bias gradient, [N, …, C] summed to [C] (or [1, C]), straight into a new tensor when nothing is
    /// recorded: it runs for every bias on every step.
    /// </summary>
    private Tensor? TrySumLeadingRows(ReadOnlySpan<int> target)
    {
        if (!IsContiguous || !DType.IsFloatingPoint() || (RequiresGrad && GradMode.IsEnabled) || Numel == 0) return null;
        int lead = Rank - target.Length;
        if (lead < 0) return null;
        int inner = 1, innerFrom = 0;
        while (innerFrom < target.Length && target[innerFrom] == 1 && shape[lead + innerFrom] != 1) innerFrom++;
        if (innerFrom == 0 && lead == 0) return null;
        for (int i = innerFrom; i < target.Length; i++)
        {
            if (target[i] != shape[lead + i]) return null;
            inner *= target[i];
        }
        int rows = Numel / Math.Max(inner, 1);
        var y = new Tensor(DType, target.ToArray());
        if (DType == DType.Float32) Reduce.Run<float, SumReduce<float>>(Span<float>(), 1, rows, inner, y.Span<float>());
        else Reduce.Run<double, SumReduce<double>>(Span<double>(), 1, rows, inner, y.Span<double>());
        return y;
    }
}
