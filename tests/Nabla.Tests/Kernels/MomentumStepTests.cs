using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>The one-pass momentum kernel rounds exactly as the scalar loop b = b·μ + g; θ = θ + (−lr)·b, on lengths
/// that hit every vector tail and both the single-thread and the split-over-cores paths.</summary>
public class MomentumStepTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(65_535)]
    [InlineData(200_704 + 3)]
    public void FloatMatchesTheScalarLoopBitForBit(int n) => Check<float>(n, 0.9f, -0.01f);

    [Theory]
    [InlineData(3)]
    [InlineData(70_001)]
    public void DoubleMatchesTheScalarLoopBitForBit(int n) => Check<double>(n, 0.5, -0.3);

    [Fact]
    public void MismatchedLengthsAreAnError()
    {
        var ex = Assert.Throws<ArgumentException>(() => MomentumStep.Run<float>(new float[4], new float[3], new float[4], 0.9f, -0.1f));
        Assert.Contains("MomentumStep", ex.Message);
    }

    private static void Check<T>(int n, T momentum, T negLr) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(n);
        T Draw() => T.CreateTruncating(random.NextDouble() * 2 - 1);
        var param = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var grad = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var buffer = Enumerable.Range(0, n).Select(_ => Draw()).ToArray();
        var (expectedParam, expectedBuffer) = ((T[])param.Clone(), (T[])buffer.Clone());
        for (int i = 0; i < n; i++)
        {
            expectedBuffer[i] = expectedBuffer[i] * momentum + grad[i];
            expectedParam[i] += negLr * expectedBuffer[i];
        }
        MomentumStep.Run<T>(param, grad, buffer, momentum, negLr);
        Assert.Equal(expectedBuffer, buffer);
        Assert.Equal(expectedParam, param);
    }
}
