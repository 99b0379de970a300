namespace Nabla.Tests.Tensors;

public class CreationTests
{
    // ---------------------------------------------------------------- constant fills

    [Fact]
    public void ZerosHasShapeDtypeAndZeroValues()
    {
        var t = Tensor.Zeros([2, 3]);
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(6, t.Numel);
        Assert.True(t.IsContiguous);
        Assert.True(t.IsLeaf);
        Assert.False(t.RequiresGrad);
        Assert.All(t.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int64)]
    public void ZerosOnesFullHonourDtype(DType dtype)
    {
        var z = Tensor.Zeros([4], dtype);
        var o = Tensor.Ones([2, 2], dtype);
        var f = Tensor.Full([3], 7, dtype);
        Assert.Equal(dtype, z.DType);
        Assert.Equal(dtype, o.DType);
        Assert.Equal(dtype, f.DType);
        Assert.Equal(new double[] { 0, 0, 0, 0 }, z.ToDoubleArray());
        Assert.Equal(new double[] { 1, 1, 1, 1 }, o.ToDoubleArray());
        Assert.Equal(new double[] { 7, 7, 7 }, f.ToDoubleArray());
    }

    [Fact]
    public void FullFloatValueIsRoundedToDtype()
    {
        Assert.Equal(new[] { 0.1f, 0.1f }, Tensor.Full([2], 0.1).ToArray<float>());
        Assert.Equal(new[] { 0.1, 0.1 }, Tensor.Full([2], 0.1, DType.Float64).ToArray<double>());
    }

    [Fact]
    public void ZerosWithRequiresGradIsALeafThatRequiresGrad()
    {
        var t = Tensor.Zeros([2], requiresGrad: true);
        Assert.True(t.RequiresGrad);
        Assert.True(t.IsLeaf);
        Assert.Null(t.GradFn);
    }

    [Fact]
    public void EmptyAndZeroDimShapes()
    {
        var empty = Tensor.Zeros([0, 3]);
        Assert.Equal(0, empty.Numel);
        Assert.Equal([0, 3], empty.Shape);
        Assert.Empty(empty.ToArray<float>());

        var scalar = Tensor.Ones([]);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.Numel);
        Assert.Equal(1.0, scalar.Item());
    }

    [Fact]
    public void NegativeDimensionIsRejectedWithShapeInMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, -1]));
        Assert.Equal("Zeros: negative dimension in shape [2, -1].", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => Tensor.Full([-3], 1));
        Assert.Contains("Full", ex2.Message);
        Assert.Contains("[-3]", ex2.Message);
    }

    [Fact]
    public void LikeConstructorsCopyShapeAndDtype()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var z = Tensor.ZerosLike(x);
        var o = Tensor.OnesLike(x);
        var f = Tensor.FullLike(x, -2.5);
        foreach (var t in new[] { z, o, f })
        {
            Assert.Equal([3, 2], t.Shape);
            Assert.Equal(DType.Float64, t.DType);
        }
        Assert.All(z.ToArray<double>(), v => Assert.Equal(0.0, v));
        Assert.All(o.ToArray<double>(), v => Assert.Equal(1.0, v));
        Assert.All(f.ToArray<double>(), v => Assert.Equal(-2.5, v));
    }

    [Fact]
    public void ScalarIsZeroDim()
    {
        var s = Tensor.Scalar(3.5);
        Assert.Equal(0, s.Rank);
        Assert.Empty(s.Shape);
        Assert.Equal(1, s.Numel);
        Assert.Equal(DType.Float32, s.DType);
        Assert.Equal(3.5, s.Item());

        var l = Tensor.Scalar(-4, DType.Int64);
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal(-4L, l.Item<long>());

        var g = Tensor.Scalar(1.25, DType.Float64, requiresGrad: true);
        Assert.True(g.RequiresGrad);
        Assert.Equal(1.25, g.Item<double>());
    }

    // ---------------------------------------------------------------- arange / linspace / eye

    [Fact]
    public void ArangeWithWholeArgumentsInfersInt64()
    {
        var a = Tensor.Arange(5);
        Assert.Equal(DType.Int64, a.DType);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.ToArray<long>());

        var b = Tensor.Arange(2, 11, 3);
        Assert.Equal(DType.Int64, b.DType);
        Assert.Equal(new long[] { 2, 5, 8 }, b.ToArray<long>());

        var c = Tensor.Arange(5, 0, -2);
        Assert.Equal(DType.Int64, c.DType);
        Assert.Equal(new long[] { 5, 3, 1 }, c.ToArray<long>());
    }

    [Fact]
    public void ArangeWithFractionalArgumentsIsFloat32()
    {
        var a = Tensor.Arange(0, 1, 0.25);
        Assert.Equal(DType.Float32, a.DType);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f }, a.ToArray<float>());

        var b = Tensor.Arange(0.5, 3);
        Assert.Equal(DType.Float32, b.DType);
        Assert.Equal(new[] { 0.5f, 1.5f, 2.5f }, b.ToArray<float>());

        // PyTorch: torch.arange(0, 1, 0.1) has 10 elements (the end is excluded).
        Assert.Equal(10, Tensor.Arange(0, 1, 0.1).Numel);
    }

    [Fact]
    public void ArangeHonoursExplicitDtype()
    {
        var a = Tensor.Arange(4, DType.Float64);
        Assert.Equal(DType.Float64, a.DType);
        Assert.Equal(new double[] { 0, 1, 2, 3 }, a.ToArray<double>());
        var b = Tensor.Arange(0, 3, 1, DType.Float32);
        Assert.Equal(DType.Float32, b.DType);
        Assert.Equal(new[] { 0f, 1f, 2f }, b.ToArray<float>());
    }

    [Fact]
    public void ArangeEmptyAndErrors()
    {
        var empty = Tensor.Arange(3, 3);
        Assert.Equal([0], empty.Shape);

        var zeroStep = Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 5, 0));
        Assert.Contains("Arange", zeroStep.Message);
        Assert.Contains("step", zeroStep.Message);

        var wrongWay = Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 5, -1));
        Assert.Contains("Arange", wrongWay.Message);
    }

    [Fact]
    public void LinspaceEndpointsAreExact()
    {
        foreach (int steps in new[] { 2, 3, 7, 10, 100, 1001 })
        {
            var f = Tensor.Linspace(-1.3, 2.7, steps).ToArray<float>();
            Assert.Equal(steps, f.Length);
            Assert.Equal(-1.3f, f[0]);
            Assert.Equal(2.7f, f[^1]);

            var d = Tensor.Linspace(0.1, 0.7, steps, DType.Float64).ToArray<double>();
            Assert.Equal(0.1, d[0]);
            Assert.Equal(0.7, d[^1]);
            double delta = (0.7 - 0.1) / (steps - 1);
            for (int i = 0; i < steps; i++) Assert.Equal(0.1 + i * delta, d[i], 1e-15);
            for (int i = 1; i < steps; i++) Assert.True(d[i] > d[i - 1]);
        }
    }

    [Fact]
    public void LinspaceValues()
    {
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }, Tensor.Linspace(0, 1, 5).ToArray<float>());
        Assert.Equal(new[] { 10f, 5f, 0f }, Tensor.Linspace(10, 0, 3).ToArray<float>());
        Assert.Empty(Tensor.Linspace(0, 1, 0).ToArray<float>());
    }

    [Fact]
    public void LinspaceWithOneStepIsStart()
    {
        // torch.linspace(3, 10, 1) == tensor([3.])
        Assert.Equal(new[] { 3f }, Tensor.Linspace(3, 10, 1).ToArray<float>());
    }

    [Fact]
    public void LinspaceNegativeStepsThrows()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Linspace(0, 1, -1));
        Assert.Contains("Linspace", ex.Message);
    }

    [Fact]
    public void EyeSquareAndRectangular()
    {
        Assert.Equal(new[] { 1f, 0, 0, 0, 1, 0, 0, 0, 1 }, Tensor.Eye(3).ToArray<float>());
        var r = Tensor.Eye(2, 4, DType.Float64);
        Assert.Equal([2, 4], r.Shape);
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(new double[] { 1, 0, 0, 0, 0, 1, 0, 0 }, r.ToArray<double>());
        var tall = Tensor.Eye(3, 2, DType.Int64);
        Assert.Equal(new long[] { 1, 0, 0, 1, 0, 0 }, tall.ToArray<long>());
    }

    // ---------------------------------------------------------------- FromArray / ToArray / Item

    [Fact]
    public void FromArrayFloatOneDim()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3 });
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal([3], t.Shape);
        Assert.Equal([1], t.Strides);
        Assert.Equal(new float[] { 1, 2, 3 }, t.ToArray<float>());
    }

    [Fact]
    public void FromArrayAnyRankAndDtype()
    {
        var d = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (double)i).ToArray(), 2, 3, 4);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal([2, 3, 4], d.Shape);
        Assert.Equal([12, 4, 1], d.Strides);
        Assert.Equal(23.0, d[1][2][3].Item());
        Assert.Equal(6.0, d[0][1][2].Item());

        var l = Tensor.FromArray(new long[] { 5, -6 }, 2, 1);
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal([2, 1], l.Shape);
        Assert.Equal(new long[] { 5, -6 }, l.ToArray<long>());

        var scalar = Tensor.FromArray(new float[] { 9 }, []);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(9.0, scalar.Item());
    }

    [Fact]
    public void FromArrayWithDtypeConverts()
    {
        var t = Tensor.FromArray(new double[] { 1.5, -2.5, 3 }, [3], DType.Int64);
        Assert.Equal(DType.Int64, t.DType);
        Assert.Equal(new long[] { 1, -2, 3 }, t.ToArray<long>()); // truncation toward zero
        var f = Tensor.FromArray(new double[] { 0.1 }, [1], DType.Float32);
        Assert.Equal(0.1f, f.ToArray<float>()[0]);
    }

    [Fact]
    public void FromArrayCopiesTheInput()
    {
        var data = new float[] { 1, 2 };
        var t = Tensor.FromArray(data);
        data[0] = 100;
        Assert.Equal(new float[] { 1, 2 }, t.ToArray<float>());
        var back = t.ToArray<float>();
        back[1] = 50;
        Assert.Equal(new float[] { 1, 2 }, t.ToArray<float>());
    }

    [Fact]
    public void FromArrayWrongCountMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3, 4, 5 }, 2, 3));
        Assert.Equal("FromArray: 5 values cannot fill a tensor of shape [2, 3] (6 elements).", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1 }, 2));
        Assert.Equal("FromArray: 1 values cannot fill a tensor of shape [2] (2 elements).", ex2.Message);
    }

    [Fact]
    public void ToArrayWrongTypeThrows()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2]).ToArray<double>());
        Assert.Contains("Float32", ex.Message);
    }

    [Fact]
    public void ToDoubleArrayConvertsEveryDtype()
    {
        Assert.Equal(new[] { 0.5, -1 }, Tensor.FromArray(new float[] { 0.5f, -1f }).ToDoubleArray());
        Assert.Equal(new[] { 0.1, 0.2 }, Tensor.FromArray(new double[] { 0.1, 0.2 }).ToDoubleArray());
        Assert.Equal(new[] { 3.0, -7 }, Tensor.FromArray(new long[] { 3, -7 }).ToDoubleArray());
        Assert.Equal(new[] { 0.1f, 0.2f }, Tensor.FromArray(new double[] { 0.1, 0.2 }).ToFloatArray());
        Assert.Equal(new long[] { 1, -1 }, Tensor.FromArray(new float[] { 1.9f, -1.9f }).ToLongArray());
    }

    [Fact]
    public void ToArrayOfAViewIsRowMajor()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).T;
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, t.ToArray<float>());
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, t.ToDoubleArray());
    }

    [Fact]
    public void ItemReadsOneElementTensors()
    {
        Assert.Equal(2.5, Tensor.FromArray(new float[] { 2.5f }).Item());
        Assert.Equal(2.5f, Tensor.FromArray(new float[] { 2.5f }, 1, 1).Item<float>());
        Assert.Equal(long.MaxValue, Tensor.FromArray(new long[] { long.MaxValue }).Item<long>());
        // A one-element view into a larger storage reads the right element.
        Assert.Equal(5.0, Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3)[1][1].Item());
    }

    [Fact]
    public void ItemOnMultiElementTensorThrows()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2, 2]).Item());
        Assert.Equal("Item: only one-element tensors can be converted to a number, this one has shape [2, 2].", ex.Message);
        var ex2 = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([0]).Item<float>());
        Assert.Contains("[0]", ex2.Message);
    }

    // ---------------------------------------------------------------- random

    private static void AssertBitIdentical(Tensor a, Tensor b)
    {
        Assert.Equal(a.Shape, b.Shape);
        Assert.Equal(a.DType, b.DType);
        switch (a.DType)
        {
            case DType.Float32:
                Assert.Equal(a.ToArray<float>().Select(BitConverter.SingleToInt32Bits), b.ToArray<float>().Select(BitConverter.SingleToInt32Bits));
                break;
            case DType.Float64:
                Assert.Equal(a.ToArray<double>().Select(BitConverter.DoubleToInt64Bits), b.ToArray<double>().Select(BitConverter.DoubleToInt64Bits));
                break;
            default:
                Assert.Equal(a.ToArray<long>(), b.ToArray<long>());
                break;
        }
    }

    public static TheoryData<string> RandomKinds() => new("Rand32", "Rand64", "Randn32", "Randn64", "RandInt", "RandPerm");

    private static Tensor MakeWithSeed(string kind, long seed) => kind switch
    {
        "Rand32" => Tensor.Rand([7, 5], seed),
        "Rand64" => Tensor.Rand([7, 5], seed, DType.Float64),
        "Randn32" => Tensor.Randn([7, 5], seed),
        "Randn64" => Tensor.Randn([35], seed, DType.Float64),
        "RandInt" => Tensor.RandInt(-10, 1000, [35], seed),
        _ => Tensor.RandPerm(35, seed),
    };

    private static Tensor MakeWithGenerator(string kind, Generator g) => kind switch
    {
        "Rand32" => Tensor.Rand([7, 5], g),
        "Rand64" => Tensor.Rand([7, 5], g, DType.Float64),
        "Randn32" => Tensor.Randn([7, 5], g),
        "Randn64" => Tensor.Randn([35], g, DType.Float64),
        "RandInt" => Tensor.RandInt(-10, 1000, [35], g),
        _ => Tensor.RandPerm(35, g),
    };

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void SameSeedGivesBitIdenticalResults(string kind)
    {
        var a = MakeWithSeed(kind, 1234);
        var b = MakeWithSeed(kind, 1234);
        AssertBitIdentical(a, b);
        AssertBitIdentical(a, MakeWithGenerator(kind, new Generator(1234)));
    }

    [Theory]
    [MemberData(nameof(RandomKinds))]
    public void DifferentSeedsDiffer(string kind)
    {
        var a = MakeWithSeed(kind, 1).ToDoubleArray();
        var b = MakeWithSeed(kind, 2).ToDoubleArray();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void ConsecutiveDrawsFromOneGeneratorDiffer()
    {
        var g = new Generator(5);
        var a = Tensor.Rand([16], g).ToArray<float>();
        var b = Tensor.Rand([16], g).ToArray<float>();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void RandIsInUnitInterval()
    {
        var f = Tensor.Rand([10000], 3).ToArray<float>();
        Assert.All(f, v => Assert.InRange(v, 0f, 0.99999994f));
        var d = Tensor.Rand([10000], 3, DType.Float64).ToArray<double>();
        Assert.All(d, v => Assert.True(v >= 0 && v < 1));
        Assert.InRange(d.Average(), 0.48, 0.52);
        Assert.True(d.Min() < 0.01 && d.Max() > 0.99);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void RandnHasZeroMeanAndUnitStd(DType dtype)
    {
        const int n = 100_000;
        var x = Tensor.Randn([n], 42, dtype).ToDoubleArray();
        double mean = x.Average();
        double std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        // Standard error of the mean is 1/√n ≈ 0.0032 and of the std ≈ 0.0022: allow about 4 standard errors.
        Assert.InRange(mean, -0.013, 0.013);
        Assert.InRange(std, 0.99, 1.01);
        // Tails: about 4.55% of samples lie beyond ±2σ.
        double beyond2 = x.Count(v => Math.Abs(v) > 2) / (double)n;
        Assert.InRange(beyond2, 0.042, 0.049);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void RandnOfOddLengthKeepsTheStreamConsistent()
    {
        // Drawing 3 + 5 values is the same stream as drawing 8 at once (the spare Box–Muller value carries over).
        var g = new Generator(9);
        var parts = Tensor.Randn([3], g, DType.Float64).ToArray<double>().Concat(Tensor.Randn([5], g, DType.Float64).ToArray<double>());
        var whole = Tensor.Randn([8], 9, DType.Float64).ToArray<double>();
        Assert.Equal(whole, parts);
    }

    [Fact]
    public void RandIntStaysInRangeAndCoversEveryValue()
    {
        var x = Tensor.RandInt(-3, 4, [5000], 11);
        Assert.Equal(DType.Int64, x.DType);
        var values = x.ToArray<long>();
        Assert.All(values, v => Assert.InRange(v, -3L, 3L));
        Assert.Equal(Enumerable.Range(-3, 7).Select(i => (long)i), values.Distinct().Order());
        // Roughly uniform: each of the 7 values near 5000/7 ≈ 714.
        foreach (var group in values.GroupBy(v => v)) Assert.InRange(group.Count(), 600, 830);
    }

    [Fact]
    public void RandIntWithFloatDtypeAndErrors()
    {
        var x = Tensor.RandInt(0, 2, [100], 1, DType.Float32);
        Assert.Equal(DType.Float32, x.DType);
        Assert.All(x.ToArray<float>(), v => Assert.True(v == 0f || v == 1f));
        var ex = Assert.Throws<ArgumentException>(() => Tensor.RandInt(5, 5, [2], 1));
        Assert.Contains("RandInt", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    public void RandPermIsAPermutation(int n)
    {
        var p = Tensor.RandPerm(n, 77);
        Assert.Equal(DType.Int64, p.DType);
        Assert.Equal([n], p.Shape);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), p.ToArray<long>().Order());
    }

    [Fact]
    public void RandPermActuallyShuffles()
    {
        var p = Tensor.RandPerm(100, 77).ToArray<long>();
        int fixedPoints = p.Where((v, i) => v == i).Count();
        Assert.True(fixedPoints < 10, $"{fixedPoints} fixed points");
        Assert.Equal(DType.Float32, Tensor.RandPerm(5, 1, DType.Float32).DType);
    }

    [Fact]
    public void GeneratorStateRoundTripResumesTheStream()
    {
        var g = new Generator(2024);
        Tensor.Randn([3], g); // odd count: leaves a spare normal in the state
        var state = g.GetState();
        var first = Tensor.Randn([10], g, DType.Float64).ToArray<double>();
        var firstUniform = Tensor.Rand([10], g).ToArray<float>();

        var other = new Generator(1);
        other.SetState(state);
        Assert.Equal(first, Tensor.Randn([10], other, DType.Float64).ToArray<double>());
        Assert.Equal(firstUniform, Tensor.Rand([10], other).ToArray<float>());

        g.SetState(state);
        Assert.Equal(first, Tensor.Randn([10], g, DType.Float64).ToArray<double>());
    }

    [Fact]
    public void GeneratorStateIsACopy()
    {
        var g = new Generator(3);
        var state = g.GetState();
        g.NextUInt64();
        var again = new Generator(3).GetState();
        Assert.Equal(again, state);
        Assert.NotEqual(state, g.GetState());
    }

    [Fact]
    public void GeneratorSetStateRejectsWrongLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Generator(1).SetState(new ulong[4]));
        Assert.Contains("6", ex.Message);
    }

    [Fact]
    public void GeneratorManualSeedRestarts()
    {
        var g = new Generator(10);
        var a = Tensor.Rand([5], g).ToArray<float>();
        g.ManualSeed(10);
        Assert.Equal(a, Tensor.Rand([5], g).ToArray<float>());
        Assert.Equal(10, g.InitialSeed);
    }

    [Fact]
    public void GeneratorNextInt64IsUnbiasedAndBounded()
    {
        var g = new Generator(8);
        var counts = new int[3];
        for (int i = 0; i < 30000; i++) counts[g.NextInt64(3)]++;
        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.NextInt64(0));
    }
}

[CollectionDefinition(nameof(DefaultGeneratorCollection), DisableParallelization = true)]
public class DefaultGeneratorCollection;

/// <summary>Uses the shared default generator, so it runs on its own, not alongside other tests.</summary>
[Collection(nameof(DefaultGeneratorCollection))]
public class DefaultGeneratorTests
{
    [Fact]
    public void ManualSeedMakesTheDefaultGeneratorReproducible()
    {
        Tensor.ManualSeed(123);
        var a = Tensor.Rand([20]).ToArray<float>();
        var an = Tensor.Randn([7], dtype: DType.Float64).ToArray<double>();
        var ai = Tensor.RandInt(0, 100, [10]).ToArray<long>();
        var ap = Tensor.RandPerm(10).ToArray<long>();

        Tensor.ManualSeed(123);
        Assert.Equal(a, Tensor.Rand([20]).ToArray<float>());
        Assert.Equal(an, Tensor.Randn([7], dtype: DType.Float64).ToArray<double>());
        Assert.Equal(ai, Tensor.RandInt(0, 100, [10]).ToArray<long>());
        Assert.Equal(ap, Tensor.RandPerm(10).ToArray<long>());

        // The default generator seeded with s produces the same stream as new Generator(s).
        Tensor.ManualSeed(123);
        Assert.Equal(Tensor.Rand([20], new Generator(123)).ToArray<float>(), Tensor.Rand([20]).ToArray<float>());

        Tensor.ManualSeed(124);
        Assert.NotEqual(a, Tensor.Rand([20]).ToArray<float>());
    }
}
