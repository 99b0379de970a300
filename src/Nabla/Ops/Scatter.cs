using Nabla.Kernels;

namespace Nabla;

// The adjoints of Gather and IndexSelect: values added at indexed positions. Public under PyTorch's names
// (scatter_add, index_add: out of place, differentiable w.r.t. self and the source); the "IntoZeros" forms are the
// backward of Gather and IndexSelect.
public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with src's values added at index along dim (PyTorch's scatter_add): for dim = 1,
    /// out[i][index[i][j]] += src[i][j]. index has this tensor's rank and is no larger than src in any dim, nor than
    /// this tensor outside dim; only src's leading index.Shape block is read.
    /// </summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src)
    {
        const string op = "ScatterAdd";
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(src);
        int d = ShapeUtil.NormalizeDim(op, dim, Rank);
        CheckIndexTensor(op, index);
        CheckSameDType(op, src);
        // PyTorch reads 0-d tensors here as 1-d of one element.
        int[] selfShape = Rank == 0 ? [1] : shape, indexShape = index.Rank == 0 ? [1] : index.shape, srcShape = src.Rank == 0 ? [1] : src.shape;
        if (indexShape.Length != selfShape.Length || srcShape.Length != selfShape.Length)
            throw new ArgumentException($"{op}: self {ShapeUtil.Format(shape)}, index {ShapeUtil.Format(index.shape)} and src {ShapeUtil.Format(src.shape)} must have the same number of dims.");
        for (int i = 0; i < selfShape.Length; i++)
            if (indexShape[i] > srcShape[i] || (i != d && indexShape[i] > selfShape[i]))
                throw new ArgumentException(
                    $"{op}: index of shape {ShapeUtil.Format(index.shape)} must be no larger than src {ShapeUtil.Format(src.shape)} in any dim, nor than self {ShapeUtil.Format(shape)} outside dim {d} (dim {i}).");
        if (index.Numel == 0) return Clone();

        // Only src's leading block of index's shape is read: scatter it into zeros shaped like index with dim
        // widened to self's size, pad that to self's shape, and add. Each step is differentiable (and linear).
        var part = src.Reshape(srcShape);
        for (int i = 0; i < srcShape.Length; i++)
            if (srcShape[i] != indexShape[i]) part = part.Narrow(i, 0, indexShape[i]);
        var reach = (int[])indexShape.Clone();
        reach[d] = selfShape[d];
        var added = part.Contiguous().ScatterAddIntoZeros(reach, d, index.Reshape(indexShape));
        for (int i = 0; i < selfShape.Length; i++)
            if (reach[i] != selfShape[i])
            {
                var padded = (int[])added.shape.Clone();
                padded[i] = selfShape[i];
                added = added.SliceScatterIntoZeros(padded, i, 0, 1);
            }
        return this + added.Reshape(shape);
    }

    /// <summary>
    /// A copy of this tensor with alpha·source's slices added at index along dim (PyTorch's index_add): for dim = 0,
    /// out[index[j]] += alpha·source[j]. index is 1-d (or 0-d); source has this tensor's shape except along dim,
    /// where its size is index's length.
    /// </summary>
    public Tensor IndexAdd(int dim, Tensor index, Tensor source, double alpha = 1)
    {
        const string op = "IndexAdd";
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        int d = ShapeUtil.NormalizeDim(op, dim, Rank);
        CheckIndexTensor(op, index);
        CheckSameDType(op, source);
        if (index.Rank > 1) throw new ArgumentException($"{op}: index must be 1-d (or 0-d), got shape {ShapeUtil.Format(index.shape)}.");
        var expected = Rank == 0 ? [] : (int[])shape.Clone();
        if (Rank > 0) expected[d] = index.Numel;
        bool scalarCase = Rank == 0 && source.Numel == 1 && source.Rank <= 1 && index.Numel == 1;
        if (!scalarCase && !ShapeUtil.SameShape(source.shape, expected))
            throw new ArgumentException(
                $"{op}: source of shape {ShapeUtil.Format(source.shape)} does not match self {ShapeUtil.Format(shape)} with dim {d} resized to the {index.Numel} indices ({ShapeUtil.Format(expected)}).");
        var scaled = alpha == 1 ? source : source * alpha;
        return this + scaled.Reshape(expected).IndexAddIntoZeros(shape, d, index);
    }

    private void CheckSameDType(string op, Tensor source)
    {
        if (source.DType != DType)
            throw new ArgumentException($"{op}: self ({DType}, shape {ShapeUtil.Format(shape)}) and source ({source.DType}, shape {ShapeUtil.Format(source.shape)}) must have the same dtype.");
    }

    /// <summary>Zeros of targetShape with this tensor's values added at index along dim (Gather's adjoint): this
    /// tensor and index have the same shape, which equals targetShape outside dim.</summary>
    internal Tensor ScatterAddIntoZeros(int[] targetShape, int dim, Tensor index)
    {
        const string op = "ScatterAdd";
        int d = ShapeUtil.NormalizeDim(op, dim, targetShape.Length);
        CheckIndexTensor(op, index);
        bool fits = ShapeUtil.SameShape(index.shape, shape) && index.Rank == targetShape.Length;
        for (int i = 0; fits && i < targetShape.Length; i++) fits = i == d || index.shape[i] == targetShape[i];
        if (!fits)
            throw new ArgumentException(
                $"{op}: source {ShapeUtil.Format(shape)} and index {ShapeUtil.Format(index.shape)} must have the same shape, equal to the target {ShapeUtil.Format(targetShape)} outside dim {d}.");
        var src = Detach().Contiguous();
        var idx = index.Contiguous();
        var y = Zeros(targetShape, DType, op);
        if (index.Numel > 0) // a non-empty index into an empty target still has its values checked
        {
            var (outer, inner) = OuterInner(op, index.shape, d);
            int count = index.Rank == 0 ? 1 : index.shape[d], size = targetShape.Length == 0 ? 1 : targetShape[d];
            switch (DType)
            {
                case DType.Float32: Indexing.ScatterAdd<float>(src.Span<float>(), idx.Span<long>(), outer, count, inner, y.Span<float>(), size, op); break;
                case DType.Float64: Indexing.ScatterAdd<double>(src.Span<double>(), idx.Span<long>(), outer, count, inner, y.Span<double>(), size, op); break;
                default: Indexing.ScatterAdd<long>(src.Span<long>(), idx.Span<long>(), outer, count, inner, y.Span<long>(), size, op); break;
            }
        }
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ScatterAddBackward(this, d, idx)) : y;
    }

    /// <summary>Zeros of targetShape with this tensor's slices added at index along dim (IndexSelect's adjoint): this
    /// tensor has targetShape except along dim, where its size is index's length.</summary>
    internal Tensor IndexAddIntoZeros(int[] targetShape, int dim, Tensor index)
    {
        const string op = "IndexAdd";
        int d = ShapeUtil.NormalizeDim(op, dim, targetShape.Length);
        CheckIndexTensor(op, index);
        var idx = index.Reshape(-1).Contiguous();
        var expected = (int[])targetShape.Clone();
        if (expected.Length > 0) expected[d] = idx.Numel;
        if (!ShapeUtil.SameShape(shape, expected) && !(targetShape.Length == 0 && Numel == 1 && idx.Numel == 1))
            throw new ArgumentException(
                $"{op}: source of shape {ShapeUtil.Format(shape)} does not match the target {ShapeUtil.Format(targetShape)} with dim {d} resized to the {idx.Numel} indices.");
        var src = Detach().Contiguous();
        var y = Zeros(targetShape, DType, op);
        var (outer, inner) = OuterInner(op, targetShape, d);
        int size = targetShape.Length == 0 ? 1 : targetShape[d];
        switch (DType)
        {
            case DType.Float32: Indexing.SelectAdd<float>(src.Span<float>(), idx.Span<long>(), outer, inner, y.Span<float>(), size, op); break;
            case DType.Float64: Indexing.SelectAdd<double>(src.Span<double>(), idx.Span<long>(), outer, inner, y.Span<double>(), size, op); break;
            default: Indexing.SelectAdd<long>(src.Span<long>(), idx.Span<long>(), outer, inner, y.Span<long>(), size, op); break;
        }
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new IndexAddBackward(this, d, idx)) : y;
    }

    private sealed class ScatterAddBackward(Tensor src, int dim, Tensor index) : Node([src], [index])
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g.Gather(dim, Saved(0))];
    }

    private sealed class IndexAddBackward(Tensor src, int dim, Tensor index) : Node([src], [index])
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g.IndexSelect(dim, Saved(0))];
    }
}
