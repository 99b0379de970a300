using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>An elementwise operator on two values, one method per vector width (TensorPrimitives' operator pattern).</summary>
internal interface IBinaryVectorOp<T>
{
    static abstract T Invoke(T x, T y);
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>An elementwise operator on three values, one method per vector width.</summary>
internal interface ITernaryVectorOp<T>
{
    static abstract T Invoke(T x, T y, T z);
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, Vector128<T> z);
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> z);
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> z);
}

/// <summary>Where the driver reads an operand: element i of a span, or one value broadcast to every i.</summary>
internal interface IOperand<T>
{
    T At(nint i);
    Vector128<T> At128(nint i);
    Vector256<T> At256(nint i);
    Vector512<T> At512(nint i);
}

/// <summary>A contiguous operand: element i is span[i] (the driver has checked the span is long enough).</summary>
internal readonly ref struct SpanOperand<T> : IOperand<T>
{
    private readonly ref T start;

    public SpanOperand(ReadOnlySpan<T> span, int length)
    {
        if (span.Length < length)
            throw new ArgumentException($"Operand span of length {span.Length} is shorter than the destination ({length}).", nameof(span));
        start = ref MemoryMarshal.GetReference(span);
    }

    public T At(nint i) => Unsafe.Add(ref start, i);
    public Vector128<T> At128(nint i) => Vector128.LoadUnsafe(ref start, (nuint)i);
    public Vector256<T> At256(nint i) => Vector256.LoadUnsafe(ref start, (nuint)i);
    public Vector512<T> At512(nint i) => Vector512.LoadUnsafe(ref start, (nuint)i);
}

/// <summary>A broadcast operand: the same value at every i.</summary>
internal readonly struct ScalarOperand<T>(T value) : IOperand<T>
{
    public T At(nint i) => value;
    public Vector128<T> At128(nint i) => Vector128.Create(value);
    public Vector256<T> At256(nint i) => Vector256.Create(value);
    public Vector512<T> At512(nint i) => Vector512.Create(value);
}

/// <summary>
/// The one elementwise loop: the widest accelerated vector width over the body, then at most one step of each
/// narrower width, then at most Vector128&lt;T&gt;.Count − 1 scalar elements. Destination and operands may be the same
/// span (each element is read before it is written, once).
/// </summary>
internal static class VectorDriver
{
    /// <summary>dst[i] = TOp(x[i], y[i]).</summary>
    public static void Map<T, TOp, TX, TY>(TX x, TY y, Span<T> dst)
        where TOp : IBinaryVectorOp<T> where TX : IOperand<T>, allows ref struct where TY : IOperand<T>, allows ref struct =>
        Map<T, BinaryAsTernary<T, TOp>, TX, TY, ScalarOperand<T>>(x, y, default, dst);

    /// <summary>dst[i] = TOp(x[i], y[i], z[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<T, TOp, TX, TY, TZ>(TX x, TY y, TZ z, Span<T> dst)
        where TOp : ITernaryVectorOp<T>
        where TX : IOperand<T>, allows ref struct where TY : IOperand<T>, allows ref struct where TZ : IOperand<T>, allows ref struct
    {
        ref T d = ref MemoryMarshal.GetReference(dst);
        nint n = dst.Length, i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                TOp.Invoke(x.At512(i), y.At512(i), z.At512(i)).StoreUnsafe(ref d, (nuint)i);
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                TOp.Invoke(x.At256(i), y.At256(i), z.At256(i)).StoreUnsafe(ref d, (nuint)i);
        if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
                TOp.Invoke(x.At128(i), y.At128(i), z.At128(i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref d, i) = TOp.Invoke(x.At(i), y.At(i), z.At(i));
    }

    /// <summary>A binary operator seen as a ternary one that ignores its third operand, so one loop serves both.</summary>
    private readonly struct BinaryAsTernary<T, TOp> : ITernaryVectorOp<T> where TOp : IBinaryVectorOp<T>
    {
        public static T Invoke(T x, T y, T z) => TOp.Invoke(x, y);
        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, Vector128<T> z) => TOp.Invoke(x, y);
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> z) => TOp.Invoke(x, y);
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> z) => TOp.Invoke(x, y);
    }
}

/// <summary>Lifts a vector operator to the span forms <see cref="Elementwise.Binary{T, TOp}"/> calls.</summary>
internal readonly struct VectorBinaryOp<T, TOp> : IBinaryOp<T> where TOp : IBinaryVectorOp<T>
{
    public static T Apply(T a, T b) => TOp.Invoke(a, b);

    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) =>
        VectorDriver.Map<T, TOp, SpanOperand<T>, SpanOperand<T>>(new(a, d.Length), new(b, d.Length), d);

    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> d) =>
        VectorDriver.Map<T, TOp, SpanOperand<T>, ScalarOperand<T>>(new(a, d.Length), new(b), d);

    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> d) =>
        VectorDriver.Map<T, TOp, ScalarOperand<T>, SpanOperand<T>>(new(a), new(b, d.Length), d);
}
