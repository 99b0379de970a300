using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

// Unary operator structs for Elementwise / the unary op driver. All allow src and dst to be the same span.

internal readonly struct NegOp<T> : IUnaryOp<T> where T : INumber<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Negate(s, d);
}

internal readonly struct ExpOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => AccurateMath.Exp(s, d);
}

internal readonly struct LogOp<T> : IUnaryOp<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Log(s, d);
}

internal readonly struct SqrtOp<T> : IUnaryOp<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Sqrt(s, d);
}

internal readonly struct AbsOp<T> : IUnaryOp<T> where T : INumber<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Abs(s, d);
}

/// <summary>−1, 0 or +1 (NaN stays NaN).</summary>
internal readonly struct SignOp<T> : IUnaryOp<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d)
    {
        for (int i = 0; i < s.Length; i++)
        {
            T x = s[i];
            d[i] = T.IsNaN(x) ? x : x > T.Zero ? T.One : x < T.Zero ? T.NegativeOne : T.Zero;
        }
    }
}

internal readonly struct TanhOp<T> : IUnaryOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => AccurateMath.Tanh(s, d);
}

/// <summary>σ(x) = 1 / (1 + e^(−x)); saturates to exactly 0 or 1 at ±1000 without NaN.</summary>
internal readonly struct SigmoidOp<T> : IUnaryOp<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d)
    {
        if (s.Length > 0) TensorPrimitives.Sigmoid(s, d); // it rejects empty spans
    }
}

internal readonly struct ReluOp<T> : IUnaryOp<T> where T : INumber<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Max(s, T.Zero, d);
}
