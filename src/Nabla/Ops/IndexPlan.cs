namespace Nabla;

/// <summary>
/// A subscript <c>x[i, a:b, None, ..., idx, mask]</c> resolved against one shape, following PyTorch: integers,
/// slices and NewAxis make a view (<see cref="Basic"/>); index tensors and masks (a mask of rank r stands for r index
/// tensors, its non-zero coordinates) are broadcast together and gather whole sub-tensors from that view
/// (<see cref="Advanced"/>). The plan holds only shapes and positions, so backward nodes keep it without a tensor.
/// </summary>
internal sealed class IndexPlan
{
    /// <summary>The subscript without tensors: each index tensor is a full slice here, a 0-d mask a NewAxis.</summary>
    public required TensorIndex[] Basic { get; init; }

    /// <summary>Null when the subscript has no index tensor: the result is then a view.</summary>
    public AdvancedIndex? Advanced { get; init; }

    public required int[] ResultShape { get; init; }

    public static IndexPlan Build(string op, int[] shape, TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var items = ExpandEllipsis(op, shape, indices);
        var basic = new List<TensorIndex>(items.Count);
        var advanced = new List<(int Dim, Tensor Index)>();
        var viewShape = new List<int>();
        int dim = 0; // the next dim of the input that an entry consumes
        foreach (var item in items)
        {
            switch (item.Type)
            {
                case TensorIndex.Kind.Integer:
                    CheckPosition(op, item, dim, shape);
                    basic.Add(item);
                    dim++;
                    break;
                case TensorIndex.Kind.Slice:
                    var (start, stop) = item.Bounds(shape[dim]);
                    viewShape.Add(stop > start ? (stop - start + item.Step - 1) / item.Step : 0);
                    basic.Add(item);
                    dim++;
                    break;
                case TensorIndex.Kind.NewAxis:
                    viewShape.Add(1);
                    basic.Add(item);
                    break;
                default:
                    var t = item.Tensor!;
                    if (t.DType == DType.Int64)
                    {
                        advanced.Add((viewShape.Count, t));
                        viewShape.Add(shape[dim]);
                        basic.Add(TensorIndex.Slice());
                        dim++;
                    }
                    else if (t.Rank == 0)
                    {
                        // A 0-d mask adds a dim of size 1 and keeps it (true) or empties it (false).
                        advanced.Add((viewShape.Count, t.Item() != 0 ? Tensor.FromArray(new long[] { 0 }) : Tensor.Zeros([0], DType.Int64)));
                        viewShape.Add(1);
                        basic.Add(TensorIndex.NewAxis);
                    }
                    else
                    {
                        var covered = shape.AsSpan(dim, t.Rank);
                        if (!covered.SequenceEqual(t.ShapeRef))
                            throw new ArgumentException(
                                $"{op}: the mask of shape {ShapeUtil.Format(t.ShapeRef)} does not match dims {dim}…{dim + t.Rank - 1} ({ShapeUtil.Format(covered)}) of the indexed tensor of shape {ShapeUtil.Format(shape)}.");
                        foreach (var coordinate in MaskCoordinates(t))
                        {
                            advanced.Add((viewShape.Count, coordinate));
                            viewShape.Add(shape[dim]);
                            basic.Add(TensorIndex.Slice());
                            dim++;
                        }
                    }
                    break;
            }
        }
        for (; dim < shape.Length; dim++) viewShape.Add(shape[dim]); // trailing dims not named are taken whole
        if (advanced.Count == 0) return new IndexPlan { Basic = [.. basic], ResultShape = [.. viewShape] };
        var plan = AdvancedIndex.Build(op, [.. viewShape], advanced);
        return new IndexPlan { Basic = [.. basic], Advanced = plan, ResultShape = plan.ResultShape };
    }

    /// <summary>The entries with the ellipsis (or, without one, the trailing dims) spelled out as full slices.</summary>
    private static List<TensorIndex> ExpandEllipsis(string op, int[] shape, TensorIndex[] indices)
    {
        int consumed = 0, ellipses = 0;
        foreach (var item in indices)
        {
            consumed += item.Type switch
            {
                TensorIndex.Kind.Integer or TensorIndex.Kind.Slice => 1,
                TensorIndex.Kind.Tensor => item.Tensor!.DType == DType.Int64 ? 1 : item.Tensor.Rank,
                _ => 0,
            };
            if (item.Type == TensorIndex.Kind.Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw new ArgumentException($"{op}: an index can only have a single ellipsis, got {ellipses} in [{string.Join(", ", indices)}].");
        if (consumed > shape.Length)
            throw new ArgumentException($"{op}: too many indices for a tensor of shape {ShapeUtil.Format(shape)}: [{string.Join(", ", indices)}] indexes {consumed} dims.");
        var items = new List<TensorIndex>(indices.Length + shape.Length);
        foreach (var item in indices)
        {
            if (item.Type != TensorIndex.Kind.Ellipsis) items.Add(item);
            else for (int i = consumed; i < shape.Length; i++) items.Add(TensorIndex.Slice());
        }
        return items;
    }

    private static void CheckPosition(string op, TensorIndex item, int dim, int[] shape)
    {
        long position = item.Position(shape[dim]), size = shape[dim];
        if (position < (item.StartFromEnd ? 0 : -size) || position >= size) // ^k counts from the end once, never wraps
            throw new ArgumentOutOfRangeException(nameof(item),
                $"{op}: index {item} is out of range for dim {dim} of size {size} (shape {ShapeUtil.Format(shape)}).");
    }

    /// <summary>torch.nonzero(mask, as_tuple=True): one 1-d Int64 tensor of coordinates per dim of the mask.</summary>
    private static Tensor[] MaskCoordinates(Tensor mask)
    {
        var values = mask.ToDoubleArray();
        int rank = mask.Rank, count = values.Count(v => v != 0);
        var coordinates = new long[rank][];
        for (int k = 0; k < rank; k++) coordinates[k] = new long[count];
        var at = new int[rank];
        int found = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                for (int k = 0; k < rank; k++) coordinates[k][found] = at[k];
                found++;
            }
            for (int k = rank - 1; k >= 0 && ++at[k] == mask.ShapeRef[k]; k--) at[k] = 0; // row-major odometer
        }
        return coordinates.Select(c => Tensor.FromArray(c)).ToArray();
    }

    /// <summary>The basic part: a view of t (integers select, slices narrow, NewAxis unsqueezes).</summary>
    public Tensor ApplyBasic(Tensor t)
    {
        int dim = 0;
        foreach (var item in Basic)
        {
            switch (item.Type)
            {
                case TensorIndex.Kind.Integer: t = t.Select(dim, (int)item.Position(t.ShapeRef[dim])); break;
                case TensorIndex.Kind.Slice:
                    var (start, stop) = item.Bounds(t.ShapeRef[dim]);
                    if (start != 0 || stop != t.ShapeRef[dim] || item.Step != 1) t = t.Slice(dim, start, stop, item.Step);
                    dim++;
                    break;
                default: t = t.Unsqueeze(dim++); break;
            }
        }
        return t;
    }

    /// <summary>x[subscript]: a view, or a copy when the subscript has index tensors.</summary>
    public Tensor Apply(Tensor t)
    {
        var view = ApplyBasic(t);
        return Advanced is null ? view : Advanced.Take(view);
    }
}
