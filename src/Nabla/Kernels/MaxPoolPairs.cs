using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// Max pooling over 2×2 windows at stride 2 (the common case): the generic loop's comparisons in its order
/// (row-major; a later NaN replaces the best, a tie keeps the earlier position), without window bounds. Float32 runs
/// eight (or four) outputs at a time with the comparisons as masks: the scalar loop's data-dependent branches mispredicted on
/// about half of them, which made LeNet's first pooling cost more than a convolution.
/// </summary>
internal static unsafe class MaxPoolPairs
{
    public static void Plane<T>(T* src, T* dst, long* index, int outRows, int outCols, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int oh = 0; oh < outRows; oh++)
        {
            T* top = src + (nint)(2 * oh) * width;
            T* outRow = dst + (nint)oh * outCols;
            long* indexRow = index + (nint)oh * outCols;
            int rowAt = 2 * oh * width;
            int ow = typeof(T) == typeof(float) ? Vectorized((float*)top, (float*)outRow, indexRow, outCols, width, rowAt) : 0;
            for (; ow < outCols; ow++)
            {
                int w = 2 * ow;
                T best = top[w];
                int at = rowAt + w;
                Consider(top[w + 1], rowAt + w + 1, ref best, ref at);
                Consider(top[width + w], rowAt + width + w, ref best, ref at);
                Consider(top[width + w + 1], rowAt + width + w + 1, ref best, ref at);
                outRow[ow] = best;
                indexRow[ow] = at;
            }
        }
    }

    /// <summary>Outputs [0, returned) of one output row; the caller finishes the rest. A row whose length is not a
    /// multiple of the vector ends with one more vector over its last outputs, overlapping the previous one (the
    /// overlapped outputs are written twice with the same values), so a row of 4 or more outputs has no scalar tail.</summary>
    private static int Vectorized(float* top, float* dst, long* index, int outCols, int width, int rowAt)
    {
        if (Vector256.IsHardwareAccelerated && outCols >= 8)
        {
            for (int ow = 0; ow + 8 <= outCols; ow += 8) Eight(top, dst, index, ow, width, rowAt);
            if (outCols % 8 != 0) Eight(top, dst, index, outCols - 8, width, rowAt);
            return outCols;
        }
        if (Vector128.IsHardwareAccelerated && outCols >= 4)
        {
            for (int ow = 0; ow + 4 <= outCols; ow += 4) Four(top, dst, index, ow, width, rowAt);
            if (outCols % 4 != 0) Four(top, dst, index, outCols - 4, width, rowAt);
            return outCols;
        }
        return 0;
    }

    /// <summary>Outputs ow … ow + 7 of a row: reads input columns 2·ow … 2·ow + 15 of the row pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Eight(float* top, float* dst, long* index, int ow, int width, int rowAt)
    {
        var split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7); // even columns to the lower half, odd to the upper
        int w = 2 * ow;
        var t0 = Vector256.Shuffle(Vector256.Load(top + w), split);
        var t1 = Vector256.Shuffle(Vector256.Load(top + w + 8), split);
        var b0 = Vector256.Shuffle(Vector256.Load(top + width + w), split);
        var b1 = Vector256.Shuffle(Vector256.Load(top + width + w + 8), split);
        var best = Vector256.Create(t0.GetLower(), t1.GetLower());
        var offset = Vector256<int>.Zero;
        Consider(Vector256.Create(t0.GetUpper(), t1.GetUpper()), 1, ref best, ref offset);
        Consider(Vector256.Create(b0.GetLower(), b1.GetLower()), width, ref best, ref offset);
        Consider(Vector256.Create(b0.GetUpper(), b1.GetUpper()), width + 1, ref best, ref offset);
        best.Store(dst + ow);
        var (lower, upper) = Vector256.Widen(Vector256.Create(rowAt + w) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14) + offset);
        lower.Store(index + ow);
        upper.Store(index + ow + 4);
    }

    /// <summary>Outputs ow … ow + 3 of a row: reads input columns 2·ow … 2·ow + 7 of the row pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four(float* top, float* dst, long* index, int ow, int width, int rowAt)
    {
        var split = Vector128.Create(0, 2, 1, 3);
        int w = 2 * ow;
        var t0 = Vector128.Shuffle(Vector128.Load(top + w), split);
        var t1 = Vector128.Shuffle(Vector128.Load(top + w + 4), split);
        var b0 = Vector128.Shuffle(Vector128.Load(top + width + w), split);
        var b1 = Vector128.Shuffle(Vector128.Load(top + width + w + 4), split);
        var best = Vector128.Create(t0.GetLower(), t1.GetLower());
        var offset = Vector128<int>.Zero;
        Consider(Vector128.Create(t0.GetUpper(), t1.GetUpper()), 1, ref best, ref offset);
        Consider(Vector128.Create(b0.GetLower(), b1.GetLower()), width, ref best, ref offset);
        Consider(Vector128.Create(b0.GetUpper(), b1.GetUpper()), width + 1, ref best, ref offset);
        best.Store(dst + ow);
        var (lower, upper) = Vector128.Widen(Vector128.Create(rowAt + w) + Vector128.Create(0, 2, 4, 6) + offset);
        lower.Store(index + ow);
        upper.Store(index + ow + 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(Vector128<float> v, int offset, ref Vector128<float> best, ref Vector128<int> at)
    {
        var take = Vector128.GreaterThan(v, best) | ~Vector128.Equals(v, v); // v > best, or v is NaN
        best = Vector128.ConditionalSelect(take, v, best);
        at = Vector128.ConditionalSelect(take.AsInt32(), Vector128.Create(offset), at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(Vector256<float> v, int offset, ref Vector256<float> best, ref Vector256<int> at)
    {
        var take = Vector256.GreaterThan(v, best) | ~Vector256.Equals(v, v); // v > best, or v is NaN
        best = Vector256.ConditionalSelect(take, v, best);
        at = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(offset), at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider<T>(T v, int position, ref T best, ref int at) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (v > best || T.IsNaN(v)) (best, at) = (v, position);
    }
}
