using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Fused softmax cross-entropy over contiguous rows of logits with class-index targets.</summary>
internal static class CrossEntropy
{
    /// <summary>Σ_rows (log Σ_c exp x_c − x_target), each row shifted by its maximum so ±1000 logits stay exact.</summary>
    public static double Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<long> targets, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        Span<T> shifted = stackalloc T[Math.Min(classes, 256)];
        for (int r = 0; r < targets.Length; r++)
        {
            var row = logits.Slice(r * classes, classes);
            T max = TensorPrimitives.Max(row);
            if (T.IsInfinity(max)) max = T.Zero;
            double sum = 0;
            for (int c = 0; c < classes; c += shifted.Length)
            {
                var part = row.Slice(c, Math.Min(shifted.Length, classes - c));
                TensorPrimitives.Subtract(part, max, shifted[..part.Length]);
                AccurateMath.Exp<T>(shifted[..part.Length], shifted[..part.Length]);
                sum += double.CreateTruncating(TensorPrimitives.Sum<T>(shifted[..part.Length]));
            }
            // (x_t − max) − log Σ: never adds max back, so a row's largest logit gives exactly 0 loss.
            total -= double.CreateTruncating(row[(int)targets[r]] - max) - Math.Log(sum);
        }
        return total;
    }

    /// <summary>dst = scale · (softmax(row) − onehot(target)), the gradient of the summed loss times scale.</summary>
    public static void Backward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<long> targets, int classes, T scale, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Softmax.Forward(logits, targets.Length, classes, dst);
        for (int r = 0; r < targets.Length; r++)
        {
            var row = dst.Slice(r * classes, classes);
            row[(int)targets[r]] -= T.One;
            TensorPrimitives.Multiply(row, scale, row);
        }
    }
}
