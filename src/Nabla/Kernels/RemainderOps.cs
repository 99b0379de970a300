using System.Numerics;

namespace Nabla.Kernels;

/// <summary>A binary operation defined one element at a time; <see cref="ElementLoop{T, TOp}"/> runs it over spans.</summary>
internal interface IElementOp<T>
{
    static abstract T Apply(T a, T b);
}

/// <summary>Adapts an element-at-a-time operation to <see cref="IBinaryOp{T}"/> (for ops TensorPrimitives lacks).</summary>
internal readonly struct ElementLoop<T, TOp> : IBinaryOp<T> where TOp : IElementOp<T>
{
    public static T Apply(T a, T b) => TOp.Apply(a, b);

    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TOp.Apply(a[i], b[i]);
    }

    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TOp.Apply(a[i], b);
    }

    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TOp.Apply(a, b[i]);
    }
}

/// <summary>C's fmod: a − trunc(a / b)·b, the sign of the dividend (integer divisors are checked non-zero first).</summary>
internal readonly struct FmodOp<T> : IElementOp<T> where T : INumber<T>
{
    // long.MinValue % −1 overflows in .NET; the remainder of any division by ±1 is 0.
    public static T Apply(T a, T b) => typeof(T) == typeof(long) && b == -T.One ? T.Zero : a % b;
}

/// <summary>Python's modulo (torch.remainder): a − floor(a / b)·b, the sign of the divisor.</summary>
internal readonly struct RemainderOp<T> : IElementOp<T> where T : INumber<T>
{
    public static T Apply(T a, T b)
    {
        var r = FmodOp<T>.Apply(a, b);
        return r != T.Zero && T.IsNegative(r) != T.IsNegative(b) ? r + b : r;
    }
}

/// <summary>floor(a / b): the quotient whose remainder has the divisor's sign.</summary>
internal readonly struct FloorDivideOp<T> : IElementOp<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => T.Floor(a / b);
}

/// <summary>trunc(a / b): the quotient whose remainder has the dividend's sign.</summary>
internal readonly struct TruncDivideOp<T> : IElementOp<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => T.Truncate(a / b);
}
