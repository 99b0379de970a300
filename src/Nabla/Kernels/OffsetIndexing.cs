namespace Nabla.Kernels;

/// <summary>
/// Gather and scatter by precomputed offsets (advanced indexing): element (j, r) of the gathered block lives at
/// offsets[j] + restOffsets[r] of the source. Offsets are checked when they are built, not here.
/// </summary>
internal static class OffsetIndexing
{
    /// <summary>dst[j, r] = src[offsets[j] + restOffsets[r]].</summary>
    public static void Take<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> offsets, ReadOnlySpan<int> restOffsets, Span<T> dst)
    {
        int rest = restOffsets.Length;
        for (int j = 0; j < offsets.Length; j++)
        {
            int at = offsets[j];
            var row = dst.Slice(j * rest, rest);
            for (int r = 0; r < rest; r++) row[r] = src[at + restOffsets[r]];
        }
    }

    /// <summary>dst[offsets[j] + restOffsets[r]] = src[j, r], or += when accumulating (repeated picks then sum).</summary>
    public static void Put<T>(Span<T> dst, ReadOnlySpan<int> offsets, ReadOnlySpan<int> restOffsets, ReadOnlySpan<T> src, bool accumulate)
        where T : System.Numerics.INumber<T>
    {
        int rest = restOffsets.Length;
        for (int j = 0; j < offsets.Length; j++)
        {
            int at = offsets[j];
            var row = src.Slice(j * rest, rest);
            if (accumulate)
                for (int r = 0; r < rest; r++) dst[at + restOffsets[r]] += row[r];
            else
                for (int r = 0; r < rest; r++) dst[at + restOffsets[r]] = row[r];
        }
    }
}
