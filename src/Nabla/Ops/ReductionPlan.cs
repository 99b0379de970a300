using Nabla.Kernels;

namespace Nabla;

/// <summary>
/// Lays a reduction out as a contiguous [Outer, Length, Inner] block: reduced dims that are adjacent are reduced in
/// place; scattered ones are first permuted to the end.
/// </summary>
internal sealed class ReductionPlan
{
    public required int[] Dims { get; init; }
    public required int[] KeptShape { get; init; }
    public required int[] ReducedShape { get; init; }
    public int Outer, Length, Inner;
    private int[]? permutation;

    public static ReductionPlan Create(string op, Tensor x, int[]? dims)
    {
        var shape = x.ShapeRef;
        int rank = shape.Length;
        int[] normalized;
        if (rank == 0)
        {
            ShapeUtil.NormalizeDims(op, dims, 0); // a 0-d tensor still accepts only dims −1 and 0, as in PyTorch
            normalized = [];
        }
        else if (dims is null || dims.Length == 0)
        {
            normalized = new int[rank];
            for (int i = 0; i < rank; i++) normalized[i] = i;
        }
        else normalized = ShapeUtil.NormalizeDims(op, dims, rank);

        // Loops rather than LINQ: reductions run on every bias gradient of every step.
        var isReduced = rank <= 64 ? stackalloc bool[rank] : new bool[rank];
        foreach (int d in normalized) isReduced[d] = true;
        var kept = (int[])shape.Clone();
        var reduced = new int[rank - normalized.Length];
        for (int i = 0, r = 0; i < rank; i++)
        {
            if (isReduced[i]) kept[i] = 1;
            else reduced[r++] = shape[i];
        }
        var plan = new ReductionPlan { Dims = normalized, KeptShape = kept, ReducedShape = reduced };

        bool adjacent = normalized.Length == 0 || normalized[^1] - normalized[0] == normalized.Length - 1;
        if (adjacent)
        {
            int lo = normalized.Length == 0 ? rank : normalized[0], hi = normalized.Length == 0 ? rank - 1 : normalized[^1];
            plan.Outer = Product(shape, 0, lo);
            plan.Length = Product(shape, lo, hi + 1);
            plan.Inner = Product(shape, hi + 1, rank);
        }
        else
        {
            var permutation = new int[rank];
            int p = 0, length = 1;
            for (int i = 0; i < rank; i++) if (!isReduced[i]) permutation[p++] = i;
            foreach (int d in normalized) { permutation[p++] = d; length = (int)Math.Min((long)length * shape[d], int.MaxValue); }
            plan.permutation = permutation;
            plan.Outer = ShapeUtil.Numel(reduced);
            plan.Length = length;
            plan.Inner = 1;
        }
        return plan;
    }

    /// <summary>Saturates at int.MaxValue: a product can only overflow when another dim is 0, and then the
    /// reduction has no elements to read (Run returns early) whatever the exact count.</summary>
    private static int Product(int[] shape, int from, int to)
    {
        long p = 1;
        for (int i = from; i < to; i++) p = Math.Min(p * shape[i], int.MaxValue);
        return (int)p;
    }

    /// <summary>The input, contiguous and laid out as [Outer, Length, Inner].</summary>
    public Tensor Prepare(Tensor x)
    {
        var detached = x.Detach();
        if (permutation is not null) detached = detached.Permute(permutation);
        return detached.IsContiguous ? detached : detached.CloneDetached();
    }

    /// <summary>Runs the reduction kernel (no autograd) and shapes the result.</summary>
    public Tensor Run<TF, TD, TL>(Tensor x, bool keepDim, double emptyValue)
        where TF : IReduceOp<float> where TD : IReduceOp<double> where TL : IReduceOp<long>
    {
        var result = new Tensor(x.DType, keepDim ? (int[])KeptShape.Clone() : (int[])ReducedShape.Clone());
        if (Length == 0 || Outer * Inner == 0)
        {
            result.FillRaw(emptyValue);
            return result;
        }
        var src = Prepare(x);
        switch (x.DType)
        {
            case DType.Float32: Reduce.Run<float, TF>(src.Span<float>(), Outer, Length, Inner, result.Span<float>()); break;
            case DType.Float64: Reduce.Run<double, TD>(src.Span<double>(), Outer, Length, Inner, result.Span<double>()); break;
            default: Reduce.Run<long, TL>(src.Span<long>(), Outer, Length, Inner, result.Span<long>()); break;
        }
        return result;
    }
}
