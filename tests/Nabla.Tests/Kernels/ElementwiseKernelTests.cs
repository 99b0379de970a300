using System.Numerics;
using System.Runtime.CompilerServices;
using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

public sealed class ElementwiseKernelTestsSingle : ElementwiseKernelTests<float>
{
    protected override double Tol => 2e-6;
    protected override double SumTol => 4e-6;
}

public sealed class ElementwiseKernelTestsDouble : ElementwiseKernelTests<double>
{
    protected override double Tol => 2e-14;
    protected override double SumTol => 1e-14;
}

/// <summary>
/// Span kernels run directly, for every length 0…256 (so every tail of every vector width is hit), against a scalar
/// reference — in the style of dotnet/runtime's TensorPrimitives tests. Each test runs for float and double.
/// </summary>
public abstract class ElementwiseKernelTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int MaxLength = 256;
    private const int Guard = 5;

    /// <summary>Relative tolerance of transcendental kernels (a few units in the last place).</summary>
    protected abstract double Tol { get; }

    /// <summary>Tolerance of a sum relative to Σ|x|.</summary>
    protected abstract double SumTol { get; }

    private static readonly T Sentinel = T.CreateTruncating(12345.5);

    private static T C(double v) => T.CreateTruncating(v);
    private static double D(T v) => double.CreateTruncating(v);

    /// <summary>Deterministic values in [−4, 4], with some exact zeros and integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new T[n];
        for (int i = 0; i < n; i++)
            v[i] = (i % 17) switch
            {
                3 => T.Zero,
                5 => C(rng.Next(-4, 5)),
                _ => C(rng.NextDouble() * 8 - 4),
            };
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SameValue(T expected, T actual) =>
        T.IsNaN(expected) ? T.IsNaN(actual) : expected == actual && T.IsNegative(expected) == T.IsNegative(actual);

    /// <summary>Formats the failure message only when the check fails, so passing checks in hot loops stay cheap.</summary>
    [InterpolatedStringHandler]
    public ref struct Message
    {
        private DefaultInterpolatedStringHandler inner;

        public Message(int literalLength, int formattedCount, bool ok, out bool shouldAppend)
        {
            inner = ok ? default : new DefaultInterpolatedStringHandler(literalLength, formattedCount);
            shouldAppend = !ok;
        }

        public void AppendLiteral(string s) => inner.AppendLiteral(s);
        public void AppendFormatted<TV>(TV value) => inner.AppendFormatted(value);
        public void AppendFormatted<TV>(TV value, string? format) => inner.AppendFormatted(value, format);
        public string ToStringAndClear() => inner.ToStringAndClear();
    }

    private static void Check(bool ok, [InterpolatedStringHandlerArgument("ok")] ref Message message)
    {
        if (!ok) Assert.Fail(message.ToStringAndClear());
    }

    private static void AssertExact(T expected, T actual, string where)
    {
        if (!SameValue(expected, actual))
            Assert.Fail($"{where}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>Exact comparison (NaN matches NaN, zeros must agree in sign); the message is built only on failure.</summary>
    private static void Exact(T expected, T actual, [InterpolatedStringHandlerArgument("expected", "actual")] ref ExactMessage where)
    {
        if (!SameValue(expected, actual))
            Assert.Fail($"{where.ToStringAndClear()}: expected {expected:R}, got {actual:R}");
    }

    [InterpolatedStringHandler]
    public ref struct ExactMessage
    {
        private Message inner;

        public ExactMessage(int literalLength, int formattedCount, T expected, T actual, out bool shouldAppend) =>
            inner = new Message(literalLength, formattedCount, SameValue(expected, actual), out shouldAppend);

        public void AppendLiteral(string s) => inner.AppendLiteral(s);
        public void AppendFormatted<TV>(TV value) => inner.AppendFormatted(value);
        public void AppendFormatted<TV>(TV value, string? format) => inner.AppendFormatted(value, format);
        public string ToStringAndClear() => inner.ToStringAndClear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsClose(double expected, T actual, double tol)
    {
        double a = D(actual);
        if (double.IsNaN(expected)) return double.IsNaN(a);
        // Compare with the reference rounded to T, so float results are not charged for the conversion.
        double e = D(C(expected));
        if (double.IsInfinity(e)) return e == a;
        return Math.Abs(a - e) <= tol * Math.Max(Math.Abs(e), 1e-3) || Math.Abs(a - e) <= double.CreateTruncating(T.Epsilon);
    }

    private static void AssertClose(double expected, T actual, double tol, string where)
    {
        if (!IsClose(expected, actual, tol))
            Assert.Fail($"{where}: expected {D(C(expected)):R}, got {D(actual):R} (diff {Math.Abs(D(actual) - D(C(expected))):R})");
    }

    /// <summary>Tolerance comparison against a double reference; the message is built only on failure.</summary>
    private static void Close(double expected, T actual, double tol, [InterpolatedStringHandlerArgument("expected", "actual", "tol")] ref CloseMessage where)
    {
        if (!IsClose(expected, actual, tol))
            Assert.Fail($"{where.ToStringAndClear()}: expected {D(C(expected)):R}, got {D(actual):R} (diff {Math.Abs(D(actual) - D(C(expected))):R})");
    }

    [InterpolatedStringHandler]
    public ref struct CloseMessage
    {
        private Message inner;

        public CloseMessage(int literalLength, int formattedCount, double expected, T actual, double tol, out bool shouldAppend) =>
            inner = new Message(literalLength, formattedCount, IsClose(expected, actual, tol), out shouldAppend);

        public void AppendLiteral(string s) => inner.AppendLiteral(s);
        public void AppendFormatted<TV>(TV value) => inner.AppendFormatted(value);
        public void AppendFormatted<TV>(TV value, string? format) => inner.AppendFormatted(value, format);
        public string ToStringAndClear() => inner.ToStringAndClear();
    }

    private static T[] WithGuard(int n)
    {
        var d = new T[n + Guard];
        Array.Fill(d, Sentinel);
        return d;
    }

    private static void AssertGuard(T[] d, int n, string where)
    {
        for (int i = n; i < d.Length; i++) Check(d[i] == Sentinel, $"{where}: wrote past the end at {i}");
    }

    // ---------------------------------------------------------------- binary

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckBinary<TOp>(Func<T, T, T> reference) where TOp : IBinaryOp<T>
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            // Contiguous operands at odd offsets (unaligned spans).
            var a = Values(n + 1, n);
            var b = Values(n + 2, 1000 + n);
            var dst = WithGuard(n);
            Elementwise.Binary<T, TOp>([n], a, 1, [1], b, 2, [1], dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Exact(reference(a[1 + i], b[2 + i]), dst[i], $"n={n} i={i} (span, span)");
            AssertGuard(dst, n, $"n={n}");

            if (n == 0) continue;
            // Scalar on either side (stride 0).
            Elementwise.Binary<T, TOp>([n], a, 1, [1], b, 0, [0], dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Exact(reference(a[1 + i], b[0]), dst[i], $"n={n} i={i} (span, scalar)");
            Elementwise.Binary<T, TOp>([n], a, 0, [0], b, 1, [1], dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Exact(reference(a[0], b[1 + i]), dst[i], $"n={n} i={i} (scalar, span)");
            AssertGuard(dst, n, $"n={n}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckBinaryStrided<TOp>(Func<T, T, T> reference) where TOp : IBinaryOp<T>
    {
        // [rows, n] output: a is a transposed view (strides [1, rows]), b a broadcast row (strides [0, 1]).
        const int rows = 3;
        for (int n = 1; n <= 67; n++)
        {
            var a = Values(rows * n, n);
            var b = Values(n, 7 * n);
            var dst = WithGuard(rows * n);
            Elementwise.Binary<T, TOp>([rows, n], a, 0, [1, rows], b, 0, [0, 1], dst.AsSpan(0, rows * n));
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < n; j++)
                    Exact(reference(a[j * rows + r], b[j]), dst[r * n + j], $"n={n} r={r} j={j}");
            AssertGuard(dst, rows * n, $"n={n}");
        }
    }

    [Fact] public void Add() { CheckBinary<AddOp<T>>((x, y) => x + y); CheckBinaryStrided<AddOp<T>>((x, y) => x + y); }
    [Fact] public void Subtract() { CheckBinary<SubOp<T>>((x, y) => x - y); CheckBinaryStrided<SubOp<T>>((x, y) => x - y); }
    [Fact] public void Multiply() { CheckBinary<MulOp<T>>((x, y) => x * y); CheckBinaryStrided<MulOp<T>>((x, y) => x * y); }
    [Fact] public void Divide() { CheckBinary<DivOp<T>>((x, y) => x / y); CheckBinaryStrided<DivOp<T>>((x, y) => x / y); }
    [Fact] public void Maximum() { CheckBinary<MaximumOp<T>>(T.Max); CheckBinaryStrided<MaximumOp<T>>(T.Max); }
    [Fact] public void Minimum() { CheckBinary<MinimumOp<T>>(T.Min); CheckBinaryStrided<MinimumOp<T>>(T.Min); }
    [Fact] public void Greater() => CheckBinary<VectorBinaryOp<T, CompareOp<T, GtPred<T>>>>((x, y) => x > y ? T.One : T.Zero);
    [Fact] public void Equal() => CheckBinary<VectorBinaryOp<T, CompareOp<T, EqPred<T>>>>((x, y) => x == y ? T.One : T.Zero);

    [Fact]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Power()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var a = Values(n, n).Select(v => T.Abs(v) + C(0.5)).ToArray();
            var b = Values(n, 3 * n);
            var dst = WithGuard(n);
            Elementwise.Binary<T, PowOp<T>>([n], a, 0, [1], b, 0, [1], dst.AsSpan(0, n));
            for (int i = 0; i < n; i++) Close(Math.Pow(D(a[i]), D(b[i])), dst[i], Tol * 4, $"n={n} i={i}");
            AssertGuard(dst, n, $"n={n}");
            if (n == 0 || (n > 40 && n % 4 != 1)) continue;
            foreach (double p in new[] { 2.0, 1.0, 3.0, 0.5 })
            {
                Elementwise.Binary<T, PowOp<T>>([n], b, 0, [1], [C(p)], 0, [0], dst.AsSpan(0, n));
                for (int i = 0; i < n; i++)
                    Close(p == 0.5 && b[i] < T.Zero ? double.NaN : Math.Pow(D(b[i]), p), dst[i], Tol * 4, $"n={n} i={i} p={p}");
            }
        }
    }

    // ---------------------------------------------------------------- unary

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckUnary<TOp>(Func<double, double> reference, bool exact, Func<T[], T[]>? domain = null) where TOp : IUnaryOp<T>
    {
        // Length 0 is covered by UnaryKernelsAcceptEmptySpans, so one failure does not hide the other.
        for (int n = 1; n <= MaxLength; n++)
        {
            var x = Values(n + 1, 500 + n);
            if (domain is not null) x = domain(x);
            var dst = WithGuard(n);
            TOp.Apply(x.AsSpan(1, n), dst.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                double e = reference(D(x[1 + i]));
                if (exact) Exact(C(e), dst[i], $"n={n} i={i} x={x[1 + i]:R}");
                else Close(e, dst[i], Tol, $"n={n} i={i} x={x[1 + i]:R}");
            }
            AssertGuard(dst, n, $"n={n}");

            // In place: source and destination are the same span.
            var inPlace = (T[])x.Clone();
            TOp.Apply(inPlace.AsSpan(1, n), inPlace.AsSpan(1, n));
            for (int i = 0; i < n; i++) Exact(dst[i], inPlace[1 + i], $"n={n} i={i} (in place)");
        }
    }

    private static T[] Positive(T[] x) => x.Select(v => T.Abs(v) + C(1e-3)).ToArray();

    [Fact] public void Negate() => CheckUnary<NegOp<T>>(v => -v, exact: true);
    [Fact] public void Abs() => CheckUnary<AbsOp<T>>(Math.Abs, exact: true);
    [Fact] public void Relu() => CheckUnary<ReluOp<T>>(v => v > 0 ? v : 0, exact: true);
    [Fact] public void Sign() => CheckUnary<SignOp<T>>(v => Math.Sign(v), exact: true);
    [Fact] public void Sqrt() => CheckUnary<SqrtOp<T>>(Math.Sqrt, exact: true, Positive);
    [Fact] public void Exp() => CheckUnary<ExpOp<T>>(Math.Exp, exact: false);
    [Fact] public void Log() => CheckUnary<LogOp<T>>(Math.Log, exact: false, Positive);
    [Fact] public void Tanh() => CheckUnary<TanhOp<T>>(Math.Tanh, exact: false);
    [Fact] public void Sigmoid() => CheckUnary<SigmoidOp<T>>(v => 1 / (1 + Math.Exp(-v)), exact: false);

    private static void ApplyEmpty<TOp>() where TOp : IUnaryOp<T>
    {
        var guard = WithGuard(0);
        TOp.Apply(ReadOnlySpan<T>.Empty, guard.AsSpan(0, 0));
        AssertGuard(guard, 0, typeof(TOp).Name);
    }

    [Fact] public void NegOnEmptySpan() => ApplyEmpty<NegOp<T>>();
    [Fact] public void AbsOnEmptySpan() => ApplyEmpty<AbsOp<T>>();
    [Fact] public void ReluOnEmptySpan() => ApplyEmpty<ReluOp<T>>();
    [Fact] public void SignOnEmptySpan() => ApplyEmpty<SignOp<T>>();
    [Fact] public void SqrtOnEmptySpan() => ApplyEmpty<SqrtOp<T>>();
    [Fact] public void ExpOnEmptySpan() => ApplyEmpty<ExpOp<T>>();
    [Fact] public void LogOnEmptySpan() => ApplyEmpty<LogOp<T>>();
    [Fact] public void TanhOnEmptySpan() => ApplyEmpty<TanhOp<T>>();
    [Fact] public void SigmoidOnEmptySpan() => ApplyEmpty<SigmoidOp<T>>();

    [Fact]
    public void ExpOfZeroIsExactlyOne()
    {
        // exp(0) = 1 exactly (torch.exp and every libm); softmax of a dominant element relies on it.
        for (int n = 1; n <= 40; n++)
        {
            var dst = new T[n];
            ExpOp<T>.Apply(new T[n], dst);
            for (int i = 0; i < n; i++) Exact(T.One, dst[i], $"n={n} i={i}");
        }
    }

    [Fact]
    public void TanhOfSignedZeroIsSignedZero()
    {
        foreach (int n in new[] { 1, 4, 7, 8, 16, 19 })
        {
            var zeros = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? T.Zero : T.NegativeZero).ToArray();
            var dst = new T[n];
            TanhOp<T>.Apply(zeros, dst);
            for (int i = 0; i < n; i++) Exact(zeros[i], dst[i], $"tanh n={n} i={i}");
        }
    }

    // ---------------------------------------------------------------- reductions

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckReduce<TOp>(Func<T[], double> reference, double tol) where TOp : IReduceOp<T>
    {
        foreach (int inner in new[] { 1, 3 })
        {
            const int outer = 2;
            // Every length for inner = 1 (the span kernel); the fold path (inner > 1) for lengths up to 48.
            for (int n = 1; n <= (inner == 1 ? MaxLength : 48); n++)
            {
                var src = Values(outer * n * inner, 40 + n);
                var dst = WithGuard(outer * inner);
                Reduce.Run<T, TOp>(src, outer, n, inner, dst.AsSpan(0, outer * inner));
                for (int o = 0; o < outer; o++)
                    for (int i = 0; i < inner; i++)
                    {
                        var run = new T[n];
                        double scale = 0;
                        for (int k = 0; k < n; k++) { run[k] = src[(o * n + k) * inner + i]; scale += Math.Abs(D(run[k])); }
                        double e = reference(run);
                        double a = D(dst[o * inner + i]);
                        Check(Math.Abs(a - e) <= tol * scale, $"inner={inner} n={n} o={o} i={i}: expected {e:R}, got {a:R}");
                    }
                AssertGuard(dst, outer * inner, $"n={n}");
            }
        }
    }

    [Fact] public void Sum() => CheckReduce<SumReduce<T>>(run => run.Sum(D), SumTol);
    [Fact] public void Max() => CheckReduce<MaxReduce<T>>(run => run.Max(D), 0);
    [Fact] public void Min() => CheckReduce<MinReduce<T>>(run => run.Min(D), 0);

    [Fact]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ArgMaxFirstOfTies()
    {
        for (int n = 1; n <= MaxLength; n++)
        {
            var src = Values(n, n).Select(v => T.Round(v)).ToArray(); // many ties
            var dst = new long[1];
            Reduce.ArgExtreme<T>(src, 1, n, 1, dst, max: true);
            Assert.Equal(Array.IndexOf(src, src.Max()), dst[0]);
            Reduce.ArgExtreme<T>(src, 1, n, 1, dst, max: false);
            Assert.Equal(Array.IndexOf(src, src.Min()), dst[0]);
        }
    }

    // ---------------------------------------------------------------- softmax

    [Fact]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SoftmaxAndLogSoftmaxRows()
    {
        const int rows = 2;
        for (int n = 1; n <= MaxLength; n++)
        {
            var src = Values(rows * n, 90 + n);
            var y = WithGuard(rows * n);
            var logY = WithGuard(rows * n);
            Nabla.Kernels.Softmax.Forward<T>(src, rows, n, y.AsSpan(0, rows * n));
            Nabla.Kernels.Softmax.LogForward<T>(src, rows, n, logY.AsSpan(0, rows * n));
            for (int r = 0; r < rows; r++)
            {
                var x = src.Skip(r * n).Take(n).Select(D).ToArray();
                double max = x.Max();
                double logSum = Math.Log(x.Sum(v => Math.Exp(v - max)));
                double total = 0;
                for (int i = 0; i < n; i++)
                {
                    double e = Math.Exp(x[i] - max - logSum);
                    double a = D(y[r * n + i]);
                    total += a;
                    Check(Math.Abs(a - e) <= 4 * Tol * Math.Max(e, 1e-3), $"softmax n={n} r={r} i={i}: expected {e:R}, got {a:R}");
                    Close(x[i] - max - logSum, logY[r * n + i], 4 * Tol, $"log-softmax n={n} r={r} i={i}");
                }
                Check(Math.Abs(total - 1) <= 8 * Tol, $"n={n} r={r}: row sums to {total:R}");
            }
            AssertGuard(y, rows * n, $"softmax n={n}");
            AssertGuard(logY, rows * n, $"log-softmax n={n}");
        }
    }

    [Fact]
    public void SoftmaxOfExtremeRowsIsExact()
    {
        foreach (int n in new[] { 2, 3, 4, 7, 8, 9, 16, 17, 31, 32, 33, 64, 65 })
        {
            // Row 0: 1000 at position n−1, −1000 elsewhere. Row 1: all 1000. Row 2: all −1000.
            var src = new T[3 * n];
            for (int i = 0; i < n; i++)
            {
                src[i] = C(i == n - 1 ? 1000 : -1000);
                src[n + i] = C(1000);
                src[2 * n + i] = C(-1000);
            }
            var y = new T[3 * n];
            var logY = new T[3 * n];
            Nabla.Kernels.Softmax.Forward<T>(src, 3, n, y);
            Nabla.Kernels.Softmax.LogForward<T>(src, 3, n, logY);
            T uniform = T.One / C(n);
            T logUniform = -T.Log(C(n));
            for (int i = 0; i < n; i++)
            {
                Exact(i == n - 1 ? T.One : T.Zero, y[i], $"n={n} row 0 i={i}");
                Exact(i == n - 1 ? T.Zero : C(-2000), logY[i], $"n={n} log row 0 i={i}");
                Exact(uniform, y[n + i], $"n={n} row 1 i={i}");
                Exact(uniform, y[2 * n + i], $"n={n} row 2 i={i}");
                Close(D(logUniform), logY[n + i], Tol, $"n={n} log row 1 i={i}");
                Close(D(logUniform), logY[2 * n + i], Tol, $"n={n} log row 2 i={i}");
            }
        }
    }

    [Fact]
    public void SoftmaxWithNegativeInfinityGivesZeroProbability()
    {
        var src = new[] { T.NegativeInfinity, C(0), C(0), T.NegativeInfinity, C(1) };
        var y = new T[5];
        Nabla.Kernels.Softmax.Forward<T>(src, 1, 5, y);
        AssertExact(T.Zero, y[0], "−∞");
        AssertExact(T.Zero, y[3], "−∞");
        AssertClose(1.0, y[1] + y[2] + y[4], 4 * Tol, "sum");
        var logY = new T[5];
        Nabla.Kernels.Softmax.LogForward<T>(src, 1, 5, logY);
        AssertExact(T.NegativeInfinity, logY[0], "log −∞");
    }

    // ---------------------------------------------------------------- special values

    /// <summary>Puts value at every position of vectors of several lengths (so it lands in vector bodies and in tails).</summary>
    private static IEnumerable<(T[] Data, int Position)> Planted(T value, T filler)
    {
        foreach (int n in new[] { 1, 3, 4, 5, 8, 9, 16, 17, 33, 64, 65 })
            for (int p = 0; p < n; p++)
            {
                var d = Enumerable.Repeat(filler, n).ToArray();
                d[p] = value;
                yield return (d, p);
            }
    }

    [Fact]
    public void NaNPropagatesThroughAddMulExpAndMax()
    {
        foreach (var (d, p) in Planted(T.NaN, C(1.5)))
        {
            int n = d.Length;
            var other = Enumerable.Repeat(C(2), n).ToArray();
            var dst = new T[n];

            Elementwise.Binary<T, AddOp<T>>([n], d, 0, [1], other, 0, [1], dst);
            Check(T.IsNaN(dst[p]) && dst.Count(T.IsNaN) == 1, $"add n={n} p={p}");
            Elementwise.Binary<T, MulOp<T>>([n], other, 0, [1], d, 0, [1], dst);
            Check(T.IsNaN(dst[p]) && dst.Count(T.IsNaN) == 1, $"mul n={n} p={p}");
            Elementwise.Binary<T, MaximumOp<T>>([n], d, 0, [1], other, 0, [1], dst);
            Check(T.IsNaN(dst[p]) && dst.Count(T.IsNaN) == 1, $"maximum n={n} p={p}");
            Elementwise.Binary<T, MinimumOp<T>>([n], other, 0, [1], d, 0, [1], dst);
            Check(T.IsNaN(dst[p]) && dst.Count(T.IsNaN) == 1, $"minimum n={n} p={p}");
            ExpOp<T>.Apply(d, dst);
            Check(T.IsNaN(dst[p]) && dst.Count(T.IsNaN) == 1, $"exp n={n} p={p}");
            TanhOp<T>.Apply(d, dst);
            Check(T.IsNaN(dst[p]), $"tanh n={n} p={p}");
            SigmoidOp<T>.Apply(d, dst);
            Check(T.IsNaN(dst[p]), $"sigmoid n={n} p={p}");

            var r = new T[1];
            Reduce.Run<T, MaxReduce<T>>(d, 1, n, 1, r);
            Check(T.IsNaN(r[0]), $"max-reduce n={n} p={p}");
            Reduce.Run<T, MinReduce<T>>(d, 1, n, 1, r);
            Check(T.IsNaN(r[0]), $"min-reduce n={n} p={p}");
            Reduce.Run<T, SumReduce<T>>(d, 1, n, 1, r);
            Check(T.IsNaN(r[0]), $"sum-reduce n={n} p={p}");
            var idx = new long[1];
            Reduce.ArgExtreme<T>(d, 1, n, 1, idx, max: true);
            Assert.Equal(p, idx[0]);
        }
    }

    [Fact]
    public void Infinities()
    {
        var x = new[] { T.PositiveInfinity, T.NegativeInfinity, C(1), C(-1), T.PositiveInfinity, T.NegativeInfinity, C(0), C(2), C(3) };
        var y = new[] { C(1), C(1), T.PositiveInfinity, T.NegativeInfinity, T.NegativeInfinity, T.NegativeInfinity, T.PositiveInfinity, C(0), C(-3) };
        int n = x.Length;
        var dst = new T[n];
        Elementwise.Binary<T, AddOp<T>>([n], x, 0, [1], y, 0, [1], dst);
        for (int i = 0; i < n; i++) Exact(x[i] + y[i], dst[i], $"add {i}");
        Assert.True(T.IsNaN(dst[4])); // ∞ + −∞
        Elementwise.Binary<T, MulOp<T>>([n], x, 0, [1], y, 0, [1], dst);
        for (int i = 0; i < n; i++) Exact(x[i] * y[i], dst[i], $"mul {i}");
        Assert.True(T.IsNaN(dst[6])); // 0 · ∞
        Elementwise.Binary<T, DivOp<T>>([n], x, 0, [1], y, 0, [1], dst);
        for (int i = 0; i < n; i++) Exact(x[i] / y[i], dst[i], $"div {i}");

        ExpOp<T>.Apply(new[] { T.PositiveInfinity, T.NegativeInfinity }, dst);
        AssertExact(T.PositiveInfinity, dst[0], "exp(∞)");
        AssertExact(T.Zero, dst[1], "exp(−∞)");
        TanhOp<T>.Apply(new[] { T.PositiveInfinity, T.NegativeInfinity }, dst);
        AssertExact(T.One, dst[0], "tanh(∞)");
        AssertExact(T.NegativeOne, dst[1], "tanh(−∞)");
        SigmoidOp<T>.Apply(new[] { T.PositiveInfinity, T.NegativeInfinity }, dst);
        AssertExact(T.One, dst[0], "σ(∞)");
        AssertExact(T.Zero, dst[1], "σ(−∞)");
        LogOp<T>.Apply(new[] { T.PositiveInfinity, T.Zero, C(-1) }, dst);
        AssertExact(T.PositiveInfinity, dst[0], "log(∞)");
        AssertExact(T.NegativeInfinity, dst[1], "log(0)");
        Assert.True(T.IsNaN(dst[2]), "log(−1)");

        var r = new T[1];
        Reduce.Run<T, SumReduce<T>>(new[] { T.PositiveInfinity, C(1), C(2) }, 1, 3, 1, r);
        AssertExact(T.PositiveInfinity, r[0], "sum with ∞");
        Reduce.Run<T, MaxReduce<T>>(new[] { T.NegativeInfinity, T.NegativeInfinity }, 1, 2, 1, r);
        AssertExact(T.NegativeInfinity, r[0], "max of −∞");
    }

    [Fact]
    public void SignedZeros()
    {
        foreach (int n in new[] { 1, 4, 7, 8, 16, 19, 32, 67 })
        {
            var zeros = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? T.Zero : T.NegativeZero).ToArray();
            var dst = new T[n];
            NegOp<T>.Apply(zeros, dst);
            for (int i = 0; i < n; i++) Exact(i % 2 == 0 ? T.NegativeZero : T.Zero, dst[i], $"neg n={n} i={i}");
            AbsOp<T>.Apply(zeros, dst);
            for (int i = 0; i < n; i++) Exact(T.Zero, dst[i], $"abs n={n} i={i}");
            SqrtOp<T>.Apply(zeros, dst);
            for (int i = 0; i < n; i++) Exact(zeros[i], dst[i], $"sqrt n={n} i={i}");

            var negZeros = Enumerable.Repeat(T.NegativeZero, n).ToArray();
            Elementwise.Binary<T, AddOp<T>>([n], negZeros, 0, [1], negZeros, 0, [1], dst);
            for (int i = 0; i < n; i++) Exact(T.NegativeZero, dst[i], $"−0 + −0 n={n} i={i}");
            Elementwise.Binary<T, AddOp<T>>([n], zeros, 0, [1], [T.NegativeZero], 0, [0], dst);
            for (int i = 0; i < n; i++) Exact(zeros[i], dst[i], $"z + −0 n={n} i={i}");
            Elementwise.Binary<T, MulOp<T>>([n], [T.NegativeOne], 0, [0], zeros, 0, [1], dst);
            for (int i = 0; i < n; i++) Exact(-zeros[i], dst[i], $"−1 · z n={n} i={i}");
            Elementwise.Binary<T, SubOp<T>>([n], zeros, 0, [1], zeros, 0, [1], dst);
            for (int i = 0; i < n; i++) Exact(T.Zero, dst[i], $"z − z n={n} i={i}");
        }
    }

    [Fact]
    public void Subnormals()
    {
        T tiny = T.Epsilon;                 // smallest subnormal
        T sub = tiny * C(1000);             // a larger subnormal
        Assert.True(T.IsSubnormal(sub));
        foreach (int n in new[] { 1, 5, 8, 13, 32, 41 })
        {
            var a = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? tiny : i % 3 == 1 ? sub : -sub).ToArray();
            var dst = new T[n];
            Elementwise.Binary<T, AddOp<T>>([n], a, 0, [1], a, 0, [1], dst);
            for (int i = 0; i < n; i++) Exact(a[i] + a[i], dst[i], $"add n={n} i={i}");
            Assert.True(T.IsSubnormal(dst[0]) && dst[0] == tiny + tiny, "ε + ε is not flushed to zero");
            Elementwise.Binary<T, MulOp<T>>([n], a, 0, [1], [C(2)], 0, [0], dst);
            for (int i = 0; i < n; i++) Exact(a[i] * C(2), dst[i], $"mul n={n} i={i}");
            Elementwise.Binary<T, DivOp<T>>([n], a, 0, [1], [C(4)], 0, [0], dst);
            for (int i = 0; i < n; i++) Exact(a[i] / C(4), dst[i], $"div n={n} i={i}");
            NegOp<T>.Apply(a, dst);
            for (int i = 0; i < n; i++) Exact(-a[i], dst[i], $"neg n={n} i={i}");
            AbsOp<T>.Apply(a, dst);
            for (int i = 0; i < n; i++) Exact(T.Abs(a[i]), dst[i], $"abs n={n} i={i}");
            ReluOp<T>.Apply(a, dst);
            for (int i = 0; i < n; i++) Exact(a[i] > T.Zero ? a[i] : T.Zero, dst[i], $"relu n={n} i={i}");
            ExpOp<T>.Apply(a, dst);
            for (int i = 0; i < n; i++) Close(1.0, dst[i], Tol, $"exp n={n} i={i}"); // exactness: ExpOfZeroIsExactlyOne

            var r = new T[1];
            var positive = Enumerable.Repeat(sub, n).ToArray();
            Reduce.Run<T, SumReduce<T>>(positive, 1, n, 1, r);
            Exact(sub * C(n), r[0], $"sum n={n}");
            Reduce.Run<T, MaxReduce<T>>(a, 1, n, 1, r);
            Exact(n > 1 ? sub : tiny, r[0], $"max n={n}");
        }
    }

    [Fact]
    public void ExtremeArgumentsStayFinite()
    {
        foreach (double big in new[] { 1000.0, 100.0, 50.0 })
            foreach (var (d, p) in Planted(C(big), C(-big)))
            {
                int n = d.Length;
                var dst = new T[n];
                SigmoidOp<T>.Apply(d, dst);
                for (int i = 0; i < n; i++)
                {
                    Assert.False(T.IsNaN(dst[i]), $"σ NaN n={n} i={i}");
                    if (big == 1000) Exact(i == p ? T.One : T.Zero, dst[i], $"σ(±1000) n={n} i={i}");
                    else Close(1 / (1 + Math.Exp(-D(d[i]))), dst[i], Tol, $"σ(±{big}) n={n} i={i}");
                }
                TanhOp<T>.Apply(d, dst);
                for (int i = 0; i < n; i++) Exact(i == p ? T.One : T.NegativeOne, dst[i], $"tanh(±{big}) n={n} i={i}");
                ExpOp<T>.Apply(d, dst);
                for (int i = 0; i < n; i++)
                {
                    Assert.False(T.IsNaN(dst[i]), $"exp NaN n={n} i={i}");
                    if (big == 1000) Exact(i == p ? T.PositiveInfinity : T.Zero, dst[i], $"exp(±1000) n={n} i={i}");
                    else Close(Math.Exp(D(d[i])), dst[i], Tol, $"exp(±{big}) n={n} i={i}");
                }
            }
    }

    [Fact]
    public void EmptySpansAreNoOps()
    {
        var empty = Array.Empty<T>();
        Elementwise.Binary<T, AddOp<T>>([0], empty, 0, [1], empty, 0, [1], empty);
        Elementwise.Binary<T, AddOp<T>>([3, 0], empty, 0, [0, 1], empty, 0, [0, 1], empty);
        ExpOp<T>.Apply(empty, empty);
        Nabla.Kernels.Softmax.Forward<T>(empty, 0, 5, Span<T>.Empty);
        Nabla.Kernels.Softmax.LogForward<T>(empty, 0, 0, Span<T>.Empty);
        var copy = WithGuard(0);
        Elementwise.Copy<T>([2, 0], empty, 0, [0, 1], copy.AsSpan(0, 0));
        AssertGuard(copy, 0, "copy");
    }

    [Fact]
    public void CopyAndScatterRoundTripStridedViews()
    {
        for (int n = 1; n <= 40; n++)
        {
            // A [n, 3] transposed view of an [3, n] block, read then written back.
            var src = Values(3 * n, n);
            var dst = WithGuard(3 * n);
            Elementwise.Copy<T>([n, 3], src, 0, [1, n], dst.AsSpan(0, 3 * n));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < 3; j++) Exact(src[j * n + i], dst[i * 3 + j], $"copy n={n} i={i} j={j}");
            AssertGuard(dst, 3 * n, "copy");
            var back = new T[3 * n];
            Elementwise.Scatter<T>([n, 3], dst.AsSpan(0, 3 * n), back, 0, [1, n]);
            Assert.Equal(src, back);
        }
    }
}
