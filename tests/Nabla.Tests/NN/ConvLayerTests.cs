using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Conv2d, pooling, BatchNorm2d and Dropout2d layers: the course's shape and parameter counts, PyTorch's
/// initialisation, names and reprs, running statistics, channel dropout.</summary>
public class ConvLayerTests
{
    [Fact]
    public void CourseCountsConv3To5PaddedThenMaxPool()
    {
        var model = new Sequential(new Conv2d(3, 5, 3, padding: 1, generator: new Generator(1)), new MaxPool2d(2));
        var summary = model.Summary([1, 3, 256, 256]);
        Assert.Equal(140, summary.TotalParameters); // 5·3·3·3 + 5
        var rows = summary.Rows.ToDictionary(r => r.Name);
        Assert.Equal([1, 5, 256, 256], rows["0"].OutputShape!);
        Assert.Equal([1, 5, 128, 128], rows["1"].OutputShape!);
    }

    [Theory]
    [InlineData(16, 7, 26, 16 * 3 * 7 * 7 + 16)]
    [InlineData(4, 4, 29, 196)]
    public void CourseCountsConvWithoutPadding(int outChannels, int kernel, int outSize, int parameters)
    {
        var summary = new Conv2d(3, outChannels, kernel, generator: new Generator(2)).Summary([1, 3, 32, 32]);
        Assert.Equal(parameters, summary.TotalParameters);
        Assert.Equal([1, outChannels, outSize, outSize], Assert.Single(summary.Rows).OutputShape!);
    }

    [Fact]
    public void Conv2dHasPyTorchNamesLayoutsAndDefaultInitialisation()
    {
        var conv = new Conv2d(6, 32, (3, 5), groups: 2, generator: new Generator(3));
        Assert.Equal(["weight", "bias"], conv.StateDict().Keys);
        Assert.Equal([32, 3, 3, 5], conv.Weight.Shape);
        Assert.Equal([32], conv.Bias!.Shape);
        double bound = 1 / Math.Sqrt(3 * 3 * 5); // kaiming_uniform(a=√5) and the bias share U(±1/√fan_in)
        var w = conv.Weight.ToDoubleArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias.ToDoubleArray(), v => Assert.InRange(v, -bound, bound));
        // U(−b, b) has standard deviation b/√3; 1440 draws put the sample's within a few percent of it
        double std = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.InRange(std, 0.93 * bound / Math.Sqrt(3), 1.07 * bound / Math.Sqrt(3));
        Assert.Null(new Conv2d(2, 2, 1, bias: false).Bias);
    }

    [Fact]
    public void LayersRepresentThemselvesLikePyTorch()
    {
        Assert.Equal("Conv2d(3, 5, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", new Conv2d(3, 5, 3, padding: 1).ToString());
        Assert.Equal("Conv2d(4, 8, kernel_size=(3, 2), stride=(2, 2), dilation=(2, 2), groups=2, bias=False)",
            new Conv2d(4, 8, (3, 2), stride: 2, dilation: 2, groups: 2, bias: false).ToString());
        Assert.Equal("Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding=same)", new Conv2d(1, 1, 3, "same").ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=3, stride=(2, 1), padding=1)", new AvgPool2d(3, (2, 1), 1).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).ToString());
        Assert.Equal("BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm2d(4).ToString());
        Assert.Equal("Dropout2d(p=0.25)", new Dropout2d(0.25).ToString());
    }

    [Fact]
    public void Conv2dSamePaddingKeepsTheSizeAndMatchesTheFunctionalForm()
    {
        var conv = new Conv2d(2, 3, 4, "same", generator: new Generator(4));
        var x = Tensor.Randn([2, 2, 7, 6], new Generator(5));
        var y = conv.Call(x);
        Assert.Equal([2, 3, 7, 6], y.Shape);
        // even kernel 4: PyTorch pads 1 before and 2 after
        var explicitPad = Functional.Conv2d(x, conv.Weight, conv.Bias, padding: 2).Slice(2, 1, 8).Slice(3, 1, 7);
        AssertClose(explicitPad.ToDoubleArray(), y.ToDoubleArray(), 1e-5);
    }

    [Fact]
    public void MaxPoolIndicesPointAtTheMaxima()
    {
        var x = Tensor.Randn([2, 3, 6, 5], new Generator(6));
        var (y, indices) = new MaxPool2d(2, padding: 1).ForwardWithIndices(x);
        Assert.Equal([2, 3, 4, 3], indices.Shape);
        var gathered = x.Reshape(2, 3, 30).Gather(2, indices.Reshape(2, 3, 12)).Reshape(2, 3, 4, 3);
        Assert.Equal(y.ToDoubleArray(), gathered.ToDoubleArray());
    }

    [Fact]
    public void BatchNorm2dTracksRunningStatisticsAndUsesThemInEvaluation()
    {
        var bn = new BatchNorm2d(3, momentum: 0.1, dtype: DType.Float64);
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], bn.StateDict().Keys);
        Assert.Equal(DType.Int64, bn.NumBatchesTracked!.DType);
        var x = (Tensor.Randn([4, 3, 5, 2], new Generator(7), DType.Float64) * 2.0 + 1.0).Detach();
        var y = bn.Call(x);
        // per channel: mean 0 and biased variance ~1 over N·H·W
        AssertClose(new double[3], y.Mean([0, 2, 3]).ToDoubleArray(), 1e-12);
        AssertClose([1, 1, 1], y.Var([0, 2, 3], correction: 0).ToDoubleArray(), 1e-4);
        var batchMean = x.Mean([0, 2, 3]).ToDoubleArray();
        var batchVar = x.Var([0, 2, 3], correction: 1).ToDoubleArray(); // running_var takes the unbiased variance
        AssertClose(batchMean.Select(m => 0.1 * m).ToArray(), bn.RunningMean!.ToDoubleArray(), 1e-12);
        AssertClose(batchVar.Select(v => 0.9 + 0.1 * v).ToArray(), bn.RunningVar!.ToDoubleArray(), 1e-12);
        Assert.Equal(1L, bn.NumBatchesTracked.Item());

        bn.Eval();
        var z = bn.Call(x);
        var expected = (x - bn.RunningMean.Reshape(3, 1, 1)) / (bn.RunningVar.Reshape(3, 1, 1) + 1e-5).Sqrt();
        AssertClose(expected.ToDoubleArray(), z.ToDoubleArray(), 1e-12);
        Assert.Equal(1L, bn.NumBatchesTracked.Item()); // evaluation leaves the statistics alone
    }

    [Fact]
    public void BatchNorm2dWithCumulativeMomentumAveragesTheBatches()
    {
        var bn = new BatchNorm2d(2, momentum: null, dtype: DType.Float64);
        var a = Tensor.Randn([2, 2, 3, 3], new Generator(8), DType.Float64);
        var b = Tensor.Randn([2, 2, 3, 3], new Generator(9), DType.Float64) + 3.0;
        bn.Call(a);
        bn.Call(b);
        var expected = (a.Mean([0, 2, 3]) + b.Mean([0, 2, 3])) / 2.0;
        AssertClose(expected.ToDoubleArray(), bn.RunningMean!.ToDoubleArray(), 1e-12);
    }

    [Fact]
    public void BatchNorm2dRejectsOtherRanksAndSingleValuesPerChannel()
    {
        var bn = new BatchNorm2d(3);
        Assert.Equal("BatchNorm2d: expected input of shape [N, 3, H, W], got [2, 3].",
            Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Zeros([2, 3]))).Message);
        Assert.Equal("BatchNorm2d: expected input of shape [N, 3, H, W], got [2, 4, 2, 2].",
            Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Zeros([2, 4, 2, 2]))).Message);
        Assert.Equal("BatchNorm2d: expected more than 1 value per channel when training, got input of shape [1, 3, 1, 1].",
            Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Zeros([1, 3, 1, 1]))).Message);
    }

    [Fact]
    public void Dropout2dZeroesWholeChannelsAndScalesTheRest()
    {
        var drop = new Dropout2d(0.4, new Generator(10));
        var x = Tensor.Ones([50, 40, 3, 2]);
        var y = drop.Call(x).ToDoubleArray();
        int dropped = 0;
        for (int channel = 0; channel < 50 * 40; channel++)
        {
            var plane = y.AsSpan(channel * 6, 6).ToArray();
            Assert.True(plane.All(v => v == 0) || plane.All(v => Math.Abs(v - 1 / 0.6) < 1e-6), $"channel {channel} is mixed: {string.Join(", ", plane)}");
            if (plane[0] == 0) dropped++;
        }
        Assert.InRange(dropped / 2000.0, 0.36, 0.44); // p = 0.4, σ ≈ 0.011
        drop.Eval();
        Assert.Same(x, drop.Call(x));
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
