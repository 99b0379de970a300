using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Row-wise softmax and log-softmax over contiguous rows, shifted by the row maximum so ±1000 stays finite.</summary>
internal static class Softmax
{
    /// <summary>dst_row = exp(x − max) / Σ exp(x − max).</summary>
    public static void Forward<T>(ReadOnlySpan<T> src, int rows, int length, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var x = src.Slice(r * length, length);
            var y = dst.Slice(r * length, length);
            T max = TensorPrimitives.Max(x);
            if (T.IsInfinity(max)) max = T.Zero; // all −∞ (or +∞ present): shifting would give NaN
            TensorPrimitives.Subtract(x, max, y);
            AccurateMath.Exp<T>(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum<T>(y), y);
        }
    }

    /// <summary>Σ exp(v) without a scratch buffer, in chunks on the stack.</summary>
    private static T SumOfExp<T>(ReadOnlySpan<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> chunk = stackalloc T[128];
        T sum = T.Zero;
        for (int i = 0; i < v.Length; i += chunk.Length)
        {
            var part = v.Slice(i, Math.Min(chunk.Length, v.Length - i));
            AccurateMath.Exp<T>(part, chunk[..part.Length]);
            sum += TensorPrimitives.Sum<T>(chunk[..part.Length]);
        }
        return sum;
    }

    /// <summary>dst_row = (x − max) − log Σ exp(x − max).</summary>
    public static void LogForward<T>(ReadOnlySpan<T> src, int rows, int length, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var x = src.Slice(r * length, length);
            var y = dst.Slice(r * length, length);
            T max = TensorPrimitives.Max(x);
            if (T.IsInfinity(max)) max = T.Zero;
            // (x − max) − log Σ: adding max back before subtracting would round away digits of small outputs.
            TensorPrimitives.Subtract(x, max, y);
            T logSum = T.Log(SumOfExp(y));
            TensorPrimitives.Subtract(y, logSum, y);
        }
    }
}
