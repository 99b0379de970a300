using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>Elementwise choice c ≠ 0 ? a : b (NaN counts as true and −0 as false, like PyTorch's cast to bool).</summary>
internal readonly struct SelectOp<T> : ITernaryVectorOp<T> where T : INumber<T>
{
    public static T Invoke(T c, T a, T b) => c != T.Zero ? a : b;
    public static Vector128<T> Invoke(Vector128<T> c, Vector128<T> a, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.Equals(c, Vector128<T>.Zero), b, a);
    public static Vector256<T> Invoke(Vector256<T> c, Vector256<T> a, Vector256<T> b) => Vector256.ConditionalSelect(Vector256.Equals(c, Vector256<T>.Zero), b, a);
    public static Vector512<T> Invoke(Vector512<T> c, Vector512<T> a, Vector512<T> b) => Vector512.ConditionalSelect(Vector512.Equals(c, Vector512<T>.Zero), b, a);
}

/// <summary>Where on spans: each operand is either as long as dst or a single value broadcast to all of it.</summary>
internal static class WhereKernel
{
    public static void Run<T>(ReadOnlySpan<T> condition, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst) where T : INumber<T>
    {
        if (dst.Length == 0) return;
        // Three nested choices pick one of the 8 span/scalar instantiations of the driver loop.
        if (IsScalar(condition, dst)) WithCondition<T, ScalarOperand<T>>(new(condition[0]), a, b, dst);
        else WithCondition<T, SpanOperand<T>>(new(condition, dst.Length), a, b, dst);
    }

    private static void WithCondition<T, TC>(TC c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst)
        where T : INumber<T> where TC : IOperand<T>, allows ref struct
    {
        if (IsScalar(a, dst)) WithA<T, TC, ScalarOperand<T>>(c, new(a[0]), b, dst);
        else WithA<T, TC, SpanOperand<T>>(c, new(a, dst.Length), b, dst);
    }

    private static void WithA<T, TC, TA>(TC c, TA a, ReadOnlySpan<T> b, Span<T> dst)
        where T : INumber<T> where TC : IOperand<T>, allows ref struct where TA : IOperand<T>, allows ref struct
    {
        if (IsScalar(b, dst)) VectorDriver.Map<T, SelectOp<T>, TC, TA, ScalarOperand<T>>(c, a, new(b[0]), dst);
        else VectorDriver.Map<T, SelectOp<T>, TC, TA, SpanOperand<T>>(c, a, new(b, dst.Length), dst);
    }

    private static bool IsScalar<T>(ReadOnlySpan<T> operand, Span<T> dst) => operand.Length == 1 && dst.Length > 1;
}
