namespace Nabla.Tests.Ops;

/// <summary>Forward values of the ops, against scalar references computed in double.</summary>
public class ValueTests
{
    private static Tensor T32(params float[] v) => Tensor.FromArray(v);
    private static Tensor T64(params double[] v) => Tensor.FromArray(v);
    private static Tensor L(params long[] v) => Tensor.FromArray(v);

    /// <summary>Deterministic, varied Float64 values in about [−3, 3].</summary>
    private static Tensor Data(params int[] shape)
    {
        int n = shape.Aggregate(1, (p, d) => p * d);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(i => 3 * Math.Sin(1.7 * i + 0.3)).ToArray(), shape);
    }

    private static void Close(double[] expected, Tensor actual, double tol)
    {
        var a = actual.ToDoubleArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(a[i]), $"element {i}: expected NaN, got {a[i]}"); continue; }
            if (double.IsInfinity(expected[i])) { Assert.Equal(expected[i], a[i]); continue; }
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
        }
    }

    private static void Close(Tensor expected, Tensor actual, double tol)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Close(expected.ToDoubleArray(), actual, tol);
    }

    // ---------------------------------------------------------------- elementwise

    public static TheoryData<string> UnaryOps() => new("Neg", "Exp", "Log", "Sqrt", "Abs", "Sign", "Tanh", "Sigmoid", "Relu", "Square", "Pow3", "PowHalf");

    private static (Func<Tensor, Tensor> Op, Func<double, double> Reference) Unary(string name) => name switch
    {
        "Neg" => (x => -x, v => -v),
        "Exp" => (x => x.Exp(), Math.Exp),
        "Log" => (x => x.Log(), Math.Log),
        "Sqrt" => (x => x.Sqrt(), Math.Sqrt),
        "Abs" => (x => x.Abs(), Math.Abs),
        "Sign" => (x => x.Sign(), v => double.IsNaN(v) ? v : Math.Sign(v)),
        "Tanh" => (x => x.Tanh(), Math.Tanh),
        "Sigmoid" => (x => x.Sigmoid(), v => 1 / (1 + Math.Exp(-v))),
        "Relu" => (x => x.Relu(), v => Math.Max(v, 0)),
        "Square" => (x => x.Square(), v => v * v),
        "Pow3" => (x => x.Pow(3), v => v * v * v),
        _ => (x => x.Pow(0.5), Math.Sqrt),
    };

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryOpsMatchScalarReference(string name)
    {
        var (op, reference) = Unary(name);
        var values = new[] { -20, -3.5, -1, -0.25, 0, 0.1, 0.5, 1, 2, 7.25, 20 };
        if (name is "Log" or "Sqrt" or "PowHalf") values = values.Select(Math.Abs).ToArray();
        var expected = values.Select(reference).ToArray();

        var y64 = op(T64(values));
        Assert.Equal(DType.Float64, y64.DType);
        Close(expected, y64, 1e-14);

        var y32 = op(Tensor.FromArray(values, [values.Length], DType.Float32));
        Assert.Equal(DType.Float32, y32.DType);
        Close(expected.Select(v => (double)(float)v).ToArray(), y32, 3e-6);

        var m = op(Tensor.FromArray(values.Take(10).ToArray(), [2, 5], DType.Float64)); // shape is kept
        Assert.Equal(new[] { 2, 5 }, m.Shape);
    }

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryOpsOnEmptyTensors(string name)
    {
        var (op, _) = Unary(name);
        var y = op(Tensor.Zeros([0, 3]));
        Assert.Equal(new[] { 0, 3 }, y.Shape);
        Assert.Equal(DType.Float32, y.DType);
    }

    [Fact]
    public void BinaryArithmeticWithBroadcasting()
    {
        var a = T32(1, 2, 3, 4, 5, 6).Reshape(2, 3);
        var col = T32(10, 20).Reshape(2, 1);
        var row = T32(1, 2, 4);
        Assert.Equal(new float[] { 11, 12, 13, 24, 25, 26 }, (a + col).ToArray<float>());
        Assert.Equal(new float[] { 0, 0, -1, 3, 3, 2 }, (a - row).ToArray<float>());
        Assert.Equal(new float[] { 10, 20, 30, 80, 100, 120 }, (a * col).ToArray<float>());
        Assert.Equal(new float[] { 1, 1, 0.75f, 4, 2.5f, 1.5f }, (a / row).ToArray<float>());
        Assert.Equal(new[] { 2, 3 }, (col + row).Shape);
        Assert.Equal(new float[] { 11, 12, 14, 21, 22, 24 }, (col + row).ToArray<float>());
        Assert.Equal(new float[] { 2, 3, 4, 5, 6, 7 }, (a + 1.0).ToArray<float>());
        Assert.Equal(new float[] { 9, 8, 7, 6, 5, 4 }, (10.0 - a).ToArray<float>());
        Assert.Equal(new float[] { 60, 30, 20, 15, 12, 10 }, (60.0 / a).ToArray<float>());
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2, 2.5f, 3 }, (a * 0.5).ToArray<float>());
        Close(new double[] { 1, 4, 27, 256, 3125, 46656 }, a.Pow(a), 1e-6);
    }

    [Fact]
    public void ScalarAndZeroDimBroadcasting()
    {
        var s = Tensor.Scalar(2);
        var v = T32(1, 2, 3);
        Assert.Equal(new[] { 3 }, (s * v).Shape);
        Assert.Equal(new float[] { 2, 4, 6 }, (v * s).ToArray<float>());
        var zero = s + Tensor.Scalar(3);
        Assert.Equal(0, zero.Rank);
        Assert.Equal(5.0, zero.Item());
        Assert.Equal(new[] { 0, 3 }, (Tensor.Zeros([0, 1]) + Tensor.Ones([3])).Shape);
    }

    [Fact]
    public void DivisionSpecialValues()
    {
        var y = T32(1, -1, 0, 6) / T32(0, 0, 0, 4);
        var v = y.ToArray<float>();
        Assert.Equal(float.PositiveInfinity, v[0]);
        Assert.Equal(float.NegativeInfinity, v[1]);
        Assert.True(float.IsNaN(v[2]));
        Assert.Equal(1.5f, v[3]);
    }

    [Fact]
    public void ClampMaximumMinimum()
    {
        var x = T64(-2, -0.5, 0, 0.5, 2);
        Assert.Equal(new double[] { -1, -0.5, 0, 0.5, 1 }, x.Clamp(-1, 1).ToArray<double>());
        Assert.Equal(new double[] { 0, 0, 0, 0.5, 2 }, x.Clamp(min: 0).ToArray<double>());
        Assert.Equal(new double[] { -2, -0.5, 0, 0.25, 0.25 }, x.Clamp(max: 0.25).ToArray<double>());
        var other = T64(1, -1, 1, -1, 1);
        Assert.Equal(new double[] { 1, -0.5, 1, 0.5, 2 }, Tensor.Maximum(x, other).ToArray<double>());
        Assert.Equal(new double[] { -2, -1, 0, -1, 1 }, Tensor.Minimum(x, other).ToArray<double>());
        Assert.Equal(new long[] { 3, 5 }, Tensor.Maximum(L(3, -5), L(1, 5)).ToArray<long>());
        Assert.True(double.IsNaN(Tensor.Maximum(T64(double.NaN), T64(1)).Item()));
    }

    // ---------------------------------------------------------------- comparisons and Where

    [Fact]
    public void ComparisonsGiveMasksInTheFloatDtype()
    {
        var a = T32(1, 2, 3);
        var b = T32(3, 2, 1);
        var eq = a.Eq(b);
        Assert.Equal(DType.Float32, eq.DType);
        Assert.Equal(new float[] { 0, 1, 0 }, eq.ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 1 }, a.Ne(b).ToArray<float>());
        Assert.Equal(new float[] { 0, 0, 1 }, a.Gt(b).ToArray<float>());
        Assert.Equal(new float[] { 0, 1, 1 }, a.Ge(b).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 0 }, a.Lt(b).ToArray<float>());
        Assert.Equal(new float[] { 1, 1, 0 }, a.Le(b).ToArray<float>());
        Assert.Equal(new float[] { 0, 1, 1 }, a.Gt(1.5).ToArray<float>());
        Assert.False(a.Gt(b).RequiresGrad);

        var d = T64(1, 2).Lt(T64(2, 2));
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new double[] { 1, 0 }, d.ToArray<double>());
        Assert.Equal(DType.Float64, T32(1, 2).Eq(T64(1, 3)).DType);
    }

    [Fact]
    public void Int64ComparisonsGiveFloat32Masks()
    {
        var m = L(1, 5, 3).Ge(L(2, 5, 1));
        Assert.Equal(DType.Float32, m.DType);
        Assert.Equal(new float[] { 0, 1, 1 }, m.ToArray<float>());
        var s = L(1, 2, 3).Eq(2);
        Assert.Equal(DType.Float32, s.DType);
        Assert.Equal(new float[] { 0, 1, 0 }, s.ToArray<float>());
        Assert.Equal(new float[] { 0, 1, 1 }, L(1, 2, 3).Gt(1.5).ToArray<float>());
        // Large Int64 values compare exactly (no rounding through float).
        Assert.Equal(new float[] { 0 }, L(9007199254740993).Eq(L(9007199254740992)).ToArray<float>());
    }

    [Fact]
    public void NaNComparisons()
    {
        var n = T32(float.NaN, 1);
        Assert.Equal(new float[] { 0, 1 }, n.Eq(n).ToArray<float>());
        Assert.Equal(new float[] { 1, 0 }, n.Ne(n).ToArray<float>());
        Assert.Equal(new float[] { 0, 0 }, n.Lt(T32(2, 0)).ToArray<float>());
    }

    [Fact]
    public void WhereSelectsAndBroadcasts()
    {
        var cond = T32(1, 0, 2, 0);
        Assert.Equal(new float[] { 1, 20, 3, 40 }, Tensor.Where(cond, T32(1, 2, 3, 4), T32(10, 20, 30, 40)).ToArray<float>());
        var w = Tensor.Where(T32(1, 0).Reshape(2, 1), T32(1, 2, 3), Tensor.Scalar(-1));
        Assert.Equal(new[] { 2, 3 }, w.Shape);
        Assert.Equal(new float[] { 1, 2, 3, -1, -1, -1 }, w.ToArray<float>());

        var promoted = Tensor.Where(T32(1, 0), T32(1, 2), T64(0.5, 0.25));
        Assert.Equal(DType.Float64, promoted.DType);
        Assert.Equal(new double[] { 1, 0.25 }, promoted.ToArray<double>());

        var ints = Tensor.Where(L(0, 3), L(1, 2), L(-1, -2));
        Assert.Equal(DType.Int64, ints.DType);
        Assert.Equal(new long[] { -1, 2 }, ints.ToArray<long>());

        var x = T32(-2, 3, -1);
        Assert.Equal(new float[] { 0, 3, 0 }, Tensor.Where(x.Gt(0), x, Tensor.Scalar(0)).ToArray<float>());
    }

    // ---------------------------------------------------------------- reductions

    private static readonly double[] Block = Enumerable.Range(0, 24).Select(i => (double)((i * 7) % 11) - 4).ToArray(); // [2, 3, 4]

    private static double At(int i, int j, int k) => Block[i * 12 + j * 4 + k];

    [Fact]
    public void SumMeanOverDims()
    {
        var x = Tensor.FromArray(Block, 2, 3, 4);
        Assert.Equal(Block.Sum(), x.Sum().Item());
        Assert.Equal(0, x.Sum().Rank);
        Assert.Equal(Block.Average(), x.Mean().Item(), 12);

        var s1 = x.Sum(1);
        Assert.Equal(new[] { 2, 4 }, s1.Shape);
        var e1 = new double[8];
        for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) e1[i * 4 + k] = Enumerable.Range(0, 3).Sum(j => At(i, j, k));
        Assert.Equal(e1, s1.ToArray<double>());
        Assert.Equal(new[] { 2, 1, 4 }, x.Sum(1, keepDim: true).Shape);
        Assert.Equal(e1, x.Sum(-2, keepDim: true).ToArray<double>());

        // Non-adjacent dims [0, 2] → shape [3] (or [1, 3, 1] with keepDim).
        var s02 = x.Sum([0, 2]);
        Assert.Equal(new[] { 3 }, s02.Shape);
        var e02 = Enumerable.Range(0, 3).Select(j => Enumerable.Range(0, 2).Sum(i => Enumerable.Range(0, 4).Sum(k => At(i, j, k)))).ToArray();
        Assert.Equal(e02, s02.ToArray<double>());
        Assert.Equal(new[] { 1, 3, 1 }, x.Sum([2, 0], keepDim: true).Shape);
        Assert.Equal(e02.Select(v => v / 8).ToArray(), x.Mean([0, 2]).ToArray<double>());

        var m0 = x.Mean(0, keepDim: true);
        Assert.Equal(new[] { 1, 3, 4 }, m0.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(e => (Block[e] + Block[12 + e]) / 2).ToArray(), m0.ToArray<double>());
    }

    [Fact]
    public void SumOfInt64StaysInt64()
    {
        var s = L(1, 2, 3, 4).Reshape(2, 2).Sum(0);
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(new long[] { 4, 6 }, s.ToArray<long>());
        Assert.Equal(long.MaxValue - 1, L(long.MaxValue - 3, 2).Sum().Item<long>());
    }

    [Fact]
    public void EmptySumIsZero()
    {
        Assert.Equal(0.0, Tensor.Zeros([0]).Sum().Item());
        Assert.Equal(0L, Tensor.Zeros([0], DType.Int64).Sum().Item<long>());
        var rows = Tensor.Zeros([2, 0]).Sum(1);
        Assert.Equal(new[] { 2 }, rows.Shape);
        Assert.Equal(new float[] { 0, 0 }, rows.ToArray<float>());
        var cols = Tensor.Zeros([0, 3], DType.Float64).Sum(0, keepDim: true);
        Assert.Equal(new[] { 1, 3 }, cols.Shape);
        Assert.Equal(new double[] { 0, 0, 0 }, cols.ToArray<double>());
        Assert.Equal(new[] { 0 }, Tensor.Zeros([0, 3]).Sum(1).Shape);
        Assert.True(double.IsNaN(Tensor.Zeros([0]).Mean().Item())); // torch.zeros(0).mean() is nan
    }

    [Fact]
    public void MaxMinOverDims()
    {
        var x = Tensor.FromArray(Block, 2, 3, 4);
        Assert.Equal(Block.Max(), x.Max().Item());
        Assert.Equal(Block.Min(), x.Min().Item());
        var m2 = x.Max(2).Values;
        Assert.Equal(new[] { 2, 3 }, m2.Shape);
        Assert.Equal(Enumerable.Range(0, 6).Select(r => Block.Skip(r * 4).Take(4).Max()).ToArray(), m2.ToArray<double>());
        var n0 = x.Min(0, keepDim: true).Values;
        Assert.Equal(new[] { 1, 3, 4 }, n0.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(e => Math.Min(Block[e], Block[12 + e])).ToArray(), n0.ToArray<double>());
        Assert.Equal(new long[] { 7, 2 }, L(5, -1, 7, 2).Reshape(2, 2).Max(0).Values.ToArray<long>());
        Assert.True(double.IsNaN(T64(1, double.NaN, 3).Max().Item()));
    }

    [Fact]
    public void VarAndStd()
    {
        var v = T64(1, 2, 3, 4);
        Assert.Equal(5.0 / 3, v.Var().Item(), 14);
        Assert.Equal(1.25, v.Var(correction: 0).Item(), 14);
        Assert.Equal(Math.Sqrt(5.0 / 3), v.Std().Item(), 14);
        Assert.Equal(Math.Sqrt(1.25), v.Std(correction: 0).Item(), 14);

        var m = T64(1, 2, 3, 4, 6, 8).Reshape(2, 3);
        var rows = m.Var([1], keepDim: true);
        Assert.Equal(new[] { 2, 1 }, rows.Shape);
        Close(new[] { 1.0, 4.0 }, rows, 1e-14);
        Close(new[] { 4.5, 8, 12.5 }, m.Var([0]), 1e-14);
        Close(new[] { 1.5, 2, 2.5 }, m.Std([0], correction: 0), 1e-14);

        var big = Tensor.FromArray(Enumerable.Range(0, 1000).Select(i => 1e6 + (i % 2)).ToArray(), 1000);
        Assert.Equal(0.25 * 1000 / 999, big.Var().Item(), 9); // two-pass: no cancellation at an offset of 1e6
        Assert.True(double.IsNaN(T64(3).Var().Item()));       // N − 1 = 0 (torch gives nan)
    }

    [Fact]
    public void NormsOverDims()
    {
        var x = T64(3, -4, 0, 1, -2, 2).Reshape(2, 3);
        Assert.Equal(12.0, x.Norm(1).Item());
        Assert.Equal(Math.Sqrt(34), x.Norm().Item(), 14);
        Assert.Equal(4.0, x.Norm(double.PositiveInfinity).Item());

        Close(new[] { 7.0, 5 }, x.Norm(1, [1]), 0);
        Close(new[] { 5.0, 3 }, x.Norm(2, [1]), 1e-15);
        Close(new[] { 4.0, 2 }, x.Norm(double.PositiveInfinity, [1]), 0);
        var k = x.Norm(2, [0], keepDim: true);
        Assert.Equal(new[] { 1, 3 }, k.Shape);
        Close(new[] { Math.Sqrt(10), Math.Sqrt(20), 2 }, k, 1e-15);
        Assert.Equal(new[] { 2, 1 }, x.Norm(double.PositiveInfinity, [1], keepDim: true).Shape);
        Assert.Equal(new[] { 1, 1 }, x.Norm(1, [0, 1], keepDim: true).Shape);
        Assert.Equal(Math.Pow(27 + 64 + 1 + 8 + 8, 1.0 / 3), x.Norm(3).Item(), 13);
        Assert.Equal(5.0f, T32(3, 4).Norm().Item<float>());
    }

    [Fact]
    public void ArgMaxArgMinPickTheFirstTie()
    {
        var x = T32(1, 3, 3, 0, 0, 2).Reshape(2, 3);
        var am = x.ArgMax();
        Assert.Equal(DType.Int64, am.DType);
        Assert.Equal(0, am.Rank);
        Assert.Equal(1L, am.Item<long>());
        Assert.Equal(3L, x.ArgMin().Item<long>());
        Assert.Equal(new long[] { 1, 2 }, x.ArgMax(1).ToArray<long>());
        Assert.Equal(new long[] { 0, 0 }, x.ArgMin(1).ToArray<long>());
        Assert.Equal(new long[] { 0, 0, 0 }, x.ArgMax(0).ToArray<long>());
        Assert.Equal(new long[] { 1, 1, 1 }, x.ArgMin(0).ToArray<long>());
        var kept = x.ArgMax(1, keepDim: true);
        Assert.Equal(new[] { 2, 1 }, kept.Shape);
        Assert.Equal(new[] { 1, 1 }, x.ArgMax(keepDim: true).Shape);
        Assert.Equal(new long[] { 0 }, Tensor.Ones([4]).ArgMax(0, keepDim: true).ToArray<long>());
        Assert.Equal(2L, L(5, 1, 9, 9).ArgMax().Item<long>());
        Assert.Equal(1L, T64(1, double.NaN, 5).ArgMax().Item<long>()); // NaN counts as the maximum (torch)
    }

    // ---------------------------------------------------------------- softmax

    [Theory]
    [InlineData(DType.Float32, 1e-6)]
    [InlineData(DType.Float64, 1e-14)]
    public void SoftmaxRowsSumToOneAndMatchReference(DType dtype, double tol)
    {
        var x = Data(3, 4, 5).To(dtype);
        var values = x.ToDoubleArray();
        foreach (int dim in new[] { 0, 1, 2, -1 })
        {
            var y = x.Softmax(dim);
            Assert.Equal(dtype, y.DType);
            Assert.Equal(x.Shape, y.Shape);
            Close(Tensor.Ones(x.Sum(dim).Shape, dtype).ToDoubleArray(), y.Sum(dim), tol * 5);
            Assert.All(y.ToDoubleArray(), v => Assert.InRange(v, 0, 1));

            // Reference: exp(x) / Σ exp(x) along dim, in double.
            var expected = x.Double().Exp() / x.Double().Exp().Sum(dim, keepDim: true);
            Close(expected, y.Double(), tol * 10);

            var logY = x.LogSoftmax(dim);
            Close(Tensor.Zeros(x.Sum(dim).Shape, dtype), logY.LogSumExp(dim), tol * 10);
            Close(y.Double().Log(), logY.Double(), tol * 10);
        }
        Assert.Equal(values, x.ToDoubleArray()); // the input is untouched
    }

    [Fact]
    public void SoftmaxOfExtremeRowsIsExact()
    {
        var x = T32(1000, 0, -1000, -1000, 1000, 1000).Reshape(2, 3);
        Assert.Equal(new float[] { 1, 0, 0, 0, 0.5f, 0.5f }, x.Softmax(1).ToArray<float>());
        Assert.Equal(new float[] { 0, -1000, -2000, -2000 - MathF.Log(2), -MathF.Log(2), -MathF.Log(2) }, x.LogSoftmax(1).ToArray<float>());
        Assert.Equal(new double[] { 0.5, 0.5 }, T64(-1000, -1000).Softmax(0).ToArray<double>());
        Assert.Equal(new float[] { 1 }, Tensor.Scalar(5).Softmax(0).Reshape(1).ToArray<float>());
    }

    // ---------------------------------------------------------------- matmul

    /// <summary>NumPy matmul semantics on double arrays: 1-d promotion, batch broadcasting.</summary>
    private static (double[] Values, int[] Shape) MatMulReference(Tensor a, Tensor b)
    {
        var av = a.ToDoubleArray();
        var bv = b.ToDoubleArray();
        var sa = a.Rank == 1 ? new[] { 1, a.Shape[0] } : a.Shape.ToArray();
        var sb = b.Rank == 1 ? new[] { b.Shape[0], 1 } : b.Shape.ToArray();
        int m = sa[^2], k = sa[^1], n = sb[^1];
        var ba = sa[..^2];
        var bb = sb[..^2];
        int rank = Math.Max(ba.Length, bb.Length);
        var batch = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - ba.Length ? 1 : ba[i - (rank - ba.Length)];
            int db = i < rank - bb.Length ? 1 : bb[i - (rank - bb.Length)];
            batch[i] = Math.Max(da, db);
        }
        int batches = batch.Aggregate(1, (p, d) => p * d);
        var result = new double[batches * m * n];
        var idx = new int[rank];
        for (int t = 0; t < batches; t++)
        {
            int rem = t;
            for (int d = rank - 1; d >= 0; d--) { idx[d] = rem % batch[d]; rem /= batch[d]; }
            // Row-major offsets of the (broadcast) batch element in a and b.
            int ia = 0, ib = 0;
            for (int d = 0; d < ba.Length; d++) ia = ia * ba[d] + (ba[d] == 1 ? 0 : idx[d + rank - ba.Length]);
            for (int d = 0; d < bb.Length; d++) ib = ib * bb[d] + (bb[d] == 1 ? 0 : idx[d + rank - bb.Length]);
            int offA = ia * m * k, offB = ib * k * n;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += av[offA + i * k + p] * bv[offB + p * n + j];
                    result[(t * m + i) * n + j] = s;
                }
        }
        var shape = batch.ToList();
        if (a.Rank > 1) shape.Add(m);
        if (b.Rank > 1) shape.Add(n);
        return (result, shape.ToArray());
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 3 }, new int[0])]
    [InlineData(new[] { 3 }, new[] { 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 }, new[] { 2 })]
    [InlineData(new[] { 2, 3 }, new[] { 3, 4 }, new[] { 2, 4 })]
    [InlineData(new[] { 3 }, new[] { 5, 3, 4 }, new[] { 5, 4 })]
    [InlineData(new[] { 5, 2, 3 }, new[] { 3 }, new[] { 5, 2 })]
    [InlineData(new[] { 5, 2, 3 }, new[] { 3, 4 }, new[] { 5, 2, 4 })]
    [InlineData(new[] { 2, 3 }, new[] { 5, 3, 4 }, new[] { 5, 2, 4 })]
    [InlineData(new[] { 5, 2, 3 }, new[] { 5, 3, 4 }, new[] { 5, 2, 4 })]
    [InlineData(new[] { 2, 1, 3, 4 }, new[] { 5, 4, 2 }, new[] { 2, 5, 3, 2 })]
    [InlineData(new[] { 1, 3, 4 }, new[] { 6, 1, 4, 2 }, new[] { 6, 1, 3, 2 })]
    [InlineData(new[] { 4, 1, 2, 3 }, new[] { 1, 3, 3, 2 }, new[] { 4, 3, 2, 2 })]
    [InlineData(new[] { 0, 3 }, new[] { 3, 4 }, new[] { 0, 4 })]
    [InlineData(new[] { 2, 0 }, new[] { 0, 4 }, new[] { 2, 4 })]
    public void MatMulShapesAndValuesForAllRankCombinations(int[] shapeA, int[] shapeB, int[] expectedShape)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var a = Data(shapeA).To(dtype);
            var b = (Data(shapeB) * 0.5 + 0.25).To(dtype);
            var y = a.MatMul(b);
            Assert.Equal(dtype, y.DType);
            Assert.Equal(expectedShape, y.Shape);
            var (values, shape) = MatMulReference(a, b);
            Assert.Equal(expectedShape, shape);
            Close(values, y, dtype == DType.Float32 ? 2e-6 : 1e-14);
        }
    }

    [Fact]
    public void MatMulPromotesFloat32WithFloat64()
    {
        var y = Tensor.Ones([2, 2]).MatMul(Tensor.Ones([2, 2], DType.Float64));
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal(new double[] { 2, 2, 2, 2 }, y.ToArray<double>());
    }

    [Fact]
    public void MatMulOfZeroInnerDimIsZeros()
    {
        var y = Tensor.Ones([40, 0]).MatMul(Tensor.Ones([0, 50]));
        Assert.Equal(new[] { 40, 50 }, y.Shape);
        Assert.All(y.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    // ---------------------------------------------------------------- joining and indexing

    [Fact]
    public void CatValues()
    {
        var a = T32(1, 2, 3, 4).Reshape(2, 2);
        var b = T32(5, 6).Reshape(1, 2);
        var c0 = Tensor.Cat([a, b]);
        Assert.Equal(new[] { 3, 2 }, c0.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c0.ToArray<float>());
        var c1 = Tensor.Cat([a, b.T, a], dim: -1);
        Assert.Equal(new[] { 2, 5 }, c1.Shape);
        Assert.Equal(new float[] { 1, 2, 5, 1, 2, 3, 4, 6, 3, 4 }, c1.ToArray<float>());
        var promoted = Tensor.Cat([T32(1), T64(2.5), L(3)]);
        Assert.Equal(DType.Float64, promoted.DType);
        Assert.Equal(new double[] { 1, 2.5, 3 }, promoted.ToArray<double>());
        Assert.Equal(new long[] { 1, 2, 3 }, Tensor.Cat([L(1, 2), L(3)]).ToArray<long>());
        Assert.Equal(new float[] { 1, 2 }, Tensor.Cat([T32(1, 2), Tensor.Zeros([0])]).ToArray<float>());
    }

    [Fact]
    public void StackValues()
    {
        var a = T32(1, 2, 3);
        var b = T32(4, 5, 6);
        var s0 = Tensor.Stack([a, b]);
        Assert.Equal(new[] { 2, 3 }, s0.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, s0.ToArray<float>());
        var s1 = Tensor.Stack([a, b], dim: 1);
        Assert.Equal(new[] { 3, 2 }, s1.Shape);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, s1.ToArray<float>());
        Assert.Equal(new[] { 3, 2 }, Tensor.Stack([a, b], dim: -1).Shape);
        var scalars = Tensor.Stack([Tensor.Scalar(1), Tensor.Scalar(2)]);
        Assert.Equal(new[] { 2 }, scalars.Shape);
        Assert.Equal(new float[] { 1, 2 }, scalars.ToArray<float>());
    }

    [Fact]
    public void GatherValues()
    {
        var x = T32(1, 2, 3, 4, 5, 6).Reshape(2, 3);
        var g1 = x.Gather(1, L(2, 0, 1, 1).Reshape(2, 2));
        Assert.Equal(new[] { 2, 2 }, g1.Shape);
        Assert.Equal(new float[] { 3, 1, 5, 5 }, g1.ToArray<float>());
        var g0 = x.Gather(0, L(1, 0, 1).Reshape(1, 3));
        Assert.Equal(new float[] { 4, 2, 6 }, g0.ToArray<float>());
        Assert.Equal(new float[] { 3, 4 }, x.Gather(1, L(-1, 0).Reshape(2, 1)).ToArray<float>()); // negative counts from the end
        Assert.Equal(new long[] { 30, 10 }, L(10, 20, 30).Gather(0, L(2, 0)).ToArray<long>());
    }

    [Fact]
    public void GatherWithAnEmptyIndex()
    {
        var x = T32(1, 2, 3, 4, 5, 6).Reshape(2, 3);
        var g = x.Gather(1, Tensor.Zeros([2, 0], DType.Int64));
        Assert.Equal(new[] { 2, 0 }, g.Shape);
        Assert.Empty(g.ToArray<float>());
    }

    [Fact]
    public void IndexSelectValues()
    {
        var x = T64(1, 2, 3, 4, 5, 6).Reshape(3, 2);
        var r = x.IndexSelect(0, L(2, 0, 2));
        Assert.Equal(new[] { 3, 2 }, r.Shape);
        Assert.Equal(new double[] { 5, 6, 1, 2, 5, 6 }, r.ToArray<double>());
        var c = x.IndexSelect(1, L(1));
        Assert.Equal(new[] { 3, 1 }, c.Shape);
        Assert.Equal(new double[] { 2, 4, 6 }, c.ToArray<double>());
        Assert.Equal(new double[] { 5, 6 }, x.IndexSelect(0, L(-1)).ToArray<double>());
        Assert.Equal(new[] { 0, 2 }, x.IndexSelect(0, Tensor.Zeros([0], DType.Int64)).Shape);
        Assert.Equal(new double[] { 3, 4 }, x.T.IndexSelect(1, L(1)).T.ToArray<double>());
    }

    [Fact]
    public void OneHotValues()
    {
        var h = Tensor.OneHot(L(0, 2, 1), 4);
        Assert.Equal(DType.Int64, h.DType);
        Assert.Equal(new[] { 3, 4 }, h.Shape);
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0 }, h.ToArray<long>());
        var inferred = Tensor.OneHot(L(1, 3).Reshape(2, 1));
        Assert.Equal(new[] { 2, 1, 4 }, inferred.Shape);
        Assert.Equal(new long[] { 0, 1, 0, 0, 0, 0, 0, 1 }, inferred.ToArray<long>());
    }

    // ---------------------------------------------------------------- dtype promotion and Int64 arithmetic

    [Fact]
    public void DtypePromotion()
    {
        Assert.Equal(DType.Float64, (T32(1) + T64(1)).DType);
        Assert.Equal(DType.Float64, (T64(1) * T32(1)).DType);
        Assert.Equal(DType.Int64, (L(1) + L(2)).DType);
        Assert.Equal(DType.Float32, (L(1) + T32(0.5f)).DType);
        Assert.Equal(DType.Float64, (L(1) - T64(0.5)).DType);

        var half = L(3, 4) * 0.5;
        Assert.Equal(DType.Float32, half.DType);
        Assert.Equal(new float[] { 1.5f, 2 }, half.ToArray<float>());
        var whole = L(3, 4) * 2;
        Assert.Equal(DType.Int64, whole.DType);
        Assert.Equal(new long[] { 6, 8 }, whole.ToArray<long>());
        Assert.Equal(DType.Float32, (L(3) + 0.25).DType);

        var div = L(7, -7) / 2;
        Assert.Equal(DType.Float32, div.DType);             // true division, as torch.div
        Assert.Equal(new float[] { 3.5f, -3.5f }, div.ToArray<float>());
        Assert.Equal(DType.Float32, (L(1) / L(2)).DType);
        Assert.Equal(DType.Float64, (T64(1) + 1.0).DType);
        Assert.Equal(DType.Float32, (T32(1) * 2.0).DType);

        var precise = T32(0.1f) + T64(0.2);
        Assert.Equal((double)0.1f + 0.2, precise.Item());
    }

    [Fact]
    public void Int64Arithmetic()
    {
        var a = L(5, -3, 1L << 40);
        var b = L(2, 7, 3);
        Assert.Equal(new long[] { 7, 4, (1L << 40) + 3 }, (a + b).ToArray<long>());
        Assert.Equal(new long[] { 3, -10, (1L << 40) - 3 }, (a - b).ToArray<long>());
        Assert.Equal(new long[] { 10, -21, 3L << 40 }, (a * b).ToArray<long>());
        Assert.Equal(new long[] { -5, 3, -(1L << 40) }, (-a).ToArray<long>());
        Assert.Equal(new long[] { 5, 3, 1L << 40 }, a.Abs().ToArray<long>());
        Assert.Equal(DType.Int64, a.Abs().DType);
        Assert.Equal(new long[] { 6, -2, (1L << 40) + 1 }, (a + 1.0).ToArray<long>());
        Assert.Equal(new long[] { 9007199254740993 }, (L(9007199254740992) + L(1)).ToArray<long>()); // exact beyond 2^53
        var broadcast = L(1, 2).Reshape(2, 1) * L(10, 100, 1000);
        Assert.Equal(new long[] { 10, 100, 1000, 20, 200, 2000 }, broadcast.ToArray<long>());
    }
}
