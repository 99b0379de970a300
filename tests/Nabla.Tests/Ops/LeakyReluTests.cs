using Nabla.NN;

namespace Nabla.Tests.Ops;

/// <summary>The fused LeakyReLU (one-pass forward, one-pass first-order backward) against its composed form.</summary>
public class LeakyReluTests
{
    private static Tensor Input()
    {
        // A transposed (non-contiguous) view with zeros of both signs among random values.
        var rng = new Random(5);
        var v = Enumerable.Range(0, 6 * 37).Select(i => i % 11 == 0 ? 0.0 : i % 13 == 0 ? -0.0 : rng.NextDouble() * 4 - 2).ToArray();
        return Tensor.FromArray(v, 6, 37).T.RequiresGrad_();
    }

    private static Tensor Composed(Tensor x, double slope) => Tensor.Where(x.Gt(0.0), x, x * slope);

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.2)]
    [InlineData(-0.5)]
    public void FusedForwardAndBackwardMatchTheComposedForm(double slope)
    {
        var x = Input();
        var g = Tensor.FromArray(Enumerable.Range(0, 6 * 37).Select(i => Math.Sin(i)).ToArray(), 37, 6);
        var fused = Functional.LeakyRelu(x, slope);
        var composed = Composed(x, slope);
        Assert.Equal(composed.ToArray<double>(), fused.ToArray<double>());

        var fusedGrad = Nabla.Autograd.Grad([fused], [x], [g])[0]!;   // first order: the fused kernel
        // With createGraph the backward is recorded (Tensor ops): differentiable in g.
        var recordedGrad = Nabla.Autograd.Grad([Functional.LeakyRelu(x, slope)], [x], [g.Detach().RequiresGrad_()], createGraph: true)[0]!;
        var composedGrad = Nabla.Autograd.Grad([composed], [x], [g])[0]!;
        Assert.Equal(composedGrad.ToArray<double>(), fusedGrad.ToArray<double>());
        Assert.Equal(composedGrad.ToArray<double>(), recordedGrad.ToArray<double>());
        Assert.True(recordedGrad.RequiresGrad);
    }

    [Fact]
    public void FloatInputKeepsItsDtypeAndIntegerInputBecomesFloat()
    {
        var f = Tensor.FromArray(new[] { -2f, 0f, 3f }, 3).LeakyRelu(0.5);
        Assert.Equal(new[] { -1f, 0f, 3f }, f.ToArray<float>());
        var i = Tensor.FromArray(new long[] { -2, 3 }, 2).LeakyRelu(0.25);
        Assert.Equal(DType.Float32, i.DType);
        Assert.Equal(new[] { -0.5f, 3f }, i.ToArray<float>());
    }
}
