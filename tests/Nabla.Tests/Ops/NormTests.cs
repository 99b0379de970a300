namespace Nabla.Tests.Ops;

/// <summary>Norm's value does not overflow or underflow in float32, and its gradient at zeros is PyTorch's
/// subgradient (0) for every p; the reference file checks the same points against PyTorch.</summary>
public class NormTests
{
    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    [InlineData(double.PositiveInfinity)]
    public void Float32NormNeitherOverflowsNorUnderflows(double p)
    {
        double factor = double.IsPositiveInfinity(p) ? 1 : Math.Pow(2, 1 / p);
        foreach (double v in new[] { 1e20, 1e-30, 1e37 })
        {
            double norm = Tensor.FromArray(new float[] { (float)v, (float)v }).Norm(p).Item();
            Assert.Equal((float)v * factor, norm, (float)v * factor * 1e-6);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    [InlineData(double.PositiveInfinity)]
    public void GradientAtZeroIsZeroForEveryP(double p)
    {
        var x = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        x.Norm(p).Backward();
        Assert.Equal(new double[] { 0, 0, 0 }, x.Grad!.ToDoubleArray());
        var y = Tensor.FromArray(new double[] { 0, 2, -1 }).RequiresGrad_();
        y.Norm(p).Backward();
        Assert.Equal(0.0, y.Grad!.ToDoubleArray()[0]);
        Assert.All(y.Grad.ToDoubleArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void GradientAtPointsWithZerosMatchesPyTorch()
    {
        // torch.linalg.vector_norm([0, 2, -1], 3).backward() and p = 0.5
        var x = Tensor.FromArray(new double[] { 0, 2, -1 }).RequiresGrad_();
        x.Norm(3).Backward();
        Assert.Equal(new[] { 0.0, 0.9244816991341795, -0.2311204247835449 }, x.Grad!.ToDoubleArray(), new Close(1e-14));
        var y = Tensor.FromArray(new double[] { 0, 2, -1 }).RequiresGrad_();
        y.Norm(0.5).Backward();
        Assert.Equal(new[] { 0.0, 1.7071067811865472, -2.414213562373095 }, y.Grad!.ToDoubleArray(), new Close(1e-14));
    }

    [Fact]
    public void NormRejectsNonPositiveP()
    {
        Assert.Equal("Norm: p must be positive (or infinity), got 0.", Assert.Throws<ArgumentException>(() => Tensor.Ones([2]).Norm(0)).Message);
        Assert.Equal("Norm: p must be positive (or infinity), got NaN.", Assert.Throws<ArgumentException>(() => Tensor.Ones([2]).Norm(double.NaN)).Message);
    }

    [Fact]
    public void NormOfAnEmptyDimIsZero() => Assert.Equal(new float[] { 0, 0 }, Tensor.Zeros([2, 0]).Norm(3, [1]).ToArray<float>());

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        public int GetHashCode(double v) => 0;
    }
}
