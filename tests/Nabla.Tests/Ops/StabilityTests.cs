namespace Nabla.Tests.Ops;

/// <summary>Huge logits (±1000) must give finite, exact results and gradients without NaN.</summary>
public class StabilityTests
{
    public static TheoryData<DType> FloatTypes() => new(DType.Float32, DType.Float64);

    private static Tensor Logits(DType dtype) =>
        Tensor.FromArray(new double[] { 1000, -1000, 0, 999, -1000, 1000 }, [2, 3], dtype).RequiresGrad_();

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void LogSoftmaxIsExactAtPlusMinus1000(DType dtype)
    {
        var x = Logits(dtype);
        var y = x.LogSoftmax(1);
        var expected = new[] { 0, -2000, -1000, -1 - Math.Log(1 + Math.Exp(-1)), -2000 - Math.Log(1 + Math.Exp(-1)), -Math.Log(1 + Math.Exp(-1)) };
        AssertClose(expected, y.ToDoubleArray(), dtype);
        y.Sum().Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void SoftmaxIsExactAtPlusMinus1000(DType dtype)
    {
        var x = Logits(dtype);
        var y = x.Softmax(1);
        double e = Math.Exp(-1);
        AssertClose(new[] { 1, 0, 0, e / (1 + e), 0, 1 / (1 + e) }, y.ToDoubleArray(), dtype);
        (y * y).Sum().Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void LogSumExpIsExactAtPlusMinus1000(DType dtype)
    {
        var x = Logits(dtype);
        var y = x.LogSumExp(1);
        AssertClose(new[] { 1000, 1000 + Math.Log(1 + Math.Exp(-1)) }, y.ToDoubleArray(), dtype);
        y.Sum().Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        var allNegative = Tensor.Full([3], -1000, dtype);
        Assert.Equal(-1000 + Math.Log(3), allNegative.LogSumExp(0).Item(), dtype == DType.Float32 ? 3 : 10);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void SigmoidTanhAndExpDoNotOverflowIntoNaN(DType dtype)
    {
        var x = Tensor.FromArray(new double[] { -1000, 1000 }, [2], dtype).RequiresGrad_();
        Assert.Equal(new double[] { 0, 1 }, x.Sigmoid().ToDoubleArray());
        Assert.Equal(new double[] { -1, 1 }, x.Tanh().ToDoubleArray());
        Assert.Equal(new double[] { 0, double.PositiveInfinity }, x.Exp().ToDoubleArray());
        (x.Sigmoid() + x.Tanh()).Sum().Backward();
        Assert.Equal(new double[] { 0, 0 }, x.Grad!.ToDoubleArray());
    }

    private static void AssertClose(double[] expected, double[] actual, DType dtype)
    {
        Assert.Equal(expected.Length, actual.Length);
        double tolerance = dtype == DType.Float32 ? 1e-4 : 1e-12;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(double.IsFinite(actual[i]), $"element {i} is {actual[i]}");
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
