using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

// Trigonometric, exp-minus-one and rounding operator structs for the unary op driver (src and dst may be the same span).

internal readonly struct SinOp<T> : IUnaryOp<T> where T : ITrigonometricFunctions<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Sin(s, d);
}

internal readonly struct CosOp<T> : IUnaryOp<T> where T : ITrigonometricFunctions<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Cos(s, d);
}

/// <summary>eˣ − 1, accurate where x is tiny.</summary>
internal readonly struct Expm1Op<T> : IUnaryOp<T> where T : IExponentialFunctions<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.ExpM1(s, d);
}

internal readonly struct FloorOp<T> : IUnaryOp<T> where T : IFloatingPoint<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Floor(s, d);
}

internal readonly struct CeilOp<T> : IUnaryOp<T> where T : IFloatingPoint<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Ceiling(s, d);
}

/// <summary>Rounds half to even, as torch.round.</summary>
internal readonly struct RoundOp<T> : IUnaryOp<T> where T : IFloatingPoint<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Round(s, d);
}

internal readonly struct TruncOp<T> : IUnaryOp<T> where T : IFloatingPoint<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d) => TensorPrimitives.Truncate(s, d);
}
