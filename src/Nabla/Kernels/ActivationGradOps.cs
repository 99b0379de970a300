using System.Numerics;

namespace Nabla.Kernels;

// Fused first-order activation backward ops, op(y, g) with y the activation's output and g the incoming gradient.
// One pass instead of three; autograd uses them only when the backward itself is not being recorded.

/// <summary>relu: g where y > 0, else 0.</summary>
public readonly struct ReluGradOp<T> : IBinaryOp<T>, IVectorBinaryOp<T> where T : struct, INumber<T>
{
    public static T Apply(T y, T g) => y > T.Zero ? g : T.Zero;
    public static void Apply(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) => VectorLoop.Run<T, ReluGradOp<T>>(y, g, d);
    public static void Apply(ReadOnlySpan<T> y, T g, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(y[i], g); }
    public static void Apply(T y, ReadOnlySpan<T> g, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(y, g[i]); }
    public static Vector<T> Apply(Vector<T> y, Vector<T> g) => Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<T>.Zero), g, Vector<T>.Zero);
}

/// <summary>tanh: g·(1 − y²).</summary>
public readonly struct TanhGradOp<T> : IBinaryOp<T>, IVectorBinaryOp<T> where T : struct, INumber<T>
{
    public static T Apply(T y, T g) => g * (T.One - y * y);
    public static void Apply(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) => VectorLoop.Run<T, TanhGradOp<T>>(y, g, d);
    public static void Apply(ReadOnlySpan<T> y, T g, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(y[i], g); }
    public static void Apply(T y, ReadOnlySpan<T> g, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(y, g[i]); }
    public static Vector<T> Apply(Vector<T> y, Vector<T> g) => g * (Vector<T>.One - y * y);
}

/// <summary>sigmoid: g·y·(1 − y).</summary>
public readonly struct SigmoidGradOp<T> : IBinaryOp<T>, IVectorBinaryOp<T> where T : struct, INumber<T>
{
    public static T Apply(T y, T g) => g * y * (T.One - y);
    public static void Apply(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) => VectorLoop.Run<T, SigmoidGradOp<T>>(y, g, d);
    public static void Apply(ReadOnlySpan<T> y, T g, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(y[i], g); }
    public static void Apply(T y, ReadOnlySpan<T> g, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Apply(y, g[i]); }
    public static Vector<T> Apply(Vector<T> y, Vector<T> g) => g * y * (Vector<T>.One - y);
}

/// <summary>A binary op with a Vector&lt;T&gt; form.</summary>
public interface IVectorBinaryOp<T> where T : struct
{
    static abstract T Apply(T a, T b);
    static abstract Vector<T> Apply(Vector<T> a, Vector<T> b);
}

internal static class VectorLoop
{
    /// <summary>d[i] = op(a[i], b[i]), a Vector&lt;T&gt; at a time, then the scalar tail.</summary>
    public static void Run<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : struct where TOp : IVectorBinaryOp<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
                TOp.Apply(new Vector<T>(a[i..]), new Vector<T>(b[i..])).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = TOp.Apply(a[i], b[i]);
    }
}
