using System.Buffers;
using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// Sorting along the middle axis of a contiguous [outer, length, inner] block, PyTorch's order: NaN sorts as the
/// largest value, and equal values keep their original order (a stable sort, in both directions).
/// </summary>
internal static class Sorting
{
    /// <summary>values/indices[o, r, i] = the r-th of src[o, ·, i] in sorted order and its position (0 … length−1).</summary>
    public static void Sort<T>(ReadOnlySpan<T> src, int outer, int length, int inner, Span<T> values, Span<long> indices, bool descending)
        where T : INumber<T>
    {
        var scratch = ArrayPool<(T Value, int Index)>.Shared.Rent(length);
        var row = scratch.AsSpan(0, length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int start = o * length * inner + i;
                SortRow(src, start, inner, row, descending);
                for (int r = 0; r < length; r++)
                {
                    values[start + r * inner] = row[r].Value;
                    indices[start + r * inner] = row[r].Index;
                }
            }
        ArrayPool<(T Value, int Index)>.Shared.Return(scratch);
    }

    /// <summary>
    /// value/index[o, i] = the element of ascending rank `rank` (0-based) of src[o, ·, i]. With nanWins, a run that
    /// holds a NaN gives its first NaN instead (PyTorch's median propagates NaN; kthvalue does not).
    /// </summary>
    public static void SelectRank<T>(ReadOnlySpan<T> src, int outer, int length, int inner, int rank, bool nanWins, Span<T> value, Span<long> index)
        where T : INumber<T>
    {
        var scratch = ArrayPool<(T Value, int Index)>.Shared.Rent(length);
        var row = scratch.AsSpan(0, length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                SortRow(src, o * length * inner + i, inner, row, descending: false);
                int pick = rank;
                if (nanWins)
                {
                    int firstNaN = length; // NaNs sort last, in their original order
                    while (firstNaN > 0 && T.IsNaN(row[firstNaN - 1].Value)) firstNaN--;
                    if (firstNaN < length) pick = firstNaN;
                }
                value[o * inner + i] = row[pick].Value;
                index[o * inner + i] = row[pick].Index;
            }
        ArrayPool<(T Value, int Index)>.Shared.Return(scratch);
    }

    private static void SortRow<T>(ReadOnlySpan<T> src, int start, int stride, Span<(T Value, int Index)> row, bool descending)
        where T : INumber<T>
    {
        for (int k = 0; k < row.Length; k++) row[k] = (src[start + k * stride], k);
        if (descending) row.Sort(new Descending<T>());
        else row.Sort(new Ascending<T>());
    }

    /// <summary>−1, 0, 1 with NaN above every number and equal to another NaN.</summary>
    private static int CompareNaNLargest<T>(T a, T b) where T : INumber<T>
    {
        if (T.IsNaN(a)) return T.IsNaN(b) ? 0 : 1;
        if (T.IsNaN(b)) return -1;
        return a < b ? -1 : a > b ? 1 : 0;
    }

    // Ties broken by original position: a total order, so the unstable Span.Sort gives the stable result.
    private readonly struct Ascending<T> : IComparer<(T Value, int Index)> where T : INumber<T>
    {
        public int Compare((T Value, int Index) a, (T Value, int Index) b)
        {
            int c = CompareNaNLargest(a.Value, b.Value);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        }
    }

    private readonly struct Descending<T> : IComparer<(T Value, int Index)> where T : INumber<T>
    {
        public int Compare((T Value, int Index) a, (T Value, int Index) b)
        {
            int c = CompareNaNLargest(b.Value, a.Value);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        }
    }
}
