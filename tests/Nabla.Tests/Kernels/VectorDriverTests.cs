using System.Numerics;
using System.Runtime.CompilerServices;
using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

public sealed class VectorDriverTestsSingle : VectorDriverTests<float>;

public sealed class VectorDriverTestsDouble : VectorDriverTests<double>;

/// <summary>
/// The operator structs run through <see cref="VectorDriver"/> for every length 0…256 (every tail of every width)
/// against their own scalar form, bit for bit, on values that include NaN, ±∞ and ±0 — TensorPrimitives' test style.
/// </summary>
public abstract class VectorDriverTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int MaxLength = 256, Guard = 5;
    private static readonly T Sentinel = T.CreateTruncating(12345.5);

    private static readonly T[] Specials = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, T.One, T.NegativeOne];

    /// <summary>Values in [−2, 2] with every special value planted at seed-dependent places, so they land in bodies and tails.</summary>
    private static T[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new T[n];
        for (int i = 0; i < n; i++)
            v[i] = rng.Next(5) == 0 ? Specials[rng.Next(Specials.Length)] : T.CreateTruncating(rng.NextDouble() * 4 - 2);
        return v;
    }

    private static bool Same(T expected, T actual) =>
        T.IsNaN(expected) ? T.IsNaN(actual) : expected == actual && T.IsNegative(expected) == T.IsNegative(actual);

    private static T[] WithGuard(int n)
    {
        var d = new T[n + Guard];
        Array.Fill(d, Sentinel);
        return d;
    }

    private static void AssertGuard(T[] d, int n, string where)
    {
        for (int i = n; i < d.Length; i++)
            if (d[i] != Sentinel) Assert.Fail($"{where}: wrote past the end at {i}");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckBinary<TOp>() where TOp : IBinaryVectorOp<T>
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var x = Values(n + 1, n);
            var y = Values(n + 1, 1000 + n);
            var dst = WithGuard(n);
            // Span/span at an odd offset, then span/scalar and scalar/span (the forms Elementwise.Binary calls).
            VectorBinaryOp<T, TOp>.Apply(x.AsSpan(1, n), y.AsSpan(1, n), dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Exact(TOp.Invoke(x[1 + i], y[1 + i]), dst[i], $"{typeof(TOp).Name} n={n} i={i} (span, span)");
            VectorBinaryOp<T, TOp>.Apply(x.AsSpan(1, n), y[0], dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Exact(TOp.Invoke(x[1 + i], y[0]), dst[i], $"{typeof(TOp).Name} n={n} i={i} (span, scalar)");
            VectorBinaryOp<T, TOp>.Apply(x[0], y.AsSpan(1, n), dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Exact(TOp.Invoke(x[0], y[1 + i]), dst[i], $"{typeof(TOp).Name} n={n} i={i} (scalar, span)");
            AssertGuard(dst, n, $"{typeof(TOp).Name} n={n}");

            // In place: the destination is the first operand.
            var inPlace = (T[])x.Clone();
            VectorBinaryOp<T, TOp>.Apply(inPlace.AsSpan(1, n), y.AsSpan(1, n), inPlace.AsSpan(1, n));
            for (int i = 0; i < n; i++) Exact(TOp.Invoke(x[1 + i], y[1 + i]), inPlace[1 + i], $"{typeof(TOp).Name} n={n} i={i} (in place)");
        }
    }

    private static void Exact(T expected, T actual, string where)
    {
        if (!Same(expected, actual)) Assert.Fail($"{where}: expected {expected:R}, got {actual:R}");
    }

    [Fact] public void ReluGrad() => CheckBinary<ReluGradOp<T>>();
    [Fact] public void TanhGrad() => CheckBinary<TanhGradOp<T>>();
    [Fact] public void SigmoidGrad() => CheckBinary<SigmoidGradOp<T>>();
    [Fact] public void LeakyRelu() => CheckBinary<LeakyReluOp<T>>();
    [Fact] public void CompareEq() => CheckBinary<CompareOp<T, EqPred<T>>>();
    [Fact] public void CompareNe() => CheckBinary<CompareOp<T, NePred<T>>>();
    [Fact] public void CompareGt() => CheckBinary<CompareOp<T, GtPred<T>>>();
    [Fact] public void CompareGe() => CheckBinary<CompareOp<T, GePred<T>>>();
    [Fact] public void CompareLt() => CheckBinary<CompareOp<T, LtPred<T>>>();
    [Fact] public void CompareLe() => CheckBinary<CompareOp<T, LePred<T>>>();

    [Fact]
    public void ScalarFormsFollowIeeeComparisons()
    {
        // The scalar forms are the reference above, so pin them: NaN compares false (≠ true), −0 equals +0.
        T nan = T.NaN, one = T.One;
        Assert.Equal(T.Zero, CompareOp<T, EqPred<T>>.Invoke(nan, nan));
        Assert.Equal(one, CompareOp<T, NePred<T>>.Invoke(nan, nan));
        Assert.Equal(T.Zero, CompareOp<T, GtPred<T>>.Invoke(nan, T.Zero));
        Assert.Equal(T.Zero, CompareOp<T, LePred<T>>.Invoke(nan, T.Zero));
        Assert.Equal(one, CompareOp<T, EqPred<T>>.Invoke(T.NegativeZero, T.Zero));
        Assert.Equal(one, CompareOp<T, GtPred<T>>.Invoke(T.PositiveInfinity, T.CreateTruncating(1e30)));
        Assert.Equal(T.Zero, ReluGradOp<T>.Invoke(nan, one));
        Assert.Equal(T.Zero, ReluGradOp<T>.Invoke(T.NegativeZero, one));
        Assert.Equal(one, SelectOp<T>.Invoke(nan, one, T.Zero));          // NaN is "true"
        Assert.Equal(T.Zero, SelectOp<T>.Invoke(T.NegativeZero, one, T.Zero)); // −0 is "false"
    }

    [Fact]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WhereEveryLengthAndOperandForm()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            // Conditions are mostly 0/1 masks, with NaN, ±∞, ±0 and other non-zero values among them.
            var c = Values(n + 1, 7 * n).Select((v, i) => i % 3 == 0 ? v : (i % 2 == 0 ? T.One : T.Zero)).ToArray();
            var a = Values(n + 1, 11 * n + 1);
            var b = Values(n + 1, 13 * n + 2);
            for (int form = 0; form < 8; form++)
            {
                bool sc = (form & 1) != 0, sa = (form & 2) != 0, sb = (form & 4) != 0;
                // A scalar operand is a one-element span (for n = 1 that is also the span form).
                ReadOnlySpan<T> Op(T[] v, bool scalar) => scalar ? v.AsSpan(0, 1) : v.AsSpan(1, n);
                var dst = WithGuard(n);
                WhereKernel.Run<T>(Op(c, sc), Op(a, sa), Op(b, sb), dst.AsSpan(0, n));
                for (int i = 0; i < n; i++)
                {
                    T ci = sc ? c[0] : c[1 + i], ai = sa ? a[0] : a[1 + i], bi = sb ? b[0] : b[1 + i];
                    Exact(ci != T.Zero ? ai : bi, dst[i], $"n={n} i={i} form={form} c={ci}");
                }
                AssertGuard(dst, n, $"n={n} form={form}");
            }
        }
    }

    [Fact]
    public void WhereInPlaceOverAnOperand()
    {
        for (int n = 1; n <= 70; n++)
        {
            var c = Values(n, n);
            var a = Values(n, 2 * n);
            var b = Values(n, 3 * n);
            var expected = c.Select((ci, i) => ci != T.Zero ? a[i] : b[i]).ToArray();
            WhereKernel.Run<T>(c, a, b, b);
            for (int i = 0; i < n; i++) Exact(expected[i], b[i], $"n={n} i={i}");
        }
    }

    [Fact]
    public void ShortOperandSpanIsRejected()
    {
        var dst = new T[9];
        var e = Assert.Throws<ArgumentException>(() => VectorBinaryOp<T, TanhGradOp<T>>.Apply(new T[8], new T[9], dst));
        Assert.StartsWith("Operand span of length 8 is shorter than the destination (9).", e.Message);
        e = Assert.Throws<ArgumentException>(() => WhereKernel.Run<T>(new T[9], new T[9], new T[4], dst));
        Assert.StartsWith("Operand span of length 4 is shorter than the destination (9).", e.Message);
    }
}
