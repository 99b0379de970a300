using Nabla.NN;

namespace Nabla.Tests.Ops;

/// <summary>The fused cross-entropy node against the composed LogSoftmax → Gather form (forced by unit class weights).</summary>
public class CrossEntropyFusedTests
{
    [Theory]
    [InlineData(DType.Float64, Reduction.Mean, 1.0)]
    [InlineData(DType.Float64, Reduction.Sum, 1.0)]
    [InlineData(DType.Float32, Reduction.Mean, 1.0)]
    [InlineData(DType.Float64, Reduction.Mean, 1000.0)]
    public void FusedMatchesComposedInValueAndGradient(DType dtype, Reduction reduction, double scale)
    {
        var g = new Generator(5);
        var logits = (Tensor.Randn([7, 4], g, dtype) * scale).Detach().RequiresGrad_();
        var targets = Tensor.RandInt(0, 4, [7], g);
        var fused = Functional.CrossEntropy(logits, targets, reduction: reduction);
        Assert.Equal("NllLossBackward0", fused.GradFn!.Name);
        var fusedGrad = Nabla.Autograd.Grad(fused, logits).ToDoubleArray();
        var composed = Functional.CrossEntropy(logits, targets, weight: Tensor.Ones([4], dtype), reduction: reduction);
        Assert.NotEqual("NllLossBackward0", composed.GradFn!.Name);
        var composedGrad = Nabla.Autograd.Grad(composed, logits).ToDoubleArray();
        double tolerance = dtype == DType.Float32 ? 1e-5 : 1e-12;
        Assert.Equal(composed.Item(), fused.Item(), tolerance * Math.Max(1, Math.Abs(composed.Item())));
        for (int i = 0; i < fusedGrad.Length; i++) Assert.Equal(composedGrad[i], fusedGrad[i], tolerance);
    }

    [Fact]
    public void FusedFormPassesGradCheckAndGradGradCheck()
    {
        var targets = Tensor.FromArray(new long[] { 2, 0, 1 });
        var logits = Tensor.Randn([3, 3], 11, DType.Float64, requiresGrad: true);
        Func<Tensor[], Tensor> f = x => Functional.CrossEntropy(x[0], targets);
        Assert.True(Nabla.Autograd.GradCheck(f, [logits]));
        Assert.True(Nabla.Autograd.GradGradCheck(f, [logits]));
    }

    [Fact]
    public void IgnoredTargetsFallBackToTheGeneralForm()
    {
        var logits = Tensor.Randn([3, 3], 2, DType.Float64, requiresGrad: true);
        var loss = Functional.CrossEntropy(logits, Tensor.FromArray(new long[] { 2, -100, 1 }));
        Assert.NotEqual("NllLossBackward0", loss.GradFn!.Name);
        var expected = -(logits.LogSoftmax(1)[0][2] + logits.LogSoftmax(1)[2][1]) / 2.0;
        Assert.Equal(expected.Item(), loss.Item(), 12);
    }

    [Fact]
    public void OutOfRangeTargetNamesTheLoss()
    {
        var error = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros([2, 3]), Tensor.FromArray(new long[] { 0, 3 })));
        Assert.Contains("CrossEntropyLoss: target 3 is out of bounds for 3 classes", error.Message);
    }
}
