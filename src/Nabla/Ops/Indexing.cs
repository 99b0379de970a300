using Nabla.Kernels;

namespace Nabla;

// Joining and indexing: Cat, Stack, Gather, IndexSelect, OneHot. Their adjoints (ScatterAdd, IndexAdd) are in Scatter.cs.
public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing dim; all other dims must match.</summary>
    public static Tensor Cat(Tensor[] tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("Cat: expected a non-empty list of tensors.");
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"Cat: the tensor at position {i} is null.");
            if (tensors[i].Rank == 0) throw new ArgumentException($"Cat: the tensor at position {i} is 0-d (shape []) and cannot be concatenated; Unsqueeze it or use Stack.");
        }
        var first = tensors[0];
        int d = ShapeUtil.NormalizeDim("Cat", dim, first.Rank);
        var dtype = tensors.Select(t => t.DType).Aggregate(DTypeExtensions.Promote);
        var outShape = (int[])first.shape.Clone();
        long joined = 0;
        foreach (var t in tensors)
        {
            bool fits = t.Rank == first.Rank;
            for (int i = 0; fits && i < t.Rank; i++) fits = i == d || t.shape[i] == first.shape[i];
            if (!fits)
                throw new ArgumentException($"Cat: shapes {string.Join(", ", tensors.Select(x => ShapeUtil.Format(x.shape)))} differ outside dim {d}.");
            joined += t.shape[d];
        }
        if (joined > int.MaxValue)
            throw new ArgumentException($"Cat: joining shapes {string.Join(", ", tensors.Select(x => ShapeUtil.Format(x.shape)))} along dim {d} gives a size of {joined}, more than {int.MaxValue} (int.MaxValue).");
        outShape[d] = (int)joined;
        var y = Zeros(outShape, dtype, "Cat");
        int offset = 0;
        using (NoGrad())
            foreach (var t in tensors)
            {
                y.Narrow(d, offset, t.shape[d]).Copy_(t);
                offset += t.shape[d];
            }
        return Dispatch.NeedsGrad(tensors) ? Dispatch.Record(y, new CatBackward(tensors, tensors.Select(t => t.shape[d]).ToArray(), d)) : y;
    }

    /// <summary>Joins equally shaped tensors along a new dim.</summary>
    public static Tensor Stack(Tensor[] tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("Stack: expected a non-empty list of tensors.");
        for (int i = 0; i < tensors.Length; i++)
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"Stack: the tensor at position {i} is null.");
        foreach (var t in tensors)
            if (!ShapeUtil.SameShape(t.shape, tensors[0].shape))
                throw new ArgumentException($"Stack: all tensors must have the same shape, got {string.Join(", ", tensors.Select(x => ShapeUtil.Format(x.shape)))}.");
        int d = ShapeUtil.NormalizeDim("Stack", dim, tensors[0].Rank + 1);
        return Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (and likewise for other dims).</summary>
    public Tensor Gather(int dim, Tensor index)
    {
        int d = ShapeUtil.NormalizeDim("Gather", dim, Rank);
        CheckIndexTensor("Gather", index);
        if (Rank == 0) return GatherFromScalar(index);
        if (index.Rank != Rank)
            throw new ArgumentException($"Gather: index of shape {ShapeUtil.Format(index.shape)} must have the same rank as the input {ShapeUtil.Format(shape)}.");
        for (int i = 0; i < Rank; i++)
            if (i != d && index.shape[i] != shape[i])
                throw new ArgumentException($"Gather: index shape {ShapeUtil.Format(index.shape)} must match input shape {ShapeUtil.Format(shape)} outside dim {d}.");
        var src = Detach().Contiguous();
        var idx = index.Contiguous();
        var y = new Tensor(DType, (int[])index.shape.Clone());
        var (outer, inner) = OuterInner("Gather", index.shape, d);
        switch (DType)
        {
            case DType.Float32: Indexing.Gather<float>(src.Span<float>(), shape[d], idx.Span<long>(), outer, index.shape[d], inner, y.Span<float>(), "Gather"); break;
            case DType.Float64: Indexing.Gather<double>(src.Span<double>(), shape[d], idx.Span<long>(), outer, index.shape[d], inner, y.Span<double>(), "Gather"); break;
            default: Indexing.Gather<long>(src.Span<long>(), shape[d], idx.Span<long>(), outer, index.shape[d], inner, y.Span<long>(), "Gather"); break;
        }
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new GatherBackward(this, d, idx)) : y;
    }

    /// <summary>PyTorch reads a 0-d input and a 0-d or 1-d index as 1-d: every index must be 0 or −1.</summary>
    private Tensor GatherFromScalar(Tensor index)
    {
        if (index.Rank > 1)
            throw new ArgumentException($"Gather: index of shape {ShapeUtil.Format(index.shape)} must have the same rank as the input [] (a 0-d input takes a 0-d or 1-d index).");
        return Reshape(1).Gather(0, index.Reshape(-1)).Reshape(index.shape);
    }

    /// <summary>The entries at the given positions (a 1-d Int64 index) along dim.</summary>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        int d = ShapeUtil.NormalizeDim("IndexSelect", dim, Rank);
        CheckIndexTensor("IndexSelect", index);
        if (index.Rank > 1) throw new ArgumentException($"IndexSelect: index must be 1-d, got shape {ShapeUtil.Format(index.shape)}.");
        var idx = index.Reshape(-1).Contiguous();
        var src = Detach().Contiguous();
        var outShape = Rank == 0 ? [] : (int[])shape.Clone();
        if (Rank > 0) outShape[d] = idx.Numel;
        ShapeUtil.Numel("IndexSelect", outShape);
        var y = new Tensor(DType, outShape);
        var (outer, inner) = OuterInner("IndexSelect", shape, d);
        switch (DType)
        {
            case DType.Float32: Indexing.Select<float>(src.Span<float>(), Rank == 0 ? 1 : shape[d], idx.Span<long>(), outer, inner, y.Span<float>(), "IndexSelect"); break;
            case DType.Float64: Indexing.Select<double>(src.Span<double>(), Rank == 0 ? 1 : shape[d], idx.Span<long>(), outer, inner, y.Span<double>(), "IndexSelect"); break;
            default: Indexing.Select<long>(src.Span<long>(), Rank == 0 ? 1 : shape[d], idx.Span<long>(), outer, inner, y.Span<long>(), "IndexSelect"); break;
        }
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new IndexSelectBackward(this, d, idx)) : y;
    }

    /// <summary>One-hot rows: shape indices.Shape + [numClasses], Int64 (−1 infers numClasses as max + 1).</summary>
    public static Tensor OneHot(Tensor indices, int numClasses = -1)
    {
        CheckIndexTensor("OneHot", indices);
        var values = indices.ToArray<long>();
        if (numClasses < 0)
        {
            long inferred = values.Length == 0 ? 0 : values.Max() + 1;
            if (inferred > int.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(indices), $"OneHot: class index {inferred - 1} is too large: at most {int.MaxValue} (int.MaxValue) classes.");
            numClasses = (int)inferred;
        }
        var y = Zeros(indices.shape.Concat(new[] { numClasses }).ToArray(), DType.Int64, "OneHot");
        var dst = y.Span<long>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] >= numClasses)
                throw new ArgumentOutOfRangeException(nameof(indices), $"OneHot: class index {values[i]} is out of range for {numClasses} classes.");
            dst[i * numClasses + (int)values[i]] = 1;
        }
        return y;
    }

    private static void CheckIndexTensor(string op, Tensor index)
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}: index must be an Int64 tensor, got {index.DType} of shape {ShapeUtil.Format(index.shape)}.");
    }

    /// <summary>Products of the dims before and after dim.</summary>
    private static (int Outer, int Inner) OuterInner(string op, int[] shape, int dim) =>
        (ShapeUtil.Product(op, shape, 0, dim), ShapeUtil.Product(op, shape, dim + 1, shape.Length));

    private sealed class CatBackward(Tensor[] inputs, int[] lengths, int dim) : Node(inputs)
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            var grads = new Tensor?[lengths.Length];
            int offset = 0;
            for (int i = 0; i < lengths.Length; i++)
            {
                int length = lengths[i];
                if (NeedsGrad(i)) grads[i] = g.Narrow(dim, offset, length);
                offset += length;
            }
            return grads;
        }
    }
    private sealed class GatherBackward(Tensor x, int dim, Tensor index) : Node([x], [index])
    {
        private readonly int[] inputShape = x.shape;
        protected internal override Tensor?[] Backward(Tensor g) => [g.ScatterAddIntoZeros(inputShape, dim, Saved(0))];
    }

    private sealed class IndexSelectBackward(Tensor x, int dim, Tensor index) : Node([x], [index])
    {
        private readonly int[] inputShape = x.shape;
        protected internal override Tensor?[] Backward(Tensor g) => [g.IndexAddIntoZeros(inputShape, dim, Saved(0))];
    }
}
