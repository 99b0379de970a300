using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Row-wise softmax and log-softmax over contiguous rows, shifted by the row maximum so ±1000 stays finite.</summary>
public static class Softmax
{
    /// <summary>dst_row = exp(x − max) / Σ exp(x − max).</summary>
    public static void Forward<T>(ReadOnlySpan<T> src, int rows, int length, Span<T> dst) where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var x = src.Slice(r * length, length);
            var y = dst.Slice(r * length, length);
            T max = TensorPrimitives.Max(x);
            if (T.IsInfinity(max)) max = T.Zero; // all −∞ (or +∞ present): shifting would give NaN
            TensorPrimitives.Subtract(x, max, y);
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum<T>(y), y);
        }
    }

    /// <summary>dst_row = x − max − log Σ exp(x − max).</summary>
    public static void LogForward<T>(ReadOnlySpan<T> src, int rows, int length, Span<T> dst) where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var x = src.Slice(r * length, length);
            var y = dst.Slice(r * length, length);
            T max = TensorPrimitives.Max(x);
            if (T.IsInfinity(max)) max = T.Zero;
            TensorPrimitives.Subtract(x, max, y);
            TensorPrimitives.Exp(y, y);
            T logSum = T.Log(TensorPrimitives.Sum<T>(y)) + max;
            TensorPrimitives.Subtract(x, logSum, y);
        }
    }
}
