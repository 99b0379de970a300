using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

// Fused first-order activation backward operators, op(y, g) with y the activation's output and g the incoming
// gradient: one pass instead of three. Autograd uses them only when the backward itself is not being recorded.
// Run through VectorDriver (wrapped in VectorBinaryOp for Elementwise.Binary).

/// <summary>relu: g where y > 0, else 0.</summary>
public readonly struct ReluGradOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T y, T g) => y > T.Zero ? g : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => Vector128.GreaterThan(y, Vector128<T>.Zero) & g;
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => Vector256.GreaterThan(y, Vector256<T>.Zero) & g;
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => Vector512.GreaterThan(y, Vector512<T>.Zero) & g;
}

/// <summary>tanh: g·(1 − y²).</summary>
public readonly struct TanhGradOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T y, T g) => g * (T.One - y * y);
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => g * (Vector128<T>.One - y * y);
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => g * (Vector256<T>.One - y * y);
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * (Vector512<T>.One - y * y);
}

/// <summary>sigmoid: g·y·(1 − y).</summary>
public readonly struct SigmoidGradOp<T> : IBinaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T y, T g) => g * y * (T.One - y);
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> g) => g * y * (Vector128<T>.One - y);
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> g) => g * y * (Vector256<T>.One - y);
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * y * (Vector512<T>.One - y);
}
