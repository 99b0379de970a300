using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// Corrections to TensorPrimitives (System.Numerics.Tensors 10/11) where its vector paths are not accurate enough:
/// float exp is off by an ulp even at 0 (exp(0) = 1.0000001, so log-softmax of the largest logit is not exactly 0),
/// and tanh loses relative precision near 0 (tanh(1e-5) off by 0.5 % in float) because it goes through exp − 1.
/// </summary>
internal static class AccurateMath
{
    private const int Chunk = 256;

    /// <summary>dst = exp(src); float is evaluated in double and rounded once, so exp(0) = 1 exactly.</summary>
    public static void Exp<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (src.Length == 0) return;
        if (typeof(T) != typeof(float))
        {
            TensorPrimitives.Exp(src, dst);
            return;
        }
        var s = MemoryMarshalCast<T, float>(src);
        var d = MemoryMarshalCast<T, float>(dst);
        Span<double> wide = stackalloc double[Chunk];
        for (int i = 0; i < s.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, s.Length - i);
            var w = wide[..n];
            TensorPrimitives.ConvertTruncating<float, double>(s.Slice(i, n), w);
            TensorPrimitives.Exp(w, w);
            TensorPrimitives.ConvertTruncating<double, float>(w, d.Slice(i, n));
        }
    }

    /// <summary>dst = tanh(src), with small |x| (where the vector path cancels) recomputed by the scalar tanh.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (src.Length == 0) return;
        T limit = T.CreateTruncating(0.55);
        // Keep a copy of the small inputs' positions before dst (possibly == src) is overwritten.
        bool inPlace = Unsafe.AreSame(ref Unsafe.AsRef(in src[0]), ref dst[0]);
        if (!inPlace)
        {
            TensorPrimitives.Tanh(src, dst);
            for (int i = 0; i < src.Length; i++)
                if (T.Abs(src[i]) < limit) dst[i] = T.Tanh(src[i]);
            return;
        }
        Span<T> original = stackalloc T[Chunk];
        for (int i = 0; i < src.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, src.Length - i);
            src.Slice(i, n).CopyTo(original);
            TensorPrimitives.Tanh(original[..n], dst.Slice(i, n));
            for (int k = 0; k < n; k++)
                if (T.Abs(original[k]) < limit) dst[i + k] = T.Tanh(original[k]);
        }
    }

    private static Span<TTo> MemoryMarshalCast<TFrom, TTo>(Span<TFrom> span) where TFrom : unmanaged where TTo : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(span);

    private static ReadOnlySpan<TTo> MemoryMarshalCast<TFrom, TTo>(ReadOnlySpan<TFrom> span) where TFrom : unmanaged where TTo : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(span);
}
