namespace Nabla.Kernels;

/// <summary>Gather/scatter along one axis of contiguous blocks laid out as [outer, size, inner].</summary>
internal static class Indexing
{
    /// <summary>dst[o, j, i] = src[o, index[o, j, i], i] — index has the shape [outer, count, inner].</summary>
    public static void Gather<T>(ReadOnlySpan<T> src, int srcSize, ReadOnlySpan<long> index, int outer, int count, int inner, Span<T> dst, string op)
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++)
                {
                    int at = (o * count + j) * inner + i;
                    dst[at] = src[(o * srcSize + CheckIndex(index[at], srcSize, op)) * inner + i];
                }
    }

    /// <summary>dst[o, index[o, j, i], i] += src[o, j, i] (the adjoint of Gather).</summary>
    public static void ScatterAdd<T>(ReadOnlySpan<T> src, ReadOnlySpan<long> index, int outer, int count, int inner, Span<T> dst, int dstSize, string op)
        where T : System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++)
                {
                    int at = (o * count + j) * inner + i;
                    dst[(o * dstSize + CheckIndex(index[at], dstSize, op)) * inner + i] += src[at];
                }
    }

    /// <summary>dst[o, j, :] = src[o, index[j], :] — one index list for every outer block.</summary>
    public static void Select<T>(ReadOnlySpan<T> src, int srcSize, ReadOnlySpan<long> index, int outer, int inner, Span<T> dst, string op)
    {
        int count = index.Length;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                src.Slice((o * srcSize + CheckIndex(index[j], srcSize, op)) * inner, inner).CopyTo(dst.Slice((o * count + j) * inner, inner));
    }

    /// <summary>dst[o, index[j], :] += src[o, j, :] (the adjoint of Select).</summary>
    public static void SelectAdd<T>(ReadOnlySpan<T> src, ReadOnlySpan<long> index, int outer, int inner, Span<T> dst, int dstSize, string op)
        where T : System.Numerics.INumber<T>
    {
        int count = index.Length;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
            {
                var target = dst.Slice((o * dstSize + CheckIndex(index[j], dstSize, op)) * inner, inner);
                System.Numerics.Tensors.TensorPrimitives.Add(target, src.Slice((o * count + j) * inner, inner), target);
            }
    }

    /// <summary>Accepts −size … size−1, negative counting from the end (Python's rule; PyTorch's gather and scatter
    /// reject negative indices, Nabla's accept them, consistently across the indexing ops and their adjoints).</summary>
    private static int CheckIndex(long index, int size, string op)
    {
        if (index < -size || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"{op}: index {index} is out of bounds for a dim of size {size}.");
        return (int)(index < 0 ? index + size : index);
    }
}
