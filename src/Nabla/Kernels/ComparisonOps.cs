using System.Numerics;

namespace Nabla.Kernels;

/// <summary>A predicate on two values, scalar and vector forms (the vector form gives all-ones lanes where it holds).</summary>
public interface IPredicate<T> where T : struct
{
    static abstract bool Test(T a, T b);
    static abstract Vector<T> Test(Vector<T> a, Vector<T> b);
}

/// <summary>Mask operation: 1 where the predicate holds, else 0, a Vector&lt;T&gt; at a time.</summary>
public readonly struct CompareOp<T, TPred> : IBinaryOp<T> where T : struct, INumber<T> where TPred : IPredicate<T>
{
    public static T Apply(T a, T b) => TPred.Test(a, b) ? T.One : T.Zero;

    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
                ToMask(TPred.Test(new Vector<T>(a[i..]), new Vector<T>(b[i..]))).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = Apply(a[i], b[i]);
    }

    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<T>(b);
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
                ToMask(TPred.Test(new Vector<T>(a[i..]), vb)).CopyTo(d[i..]);
        }
        for (; i < d.Length; i++) d[i] = Apply(a[i], b);
    }

    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<T>(a);
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
                ToMask(TPred.Test(va, new Vector<T>(b[i..]))).CopyTo(d[i..]);
        }
        for (; i < d.Length; i++) d[i] = Apply(a, b[i]);
    }

    private static Vector<T> ToMask(Vector<T> lanes) => Vector.ConditionalSelect(lanes, Vector<T>.One, Vector<T>.Zero);
}

public readonly struct EqPred<T> : IPredicate<T> where T : struct, INumber<T>
{
    public static bool Test(T a, T b) => a == b;
    public static Vector<T> Test(Vector<T> a, Vector<T> b) => Vector.Equals(a, b);
}

public readonly struct NePred<T> : IPredicate<T> where T : struct, INumber<T>
{
    public static bool Test(T a, T b) => a != b;
    public static Vector<T> Test(Vector<T> a, Vector<T> b) => ~Vector.Equals(a, b);
}

public readonly struct GtPred<T> : IPredicate<T> where T : struct, INumber<T>
{
    public static bool Test(T a, T b) => a > b;
    public static Vector<T> Test(Vector<T> a, Vector<T> b) => Vector.GreaterThan(a, b);
}

public readonly struct GePred<T> : IPredicate<T> where T : struct, INumber<T>
{
    public static bool Test(T a, T b) => a >= b;
    public static Vector<T> Test(Vector<T> a, Vector<T> b) => Vector.GreaterThanOrEqual(a, b);
}

public readonly struct LtPred<T> : IPredicate<T> where T : struct, INumber<T>
{
    public static bool Test(T a, T b) => a < b;
    public static Vector<T> Test(Vector<T> a, Vector<T> b) => Vector.LessThan(a, b);
}

public readonly struct LePred<T> : IPredicate<T> where T : struct, INumber<T>
{
    public static bool Test(T a, T b) => a <= b;
    public static Vector<T> Test(Vector<T> a, Vector<T> b) => Vector.LessThanOrEqual(a, b);
}
