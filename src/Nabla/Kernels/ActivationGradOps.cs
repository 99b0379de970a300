using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

// Fused first-order activation backward operators, op(y, g) with y the activation's output and g the incoming
// gradient: one pass instead of three. Autograd uses them only when the backward itself is not being recorded.
// Run through VectorDriver (wrapped in VectorBinaryOp for Elementwise.Binary).

/// <summary>relu: g where y > 0, else 0.</summary>
internal readonly struct ReluGradOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T y, T g) => y > T.Zero ? g : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => Vector128.GreaterThan(y, Vector128<T>.Zero) & g;
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => Vector256.GreaterThan(y, Vector256<T>.Zero) & g;
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => Vector512.GreaterThan(y, Vector512<T>.Zero) & g;
}

/// <summary>tanh: g·(1 − y²).</summary>
internal readonly struct TanhGradOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T y, T g) => g * (T.One - y * y);
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => g * (Vector128<T>.One - y * y);
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => g * (Vector256<T>.One - y * y);
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * (Vector512<T>.One - y * y);
}

/// <summary>sigmoid: g·y·(1 − y).</summary>
internal readonly struct SigmoidGradOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T y, T g) => g * y * (T.One - y);
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => g * y * (Vector128<T>.One - y);
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => g * y * (Vector256<T>.One - y);
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * y * (Vector512<T>.One - y);
}

/// <summary>leaky relu forward, op(x, s) = x for x &gt; 0, else s·x (s = the negative slope, a broadcast operand).</summary>
internal readonly struct LeakyReluOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T x, T s) => x > T.Zero ? x : x * s;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> s) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), x, x * s);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> s) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, x * s);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> s) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, x * s);
}

/// <summary>leaky relu backward, op(x, g, s) = g where x &gt; 0, else g·s (PyTorch's choice at 0: the slope).</summary>
internal readonly struct LeakyReluGradOp<T> : ITernaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T x, T g, T s) => x > T.Zero ? g : g * s;
    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> s) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), g, g * s);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> s) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g, g * s);
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> s) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g, g * s);
}
