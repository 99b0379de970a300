namespace Nabla.Tests.Course;

/// <summary>max x ≤ LSE(x) ≤ max x + ln n; for non-negative x the maximum is ‖x‖∞, the course's form.</summary>
public class LogSumExpBoundsTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(10, 5.0)]
    [InlineData(1000, 30.0)]
    public void BoundsHoldOnRandomVectors(int n, double scale)
    {
        var g = new Generator(n);
        for (int trial = 0; trial < 50; trial++)
        {
            var nonNegative = Tensor.Rand([n], g, DType.Float64) * scale;
            var general = Tensor.Randn([n], g, DType.Float64) * scale;

            double inf = nonNegative.Norm(double.PositiveInfinity).Item();
            double lse = nonNegative.LogSumExp(0).Item();
            Assert.InRange(lse, inf, inf + Math.Log(n) + 1e-12);

            double max = general.Max().Item();
            double lseGeneral = general.LogSumExp(0).Item();
            Assert.InRange(lseGeneral, max, max + Math.Log(n) + 1e-12);
        }
    }

    [Fact]
    public void UpperBoundIsReachedByEqualEntries()
    {
        var x = Tensor.Full([8], 2.5, DType.Float64);
        Assert.Equal(2.5 + Math.Log(8), x.LogSumExp(0).Item(), 14);
    }
}
