using System.Numerics;

namespace Nabla.Kernels;

/// <summary>A predicate on two values; the struct below turns it into a 1/0 mask operation.</summary>
public interface IPredicate<T>
{
    static abstract bool Test(T a, T b);
}

/// <summary>Mask operation: 1 where the predicate holds, else 0.</summary>
public readonly struct CompareOp<T, TPred> : IBinaryOp<T> where T : INumber<T> where TPred : IPredicate<T>
{
    public static T Apply(T a, T b) => TPred.Test(a, b) ? T.One : T.Zero;

    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TPred.Test(a[i], b[i]) ? T.One : T.Zero;
    }

    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TPred.Test(a[i], b) ? T.One : T.Zero;
    }

    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TPred.Test(a, b[i]) ? T.One : T.Zero;
    }
}

public readonly struct EqPred<T> : IPredicate<T> where T : INumber<T> { public static bool Test(T a, T b) => a == b; }
public readonly struct NePred<T> : IPredicate<T> where T : INumber<T> { public static bool Test(T a, T b) => a != b; }
public readonly struct GtPred<T> : IPredicate<T> where T : INumber<T> { public static bool Test(T a, T b) => a > b; }
public readonly struct GePred<T> : IPredicate<T> where T : INumber<T> { public static bool Test(T a, T b) => a >= b; }
public readonly struct LtPred<T> : IPredicate<T> where T : INumber<T> { public static bool Test(T a, T b) => a < b; }
public readonly struct LePred<T> : IPredicate<T> where T : INumber<T> { public static bool Test(T a, T b) => a <= b; }
