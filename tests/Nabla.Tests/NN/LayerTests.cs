using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Behaviour of each layer: shapes, names, values, default initialisation, Train/Eval, error messages.</summary>
public class LayerTests
{
    private static double Mean(double[] v) => v.Average();

    private static double Variance(double[] v)
    {
        double m = v.Average();
        return v.Sum(x => (x - m) * (x - m)) / v.Length;
    }

    // ---------------------------------------------------------------- Linear

    [Fact]
    public void LinearHasPyTorchShapesNamesAndForward()
    {
        var linear = new Linear(3, 2, dtype: DType.Float64);
        Assert.Equal([2, 3], linear.Weight.Shape);
        Assert.Equal([2], linear.Bias!.Shape);
        Assert.Equal(["weight", "bias"], linear.NamedParameters().Select(p => p.Name));
        Assert.Equal(8, linear.ParameterCount());
        Assert.Equal("Linear(in_features=3, out_features=2, bias=True)", linear.ToString());

        using (Tensor.NoGrad())
        {
            linear.Weight.Copy_(Tensor.FromArray(new double[] { 1, 2, 3, -1, 0, 2 }, 2, 3));
            linear.Bias.Copy_(Tensor.FromArray(new double[] { 0.5, -1 }));
        }
        var x = Tensor.FromArray(new double[] { 1, 1, 1, 2, 0, -1 }, 2, 3);
        // row 0: [1+2+3, -1+0+2] + b = [6.5, 0]; row 1: [2-3, -2-2] + b = [-0.5, -5]
        Assert.Equal(new[] { 6.5, 0, -0.5, -5 }, linear.Call(x).ToDoubleArray());
        Assert.Equal([4, 5, 2], linear.Call(Tensor.Ones([4, 5, 3], DType.Float64)).Shape); // any leading dims
    }

    [Fact]
    public void LinearWithoutBias()
    {
        var linear = new Linear(4, 3, bias: false);
        Assert.Null(linear.Bias);
        Assert.Equal(["weight"], linear.NamedParameters().Select(p => p.Name));
        Assert.Equal(12, linear.ParameterCount());
        Assert.Equal(["weight"], linear.StateDict().Keys);
        Assert.Equal("Linear(in_features=4, out_features=3, bias=False)", linear.ToString());
        var x = Tensor.Randn([2, 4], 1);
        Assert.Equal(x.MatMul(linear.Weight.T).ToFloatArray(), linear.Call(x).ToFloatArray());
    }

    [Fact]
    public void LinearRejectsAnInputOfTheWrongWidth()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Linear(3, 2).Call(Tensor.Ones([4, 5])));
        Assert.Equal("Linear: input of shape [4, 5] does not end in in_features=3 (weight [2, 3]).", ex.Message);
    }

    [Fact]
    public void LinearDefaultInitIsPyTorchsUniform()
    {
        // kaiming_uniform(a = √5) gives U(−1/√fan_in, 1/√fan_in): mean 0, variance bound²/3
        var linear = new Linear(1000, 500, generator: new Generator(3));
        double bound = 1 / Math.Sqrt(1000);
        var w = linear.Weight.ToDoubleArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.999 * bound && w.Min() < -0.999 * bound); // the whole interval is used
        Assert.Equal(0, Mean(w), 4 * bound / Math.Sqrt(3 * w.Length));
        Assert.Equal(bound * bound / 3, Variance(w), 0.01 * bound * bound / 3);
        var b = linear.Bias!.ToDoubleArray();
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
        Assert.Equal(bound * bound / 3, Variance(b), 0.2 * bound * bound / 3);
    }

    [Fact]
    public void LayersTakeAGeneratorForReproducibleInit()
    {
        var a = new Linear(5, 4, generator: new Generator(9));
        var b = new Linear(5, 4, generator: new Generator(9));
        var c = new Linear(5, 4, generator: new Generator(10));
        Assert.Equal(a.Weight.ToFloatArray(), b.Weight.ToFloatArray());
        Assert.Equal(a.Bias!.ToFloatArray(), b.Bias!.ToFloatArray());
        Assert.NotEqual(a.Weight.ToFloatArray(), c.Weight.ToFloatArray());
        var emb = new Embedding(3, 2, generator: new Generator(9));
        Assert.Equal(emb.Weight.ToFloatArray(), new Embedding(3, 2, generator: new Generator(9)).Weight.ToFloatArray());
    }

    // ---------------------------------------------------------------- Flatten, Identity

    [Fact]
    public void FlattenKeepsTheBatchDimByDefault()
    {
        var x = Tensor.Arange(120.0, DType.Float32).Reshape(2, 3, 4, 5);
        Assert.Equal([2, 60], new Flatten().Call(x).Shape);
        Assert.Equal([2, 12, 5], new Flatten(1, 2).Call(x).Shape);
        Assert.Equal([120], new Flatten(0).Call(x).Shape);
        Assert.Equal(x.ToFloatArray(), new Flatten().Call(x).ToFloatArray());
        Assert.Equal("Flatten(start_dim=1, end_dim=-1)", new Flatten().ToString());
    }

    [Fact]
    public void IdentityReturnsItsInput()
    {
        var x = Tensor.Randn([3, 2], 5);
        Assert.Same(x, new Identity().Call(x));
        Assert.Equal(0, new Identity().ParameterCount());
    }

    // ---------------------------------------------------------------- Dropout

    [Fact]
    public void DropoutZeroesAboutPAndScalesTheRestByOneOverOneMinusP()
    {
        const double p = 0.3;
        var x = Tensor.Rand([200_000], 4, DType.Float64) + 0.5;
        var y = new Dropout(p, new Generator(8)).Call(x);
        var xs = x.ToDoubleArray();
        var ys = y.ToDoubleArray();
        int zeros = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            if (ys[i] == 0) zeros++;
            else Assert.Equal(xs[i] / (1 - p), ys[i], 1e-12);
        }
        // binomial: std of the fraction is √(p(1−p)/n) ≈ 0.001
        Assert.Equal(p, zeros / (double)ys.Length, 0.005);
        Assert.Equal(Mean(xs), Mean(ys), 0.01); // inverted dropout keeps the expectation
    }

    [Fact]
    public void DropoutIsTheIdentityInEvalAndRandomInTrain()
    {
        var dropout = new Dropout(0.5, new Generator(1));
        var x = Tensor.Ones([1000]);
        dropout.Eval();
        Assert.False(dropout.Training);
        Assert.Same(x, dropout.Call(x));
        dropout.Train();
        var y = dropout.Call(x).ToFloatArray();
        Assert.Contains(0f, y);
        Assert.Contains(2f, y);
        Assert.All(y, v => Assert.True(v == 0 || v == 2));
    }

    [Fact]
    public void DropoutEdgeProbabilitiesAndReproducibility()
    {
        var x = Tensor.Randn([50], 2, DType.Float64, requiresGrad: true);
        Assert.Same(x, new Dropout(0).Call(x));
        var zeros = new Dropout(1).Call(x);
        Assert.All(zeros.ToDoubleArray(), v => Assert.Equal(0, v));
        zeros.Sum().Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.Equal(0, v));

        var a = new Dropout(0.5, new Generator(21)).Call(x).ToDoubleArray();
        var b = new Dropout(0.5, new Generator(21)).Call(x).ToDoubleArray();
        Assert.Equal(a, b);
        Assert.Equal("Dropout(p=0.5)", new Dropout().ToString());
    }

    [Fact]
    public void DropoutGradientIsTheScaledMask()
    {
        var x = Tensor.Randn([100], 6, DType.Float64, requiresGrad: true);
        var y = new Dropout(0.25, new Generator(3)).Call(x);
        y.Sum().Backward();
        var ys = y.ToDoubleArray();
        var g = x.Grad!.ToDoubleArray();
        for (int i = 0; i < ys.Length; i++) Assert.Equal(ys[i] == 0 ? 0 : 1 / 0.75, g[i], 1e-15);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void DropoutRejectsAProbabilityOutsideZeroOne(double p)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p));
        Assert.StartsWith($"Dropout: probability p must be between 0 and 1, got {p}.", ex.Message);
    }

    // ---------------------------------------------------------------- BatchNorm1d

    [Fact]
    public void BatchNormHasPyTorchsParametersAndBuffers()
    {
        var bn = new BatchNorm1d(4);
        Assert.Equal(["weight", "bias"], bn.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], bn.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], bn.StateDict().Keys);
        Assert.Equal(new float[] { 1, 1, 1, 1 }, bn.Weight!.ToFloatArray());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, bn.Bias!.ToFloatArray());
        Assert.Equal(new float[] { 1, 1, 1, 1 }, bn.RunningVar!.ToFloatArray());
        Assert.Equal(DType.Int64, bn.NumBatchesTracked!.DType);
        Assert.Equal(0, bn.NumBatchesTracked.Rank);
        Assert.Equal("BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.ToString());

        var bare = new BatchNorm1d(4, affine: false, trackRunningStats: false);
        Assert.Empty(bare.Parameters());
        Assert.Empty(bare.Buffers());
        Assert.Empty(bare.StateDict());
    }

    [Fact]
    public void BatchNormTrainingNormalisesWithBatchStatisticsAndUpdatesRunningOnes()
    {
        var bn = new BatchNorm1d(2, dtype: DType.Float64);
        var x = Tensor.FromArray(new double[] { 1, 10, 2, 20, 3, 30, 6, 40 }, 4, 2);
        var y = bn.Call(x);
        // per channel: mean 0, biased variance 1 (up to eps)
        var mean = y.Mean(0).ToDoubleArray();
        var variance = y.Var([0], correction: 0).ToDoubleArray();
        Assert.All(mean, v => Assert.Equal(0, v, 12));
        Assert.Equal(1, variance[0], 4);
        Assert.Equal(1, variance[1], 6);
        // running ← 0.9·running + 0.1·batch, with the UNBIASED variance: channel 0 values 1,2,3,6 → mean 3, var 14/3
        Assert.Equal(new[] { 0.3, 2.5 }, bn.RunningMean!.ToDoubleArray().Select(v => Math.Round(v, 12)));
        Assert.Equal(0.9 + 0.1 * 14 / 3.0, bn.RunningVar!.ToDoubleArray()[0], 12);
        Assert.Equal(0.9 + 0.1 * 500 / 3.0, bn.RunningVar.ToDoubleArray()[1], 12);
        Assert.Equal(1, bn.NumBatchesTracked!.Item());
    }

    [Fact]
    public void BatchNormBehavesDifferentlyInTrainAndEval()
    {
        var bn = new BatchNorm1d(3, dtype: DType.Float64);
        var x = Tensor.Randn([8, 3], 12, DType.Float64) * 4 + 3;
        var train = bn.Call(x).ToDoubleArray();
        var runningMean = bn.RunningMean!.ToDoubleArray();
        var runningVar = bn.RunningVar!.ToDoubleArray();

        bn.Eval();
        var eval = bn.Call(x).ToDoubleArray();
        Assert.NotEqual(train, eval);
        // eval: (x − running_mean) / √(running_var + eps), and the running statistics stay put
        var xs = x.ToDoubleArray();
        for (int i = 0; i < xs.Length; i++)
            Assert.Equal((xs[i] - runningMean[i % 3]) / Math.Sqrt(runningVar[i % 3] + 1e-5), eval[i], 12);
        Assert.Equal(runningMean, bn.RunningMean.ToDoubleArray());
        Assert.Equal(1, bn.NumBatchesTracked!.Item());
        Assert.Equal([1, 3], bn.Call(Tensor.Ones([1, 3], DType.Float64)).Shape); // a single sample is fine in eval
    }

    [Fact]
    public void BatchNormCumulativeAverageWithoutMomentum()
    {
        var bn = new BatchNorm1d(1, momentum: null, dtype: DType.Float64);
        bn.Call(Tensor.FromArray(new double[] { 1, 3 }, 2, 1));   // mean 2, unbiased var 2
        bn.Call(Tensor.FromArray(new double[] { 5, 9 }, 2, 1));   // mean 7, unbiased var 8
        Assert.Equal(4.5, bn.RunningMean!.Item(), 12);            // (2 + 7) / 2
        Assert.Equal(5, bn.RunningVar!.Item(), 12);               // (2 + 8) / 2: the initial 1 is forgotten
        Assert.Equal(2, bn.NumBatchesTracked!.Item());
    }

    [Fact]
    public void BatchNormAcceptsNCLInputs()
    {
        var bn = new BatchNorm1d(2, dtype: DType.Float64);
        var x = Tensor.Randn([3, 2, 5], 2, DType.Float64);
        var y = bn.Call(x);
        Assert.Equal([3, 2, 5], y.Shape);
        Assert.All(y.Mean([0, 2]).ToDoubleArray(), v => Assert.Equal(0, v, 12));
        Assert.Equal(x.Mean([0, 2]).ToDoubleArray().Select(v => 0.1 * v), bn.RunningMean!.ToDoubleArray().Select(v => v), new Tol(1e-12));
    }

    [Fact]
    public void BatchNormErrorMessages()
    {
        var bn = new BatchNorm1d(3);
        Assert.Equal("BatchNorm1d: expected input of shape [N, 3] or [N, 3, L], got [4, 5].",
            Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Ones([4, 5]))).Message);
        Assert.Equal("BatchNorm1d: expected input of shape [N, 3] or [N, 3, L], got [3].",
            Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Ones([3]))).Message);
        Assert.Equal("BatchNorm1d: expected more than 1 value per channel when training, got input of shape [1, 3].",
            Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Ones([1, 3]))).Message);
    }

    [Fact]
    public void UntrackedBatchNormUsesBatchStatisticsInEval()
    {
        var bn = new BatchNorm1d(2, trackRunningStats: false, dtype: DType.Float64);
        var x = Tensor.Randn([6, 2], 4, DType.Float64);
        var train = bn.Call(x).ToDoubleArray();
        bn.Eval();
        Assert.Equal(train, bn.Call(x).ToDoubleArray());
    }

    // ---------------------------------------------------------------- LayerNorm

    [Fact]
    public void LayerNormNormalisesEachSampleOverTheTrailingDims()
    {
        var ln = new LayerNorm([3, 4], dtype: DType.Float64);
        Assert.Equal(["weight", "bias"], ln.NamedParameters().Select(p => p.Name));
        Assert.Equal([3, 4], ln.Weight!.Shape);
        var x = Tensor.Randn([2, 3, 4], 8, DType.Float64) * 3 + 1;
        var y = ln.Call(x);
        Assert.All(y.Mean([1, 2]).ToDoubleArray(), v => Assert.Equal(0, v, 12));
        Assert.All(y.Var([1, 2], correction: 0).ToDoubleArray(), v => Assert.Equal(1, v, 4));
        ln.Eval();
        Assert.Equal(y.ToDoubleArray(), ln.Call(x).ToDoubleArray()); // no mode dependence
        Assert.Equal("LayerNorm((3, 4), eps=1e-05, elementwise_affine=True)", ln.ToString());
        Assert.Equal("LayerNorm((5,), eps=1e-05, elementwise_affine=True)", new LayerNorm(5).ToString());
        Assert.Empty(new LayerNorm(5, elementwiseAffine: false).Parameters());
    }

    [Fact]
    public void LayerNormRejectsAMismatchedShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LayerNorm(4).Call(Tensor.Ones([2, 5])));
        Assert.Equal("LayerNorm: input of shape [2, 5] does not end in normalized_shape [4].", ex.Message);
    }

    // ---------------------------------------------------------------- Embedding

    [Fact]
    public void EmbeddingLooksUpRows()
    {
        var emb = new Embedding(10, 4, dtype: DType.Float64, generator: new Generator(2));
        var idx = Tensor.FromArray(new long[] { 3, 0, 3, 9, 1, 2 }, 2, 3);
        var y = emb.Call(idx);
        Assert.Equal([2, 3, 4], y.Shape);
        var w = emb.Weight.ToDoubleArray();
        var ys = y.ToDoubleArray();
        long[] flat = [3, 0, 3, 9, 1, 2];
        for (int i = 0; i < flat.Length; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(w[flat[i] * 4 + j], ys[i * 4 + j]);
        Assert.Equal("Embedding(10, 4)", emb.ToString());
    }

    [Fact]
    public void EmbeddingPaddingRowStartsAtZeroAndGetsNoGradient()
    {
        var emb = new Embedding(5, 3, paddingIdx: 1, dtype: DType.Float64);
        Assert.All(emb.Weight.Select(0, 1).ToDoubleArray(), v => Assert.Equal(0, v));
        using (Tensor.NoGrad()) emb.Weight.Select(0, 1).Fill_(7); // even a non-zero padding row ...
        var y = emb.Call(Tensor.FromArray(new long[] { 1, 2, 1, 2, 4 }));
        Assert.Equal(new double[] { 7, 7, 7 }, y.Select(0, 0).ToDoubleArray()); // ... is returned as it is
        y.Sum().Backward();
        var g = emb.Weight.Grad!;
        Assert.Equal(new double[] { 0, 0, 0 }, g.Select(0, 1).ToDoubleArray()); // ... but gets no gradient
        Assert.Equal(new double[] { 2, 2, 2 }, g.Select(0, 2).ToDoubleArray()); // rows accumulate per use
        Assert.Equal(new double[] { 1, 1, 1 }, g.Select(0, 4).ToDoubleArray());
        Assert.Equal(new double[] { 0, 0, 0 }, g.Select(0, 0).ToDoubleArray());
        Assert.Equal("Embedding(5, 3, padding_idx=1)", emb.ToString());
        Assert.Equal(4, new Embedding(5, 3, paddingIdx: -1).PaddingIdx);
    }

    [Fact]
    public void EmbeddingDefaultInitIsStandardNormal()
    {
        var w = new Embedding(1000, 64, generator: new Generator(5)).Weight.ToDoubleArray();
        Assert.Equal(0, Mean(w), 0.01);
        Assert.Equal(1, Variance(w), 0.02);
    }

    [Fact]
    public void EmbeddingErrorMessages()
    {
        var emb = new Embedding(4, 2);
        Assert.Equal("Embedding: indices must be an Int64 tensor, got Float32 of shape [3].",
            Assert.Throws<ArgumentException>(() => emb.Call(Tensor.Ones([3]))).Message);
        Assert.StartsWith("Embedding: index 4 is out of range for 4 embeddings.",
            Assert.Throws<ArgumentOutOfRangeException>(() => emb.Call(Tensor.FromArray(new long[] { 0, 4 }))).Message);
        Assert.StartsWith("Embedding: padding_idx 4 must be within num_embeddings (4).",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, 2, paddingIdx: 4)).Message);
    }

    private sealed class Tol(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double v) => 0;
    }
}
