using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>A predicate on two values; the vector forms give all-ones lanes where it holds.</summary>
internal interface IPredicate<T>
{
    static abstract bool Test(T a, T b);
    static abstract Vector128<T> Test(Vector128<T> a, Vector128<T> b);
    static abstract Vector256<T> Test(Vector256<T> a, Vector256<T> b);
    static abstract Vector512<T> Test(Vector512<T> a, Vector512<T> b);
}

/// <summary>Mask operator: 1 where the predicate holds, else 0 (all-ones lanes AND the bits of 1).</summary>
internal readonly struct CompareOp<T, TPred> : IBinaryVectorOp<T> where T : INumber<T> where TPred : IPredicate<T>
{
    public static T Invoke(T a, T b) => TPred.Test(a, b) ? T.One : T.Zero;
    public static Vector128<T> Invoke(Vector128<T> a, Vector128<T> b) => TPred.Test(a, b) & Vector128<T>.One;
    public static Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => TPred.Test(a, b) & Vector256<T>.One;
    public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => TPred.Test(a, b) & Vector512<T>.One;
}

internal readonly struct EqPred<T> : IPredicate<T> where T : INumber<T>
{
    public static bool Test(T a, T b) => a == b;
    public static Vector128<T> Test(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b);
    public static Vector256<T> Test(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);
    public static Vector512<T> Test(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b);
}

internal readonly struct NePred<T> : IPredicate<T> where T : INumber<T>
{
    public static bool Test(T a, T b) => a != b;
    public static Vector128<T> Test(Vector128<T> a, Vector128<T> b) => ~Vector128.Equals(a, b);
    public static Vector256<T> Test(Vector256<T> a, Vector256<T> b) => ~Vector256.Equals(a, b);
    public static Vector512<T> Test(Vector512<T> a, Vector512<T> b) => ~Vector512.Equals(a, b);
}

internal readonly struct GtPred<T> : IPredicate<T> where T : INumber<T>
{
    public static bool Test(T a, T b) => a > b;
    public static Vector128<T> Test(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThan(a, b);
    public static Vector256<T> Test(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b);
    public static Vector512<T> Test(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b);
}

internal readonly struct GePred<T> : IPredicate<T> where T : INumber<T>
{
    public static bool Test(T a, T b) => a >= b;
    public static Vector128<T> Test(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThanOrEqual(a, b);
    public static Vector256<T> Test(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b);
    public static Vector512<T> Test(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanOrEqual(a, b);
}

internal readonly struct LtPred<T> : IPredicate<T> where T : INumber<T>
{
    public static bool Test(T a, T b) => a < b;
    public static Vector128<T> Test(Vector128<T> a, Vector128<T> b) => Vector128.LessThan(a, b);
    public static Vector256<T> Test(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b);
    public static Vector512<T> Test(Vector512<T> a, Vector512<T> b) => Vector512.LessThan(a, b);
}

internal readonly struct LePred<T> : IPredicate<T> where T : INumber<T>
{
    public static bool Test(T a, T b) => a <= b;
    public static Vector128<T> Test(Vector128<T> a, Vector128<T> b) => Vector128.LessThanOrEqual(a, b);
    public static Vector256<T> Test(Vector256<T> a, Vector256<T> b) => Vector256.LessThanOrEqual(a, b);
    public static Vector512<T> Test(Vector512<T> a, Vector512<T> b) => Vector512.LessThanOrEqual(a, b);
}
