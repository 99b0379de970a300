using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>NN.Init: PyTorch's gains, fans and distributions, checked by bounds and sample moments.</summary>
public class InitTests
{
    private static (double Mean, double Std) Moments(Tensor t)
    {
        var v = t.ToDoubleArray();
        double m = v.Average();
        return (m, Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Length));
    }

    [Theory]
    [InlineData("linear", 1.0)]
    [InlineData("conv1d", 1.0)]
    [InlineData("conv2d", 1.0)]
    [InlineData("conv3d", 1.0)]
    [InlineData("conv_transpose2d", 1.0)]
    [InlineData("sigmoid", 1.0)]
    [InlineData("tanh", 5.0 / 3)]
    [InlineData("relu", 1.4142135623730951)]
    [InlineData("leaky_relu", 1.4141428569978354)] // √(2 / (1 + 0.01²))
    [InlineData("selu", 0.75)]
    public void CalculateGainMatchesPyTorch(string nonlinearity, double gain) =>
        Assert.Equal(gain, Init.CalculateGain(nonlinearity), 15);

    [Fact]
    public void LeakyReluGainUsesItsSlope()
    {
        Assert.Equal(Math.Sqrt(2 / 1.04), Init.CalculateGain("leaky_relu", 0.2), 15);
        Assert.Equal(Math.Sqrt(1.0 / 3), Init.CalculateGain("leaky_relu", Math.Sqrt(5)), 15); // Linear's default a = √5
        var ex = Assert.Throws<ArgumentException>(() => Init.CalculateGain("swish"));
        Assert.StartsWith("Init.CalculateGain: unsupported nonlinearity 'swish'", ex.Message);
    }

    [Fact]
    public void FansFollowPyTorch()
    {
        Assert.Equal((3, 5), Init.CalculateFanInAndFanOut(Tensor.Zeros([5, 3])));
        // conv weight [out, in, kh, kw]: receptive field kh·kw multiplies both fans
        Assert.Equal((3 * 25, 16 * 25), Init.CalculateFanInAndFanOut(Tensor.Zeros([16, 3, 5, 5])));
        var ex = Assert.Throws<ArgumentException>(() => Init.CalculateFanInAndFanOut(Tensor.Zeros([7])));
        Assert.Equal("Init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [7]).", ex.Message);
    }

    [Fact]
    public void UniformAndNormal()
    {
        var u = Init.Uniform_(Tensor.Zeros([400, 500]), -2, 4, new Generator(1));
        Assert.All(u.ToFloatArray(), v => Assert.InRange(v, -2f, 4f));
        var (mean, std) = Moments(u);
        Assert.Equal(1, mean, 0.02);
        Assert.Equal(6 / Math.Sqrt(12), std, 0.01);

        var n = Init.Normal_(Tensor.Zeros([400, 500], DType.Float64), 3, 0.5, new Generator(2));
        (mean, std) = Moments(n);
        Assert.Equal(3, mean, 0.005);
        Assert.Equal(0.5, std, 0.005);
        Assert.Equal("Init.Uniform_: lower bound 1 is above upper bound 0.",
            Assert.Throws<ArgumentException>(() => Init.Uniform_(Tensor.Zeros([2]), 1, 0)).Message);
    }

    [Fact]
    public void ConstantZerosOnes()
    {
        Assert.All(Init.Constant_(Tensor.Zeros([3, 2]), 2.5).ToFloatArray(), v => Assert.Equal(2.5f, v));
        Assert.All(Init.Zeros_(Tensor.Ones([4], DType.Float64)).ToDoubleArray(), v => Assert.Equal(0, v));
        Assert.All(Init.Ones_(Tensor.Zeros([4])).ToFloatArray(), v => Assert.Equal(1f, v));
        Assert.Equal(new long[] { 7, 7 }, Init.Constant_(Tensor.Zeros([2], DType.Int64), 7).ToArray<long>());
        // a non-contiguous view is filled in place
        var m = Tensor.Zeros([2, 3]);
        Init.Ones_(m.T);
        Assert.All(m.ToFloatArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void XavierUniformAndNormal()
    {
        // fan_in 300, fan_out 200: a = gain·√(6 / 500)
        var w = Init.XavierUniform_(Tensor.Zeros([200, 300]), gain: 2, generator: new Generator(3));
        double a = 2 * Math.Sqrt(6.0 / 500);
        Assert.All(w.ToDoubleArray(), v => Assert.InRange(v, -a, a));
        Assert.Equal(a / Math.Sqrt(3), Moments(w).Std, 0.01 * a);

        var n = Init.XavierNormal_(Tensor.Zeros([200, 300], DType.Float64), generator: new Generator(4));
        Assert.Equal(Math.Sqrt(2.0 / 500), Moments(n).Std, 0.01 * Math.Sqrt(2.0 / 500));
    }

    [Fact]
    public void KaimingUniformBound()
    {
        // relu, fan_in = 400: bound = √2 · √(3 / 400)
        var w = Init.KaimingUniform_(Tensor.Zeros([250, 400], DType.Float64), nonlinearity: "relu", generator: new Generator(5));
        double bound = Math.Sqrt(2) * Math.Sqrt(3.0 / 400);
        var v = w.ToDoubleArray();
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        Assert.True(v.Max() > 0.99 * bound);
        Assert.Equal(bound / Math.Sqrt(3), Moments(w).Std, 0.01 * bound);
    }

    [Theory]
    [InlineData("fan_in", "relu", 400)]
    [InlineData("fan_out", "relu", 250)]
    [InlineData("fan_in", "tanh", 400)]
    [InlineData("fan_out", "linear", 250)]
    public void KaimingNormalStdIsGainOverRootFan(string mode, string nonlinearity, int fan)
    {
        var w = Init.KaimingNormal_(Tensor.Zeros([250, 400], DType.Float64), mode: mode, nonlinearity: nonlinearity, generator: new Generator(6));
        double std = Init.CalculateGain(nonlinearity) / Math.Sqrt(fan);
        var (mean, actual) = Moments(w);
        Assert.Equal(0, mean, 4 * std / Math.Sqrt(100_000));
        Assert.Equal(std, actual, 0.01 * std);
    }

    [Fact]
    public void KaimingRejectsAnUnknownMode()
    {
        var ex = Assert.Throws<ArgumentException>(() => Init.KaimingUniform_(Tensor.Zeros([2, 2]), mode: "fan_avg"));
        Assert.Equal("Init: mode 'fan_avg' is not supported, use fan_in or fan_out.", ex.Message);
    }

    [Fact]
    public void InitialisesAParameterInPlaceWithoutRecording()
    {
        var linear = new Linear(3, 2);
        var weight = linear.Weight;
        Init.XavierNormal_(linear.Weight, generator: new Generator(1)); // RequiresGrad is true: no NoGrad needed by the caller
        Assert.Same(weight, linear.Weight);
        Assert.True(weight.RequiresGrad);
        Assert.True(weight.IsLeaf);
        Assert.Equal("Init.Normal_: expected a floating-point tensor, got Int64 of shape [2].",
            Assert.Throws<ArgumentException>(() => Init.Normal_(Tensor.Zeros([2], DType.Int64))).Message);
    }

    [Fact]
    public void GeneratorsMakeInitReproducible()
    {
        var a = Init.KaimingUniform_(Tensor.Zeros([4, 4]), generator: new Generator(12)).ToFloatArray();
        var b = Init.KaimingUniform_(Tensor.Zeros([4, 4]), generator: new Generator(12)).ToFloatArray();
        var c = Init.KaimingUniform_(Tensor.Zeros([4, 4]), generator: new Generator(13)).ToFloatArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // (no ManualSeed test here: tests run in parallel and share Generator.Default)
    }

    [Fact]
    public void EmptyTensorsAreLeftAlone() =>
        Assert.Equal([0, 3], Init.KaimingNormal_(Tensor.Zeros([0, 3])).Shape);
}
