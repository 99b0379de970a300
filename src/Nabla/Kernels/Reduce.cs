using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>A reduction: combine a run into one value, or fold one row into an accumulator row.</summary>
internal interface IReduceOp<T>
{
    static abstract T Reduce(ReadOnlySpan<T> run);
    static abstract void Fold(ReadOnlySpan<T> row, Span<T> accumulator);
}

internal readonly struct SumReduce<T> : IReduceOp<T> where T : INumber<T>
{
    public static T Reduce(ReadOnlySpan<T> run) => TensorPrimitives.Sum(run);
    public static void Fold(ReadOnlySpan<T> row, Span<T> acc) => TensorPrimitives.Add(acc, row, acc);
}

internal readonly struct MaxReduce<T> : IReduceOp<T> where T : INumber<T>
{
    public static T Reduce(ReadOnlySpan<T> run) => TensorPrimitives.Max(run);
    public static void Fold(ReadOnlySpan<T> row, Span<T> acc) => TensorPrimitives.Max(acc, row, acc);
}

internal readonly struct MinReduce<T> : IReduceOp<T> where T : INumber<T>
{
    public static T Reduce(ReadOnlySpan<T> run) => TensorPrimitives.Min(run);
    public static void Fold(ReadOnlySpan<T> row, Span<T> acc) => TensorPrimitives.Min(acc, row, acc);
}

/// <summary>Reductions over the middle axis of a contiguous [outer, length, inner] block.</summary>
internal static class Reduce
{
    /// <summary>dst[o, i] = op over k of src[o, k, i]; length must be ≥ 1 (callers handle empty sums).</summary>
    public static void Run<T, TOp>(ReadOnlySpan<T> src, int outer, int length, int inner, Span<T> dst) where TOp : IReduceOp<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) dst[o] = TOp.Reduce(src.Slice(o * length, length));
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var acc = dst.Slice(o * inner, inner);
            var block = src.Slice(o * length * inner, length * inner);
            block[..inner].CopyTo(acc);
            for (int k = 1; k < length; k++) TOp.Fold(block.Slice(k * inner, inner), acc);
        }
    }

    /// <summary>Index (0 … length−1) of the first maximum (or minimum) along the middle axis; NaN counts as the extreme.</summary>
    public static void ArgExtreme<T>(ReadOnlySpan<T> src, int outer, int length, int inner, Span<long> dst, bool max) where T : INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * length * inner + i;
                T best = src[baseIndex];
                int bestK = 0;
                for (int k = 1; k < length && !T.IsNaN(best); k++)
                {
                    T v = src[baseIndex + k * inner];
                    if (T.IsNaN(v) || (max ? v > best : v < best)) { best = v; bestK = k; }
                }
                dst[o * inner + i] = bestK;
            }
    }
}
