using Nabla.Kernels;

namespace Nabla;

/// <summary>What torch.max(x, dim), sort, topk, median(dim) and kthvalue return: the values picked from the input
/// and their positions along dim (Int64). Deconstructs: <c>var (values, indices) = x.Max(1);</c></summary>
public readonly record struct ValuesAndIndices(Tensor Values, Tensor Indices);

// Sort, TopK, Median, Kthvalue: order statistics along one dim. NaN sorts as the largest value, ties keep their
// original order. The values are elements of the input, so the gradient goes back to the picked positions.
public sealed partial class Tensor
{
    /// <summary>The elements sorted along dim, and where each came from. Equal elements keep their order (so every
    /// sort is stable, which PyTorch guarantees only with stable: true).</summary>
    public ValuesAndIndices Sort(int dim = -1, bool descending = false, bool stable = false)
    {
        _ = stable; // accepted for PyTorch's signature: every sort here is stable
        var (d, outer, length, inner, src) = AlongDim("Sort", dim);
        var values = new Tensor(DType, (int[])shape.Clone());
        var indices = new Tensor(DType.Int64, (int[])shape.Clone());
        var idx = indices.Span<long>();
        switch (DType)
        {
            case DType.Float32: Sorting.Sort(src.Span<float>(), outer, length, inner, values.Span<float>(), idx, descending); break;
            case DType.Float64: Sorting.Sort(src.Span<double>(), outer, length, inner, values.Span<double>(), idx, descending); break;
            default: Sorting.Sort(src.Span<long>(), outer, length, inner, values.Span<long>(), idx, descending); break;
        }
        return Picked("SortBackward0", d, values, indices, resultShape: null);
    }

    /// <summary>The positions that sort the tensor along dim (Int64).</summary>
    public Tensor ArgSort(int dim = -1, bool descending = false, bool stable = false)
    {
        using (NoGrad()) return Sort(dim, descending, stable).Indices;
    }

    /// <summary>The k largest (or smallest) elements along dim, in sorted order, with their positions.</summary>
    public ValuesAndIndices TopK(int k, int dim = -1, bool largest = true, bool sorted = true)
    {
        _ = sorted; // the result is always sorted, which also satisfies sorted: false
        int d = ShapeUtil.NormalizeDim("TopK", dim, Rank);
        int size = Rank == 0 ? 1 : shape[d];
        if (k < 0 || k > size)
            throw new ArgumentOutOfRangeException(nameof(k), $"TopK: k = {k} is out of range for dim {d} of size {size} (shape {ShapeUtil.Format(shape)}).");
        ValuesAndIndices all;
        using (NoGrad()) all = Detach().Sort(d, descending: largest);
        if (Rank == 0) return Picked("TopkBackward0", d, all.Values, all.Indices, resultShape: null);
        return Picked("TopkBackward0", d, all.Values.Narrow(d, 0, k).Contiguous(), all.Indices.Narrow(d, 0, k).Contiguous(), resultShape: null);
    }

    /// <summary>The lower median of all elements (0-d); NaN if any element is NaN. Ties share the gradient equally.</summary>
    public Tensor Median()
    {
        var flat = Reshape(-1);
        if (flat.Numel == 0)
        {
            Dispatch.RequireFloat("Median", this);
            return Full([], double.NaN, DType);
        }
        var (values, _) = flat.Detach().RankAlong("Median", 0, (flat.Numel - 1) / 2, nanWins: true);
        var y = values.Reshape();
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new TiesBackward(this, y, [], null, "MedianBackward0", evenAmongNaN: true)) : y;
    }

    /// <summary>The lower median along dim and its position; a run holding NaN gives its first NaN.</summary>
    public ValuesAndIndices Median(int dim, bool keepDim = false)
    {
        int d = ShapeUtil.NormalizeDim("Median", dim, Rank);
        int size = Rank == 0 ? 1 : shape[d];
        if (size == 0) throw new ArgumentException($"Median: cannot take the median over dim {d} of size 0 (shape {ShapeUtil.Format(shape)}).");
        var (values, indices) = RankAlong("Median", d, (size - 1) / 2, nanWins: true);
        return Picked("MedianBackward1", d, values, indices, keepDim ? null : ReducedShape(d));
    }

    /// <summary>The k-th smallest element along dim (k counts from 1) and its position.</summary>
    public ValuesAndIndices Kthvalue(int k, int dim = -1, bool keepDim = false)
    {
        int d = ShapeUtil.NormalizeDim("Kthvalue", dim, Rank);
        int size = Rank == 0 ? 1 : shape[d];
        if (k < 1 || k > size)
            throw new ArgumentOutOfRangeException(nameof(k), $"Kthvalue: k = {k} is out of range for dim {d} of size {size} (shape {ShapeUtil.Format(shape)}); k counts from 1.");
        var (values, indices) = RankAlong("Kthvalue", d, k - 1, nanWins: false);
        return Picked("KthvalueBackward0", d, values, indices, keepDim ? null : ReducedShape(d));
    }

    /// <summary>The element of the given ascending rank along dim (no autograd), shaped with dim kept as 1.</summary>
    private ValuesAndIndices RankAlong(string op, int dim, int rank, bool nanWins)
    {
        var (d, outer, length, inner, src) = AlongDim(op, dim);
        var kept = Rank == 0 ? [] : (int[])shape.Clone();
        if (Rank > 0) kept[d] = 1;
        var values = new Tensor(DType, kept);
        var indices = new Tensor(DType.Int64, (int[])kept.Clone());
        var idx = indices.Span<long>();
        switch (DType)
        {
            case DType.Float32: Sorting.SelectRank(src.Span<float>(), outer, length, inner, rank, nanWins, values.Span<float>(), idx); break;
            case DType.Float64: Sorting.SelectRank(src.Span<double>(), outer, length, inner, rank, nanWins, values.Span<double>(), idx); break;
            default: Sorting.SelectRank(src.Span<long>(), outer, length, inner, rank, nanWins, values.Span<long>(), idx); break;
        }
        return new(values, indices);
    }

    /// <summary>dim normalized, and this tensor (detached, contiguous) as an [outer, length, inner] block around it.</summary>
    private (int Dim, int Outer, int Length, int Inner, Tensor Source) AlongDim(string op, int dim)
    {
        int d = ShapeUtil.NormalizeDim(op, dim, Rank);
        if (Rank == 0) return (d, 1, 1, 1, Detach().Contiguous());
        var (outer, inner) = OuterInner(op, shape, d);
        return (d, outer, shape[d], inner, Detach().Contiguous());
    }

    /// <summary>This tensor's shape without dim d.</summary>
    private int[] ReducedShape(int d) => Rank == 0 ? [] : shape.Where((_, i) => i != d).ToArray();

    /// <summary>
    /// Wraps values picked from this tensor at keptIndices along dim (both shaped like the input with dim resized;
    /// reshaped to resultShape when given) and records the node that sends the gradient back to those positions.
    /// </summary>
    private ValuesAndIndices Picked(string nodeName, int dim, Tensor values, Tensor keptIndices, int[]? resultShape)
    {
        var indices = keptIndices;
        if (resultShape is not null)
        {
            values = values.Reshape(resultShape);
            indices = keptIndices.Reshape(resultShape);
        }
        if (Dispatch.NeedsGrad(this)) Dispatch.Record(values, new PickedBackward(this, dim, keptIndices, nodeName));
        return new(values, indices);
    }

    // ∂L/∂x = zeros with ∂L/∂values added at the picked positions (Gather's adjoint, so second order works too).
    private sealed class PickedBackward(Tensor x, int dim, Tensor keptIndices, string name) : Node([x], [keptIndices])
    {
        private readonly int[] inputShape = x.shape;
        public override string Name => name;

        protected internal override Tensor?[] Backward(Tensor g) =>
            [g.Reshape(Saved(0).shape).ScatterAddIntoZeros(inputShape, dim, Saved(0))];
    }
}
