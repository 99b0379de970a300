using Nabla.Kernels;

namespace Nabla;

/// <summary>
/// The advanced part of a subscript over a view of shape <see cref="ViewShape"/>: index tensors broadcast to one
/// shape B pick, for each position of B, a sub-tensor of the remaining ("rest") dims. Every pick is stored as an
/// element offset into a row-major tensor of ViewShape, so taking (a gather) and putting (a scatter, its adjoint) are
/// two flat loops. PyTorch's placement rule: when the indexed dims are adjacent, B replaces them in place; otherwise
/// B goes first.
/// </summary>
internal sealed class AdvancedIndex
{
    public required int[] ViewShape { get; init; }

    /// <summary>Row-major offset of each pick (one per element of B).</summary>
    public required int[] Offsets { get; init; }

    /// <summary>Row-major offset of each element of the rest dims, relative to a pick.</summary>
    public required int[] RestOffsets { get; init; }

    /// <summary>B followed by the rest dims: the layout the kernels read and write.</summary>
    public required int[] GatheredShape { get; init; }

    /// <summary>Where the dims of <see cref="GatheredShape"/> go in the result (null: the same order).</summary>
    public int[]? Placement { get; init; }

    public required int[] ResultShape { get; init; }

    public static AdvancedIndex Build(string op, int[] viewShape, List<(int Dim, Tensor Index)> advanced)
    {
        var b = advanced.Select(a => a.Index.ShapeRef).Aggregate(Array.Empty<int>(), (s, t) => ShapeUtil.Broadcast(op, s, t));
        var strides = ShapeUtil.ContiguousStrides(viewShape);
        var offsets = new long[ShapeUtil.Numel(op, b)];
        foreach (var (dim, index) in advanced)
        {
            var positions = index.Expand(b).ToArray<long>();
            int size = viewShape[dim];
            for (int j = 0; j < positions.Length; j++)
            {
                long p = positions[j];
                if (p < -size || p >= size)
                    throw new ArgumentOutOfRangeException(nameof(advanced),
                        $"{op}: index {p} is out of range for dim {dim} of size {size} (indexing a tensor of shape {ShapeUtil.Format(viewShape)} with an index of shape {ShapeUtil.Format(index.ShapeRef)}).");
                offsets[j] += (p < 0 ? p + size : p) * strides[dim];
            }
        }
        var dims = advanced.Select(a => a.Dim).ToArray();
        var rest = Enumerable.Range(0, viewShape.Length).Where(d => !dims.Contains(d)).ToArray();
        int[] gathered = [.. b, .. rest.Select(d => viewShape[d])];
        bool adjacent = dims.Zip(dims.Skip(1)).All(p => p.Second == p.First + 1);
        int first = adjacent ? dims[0] : 0; // rest dims before the block
        int[]? placement = null;
        int[] result = gathered;
        if (first > 0)
        {
            // result = rest[..first] + B + rest[first..]; placement[i] = the gathered dim shown at result dim i
            placement = [.. Enumerable.Range(b.Length, first), .. Enumerable.Range(0, b.Length), .. Enumerable.Range(b.Length + first, rest.Length - first)];
            result = placement.Select(i => gathered[i]).ToArray();
        }
        return new AdvancedIndex
        {
            ViewShape = viewShape,
            Offsets = offsets.Select(o => (int)o).ToArray(),
            RestOffsets = RowMajorOffsets(rest.Select(d => viewShape[d]).ToArray(), rest.Select(d => strides[d]).ToArray()),
            GatheredShape = gathered,
            Placement = placement,
            ResultShape = result,
        };
    }

    /// <summary>The offset of each element of shape, in row-major order, for the given strides.</summary>
    private static int[] RowMajorOffsets(int[] shape, int[] strides)
    {
        var offsets = new int[ShapeUtil.Numel(shape)];
        var at = new int[shape.Length];
        int offset = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = offset;
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++at[k] < shape[k]) break;
                offset -= strides[k] * shape[k];
                at[k] = 0;
            }
        }
        return offsets;
    }

    /// <summary>view[B-picks] in the result's dim order (differentiable: the gradient scatters back).</summary>
    public Tensor Take(Tensor view)
    {
        var gathered = Gather(view);
        return Placement is null ? gathered : gathered.Permute(Placement);
    }

    /// <summary>Values of the result's shape rearranged into the gathered layout [B, rest].</summary>
    public Tensor ToGatheredLayout(Tensor values)
    {
        if (Placement is null) return values;
        var inverse = new int[Placement.Length];
        for (int i = 0; i < Placement.Length; i++) inverse[Placement[i]] = i;
        return values.Permute(inverse);
    }

    /// <summary>The picks of a tensor of ViewShape, as a new tensor of GatheredShape.</summary>
    private Tensor Gather(Tensor view)
    {
        var src = view.Detach().Contiguous();
        var y = new Tensor(view.DType, (int[])GatheredShape.Clone());
        switch (view.DType)
        {
            case DType.Float32: OffsetIndexing.Take<float>(src.Span<float>(), Offsets, RestOffsets, y.Span<float>()); break;
            case DType.Float64: OffsetIndexing.Take<double>(src.Span<double>(), Offsets, RestOffsets, y.Span<double>()); break;
            default: OffsetIndexing.Take<long>(src.Span<long>(), Offsets, RestOffsets, y.Span<long>()); break;
        }
        return Dispatch.NeedsGrad(view) ? Dispatch.Record(y, new IndexBackward(view, this)) : y;
    }

    /// <summary>Writes (or adds) values of GatheredShape at the picks of dst, a contiguous tensor of ViewShape; no autograd.</summary>
    public void PutRaw(Tensor dst, Tensor values, bool accumulate)
    {
        var src = values.Detach().Contiguous();
        switch (dst.DType)
        {
            case DType.Float32: OffsetIndexing.Put<float>(dst.Span<float>(), Offsets, RestOffsets, src.Span<float>(), accumulate); break;
            case DType.Float64: OffsetIndexing.Put<double>(dst.Span<double>(), Offsets, RestOffsets, src.Span<double>(), accumulate); break;
            default: OffsetIndexing.Put<long>(dst.Span<long>(), Offsets, RestOffsets, src.Span<long>(), accumulate); break;
        }
    }

    /// <summary>Zeros of ViewShape with values (GatheredShape) added at the picks: Gather's adjoint.</summary>
    public Tensor PutIntoZeros(Tensor values)
    {
        var y = Tensor.Zeros(ViewShape, values.DType);
        PutRaw(y, values, accumulate: true);
        return Dispatch.NeedsGrad(values) ? Dispatch.Record(y, new IndexPutIntoZerosBackward(values, this)) : y;
    }

    private sealed class IndexBackward(Tensor view, AdvancedIndex index) : Node(view)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [index.PutIntoZeros(g)];
    }

    private sealed class IndexPutIntoZerosBackward(Tensor values, AdvancedIndex index) : Node(values)
    {
        public override string Name => "IndexPutBackward0";
        protected internal override Tensor?[] Backward(Tensor g) => [index.Gather(g)];
    }
}
