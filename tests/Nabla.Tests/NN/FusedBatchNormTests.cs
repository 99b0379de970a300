using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>
/// Training-mode batch norm with weight and bias runs as one fused node (NN/FusedBatchNorm.cs); it must give the
/// composed form's output, gradients, running statistics and second derivatives.
/// </summary>
public class FusedBatchNormTests
{
    /// <summary>(x − μ)/√(σ² + eps)·w + b with the batch statistics over every dim but 1, as separate Tensor ops.</summary>
    private static Tensor Composed(Tensor x, Tensor w, Tensor b, double eps)
    {
        var dims = Enumerable.Range(0, x.Rank).Where(d => d != 1).ToArray();
        var channelShape = Enumerable.Range(1, x.Rank - 1).Select(d => d == 1 ? x.Shape[1] : 1).ToArray();
        var centered = x - x.Mean(dims, keepDim: true);
        var variance = (centered * centered).Mean(dims, keepDim: true);
        return centered / (variance + eps).Sqrt() * w.Reshape(channelShape) + b.Reshape(channelShape);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.To(DType.Float64).ToArray<double>();
        var a = actual.To(DType.Float64).ToArray<double>();
        double worst = e.Zip(a, (p, q) => Math.Abs(p - q)).Max();
        Assert.True(worst <= tolerance, $"{what}: largest difference {worst:G3} > {tolerance:G3}");
    }

    [Fact]
    public void MatchesTheComposedFormOnAConvShapedFloat32Batch()
    {
        var g = new Generator(5);
        var x = (Tensor.Randn([16, 4, 6, 5], g) * 3 + 2).RequiresGrad_();    // off-centre, wide: the stats matter
        var w = Tensor.Randn([4], g).RequiresGrad_();
        var b = Tensor.Randn([4], g).RequiresGrad_();
        var upstream = Tensor.Randn([16, 4, 6, 5], g);
        var (runningMean, runningVar) = (Tensor.Zeros([4]), Tensor.Ones([4]));

        var fused = Functional.BatchNorm(x, runningMean, runningVar, w, b, training: true, momentum: 0.1, eps: 1e-5);
        Assert.Equal("NativeBatchNormBackward0", fused.GradFn!.Name);
        fused.Backward(upstream);
        var (fx, fw, fb) = (x.Grad!, w.Grad!, b.Grad!);
        x.Grad = w.Grad = b.Grad = null;
        var composed = Composed(x, w, b, 1e-5);
        composed.Backward(upstream);

        AssertClose(composed, fused, 1e-5, "output");
        AssertClose(x.Grad!, fx, 1e-5, "input gradient");
        AssertClose(w.Grad!, fw, 1e-3, "weight gradient");
        AssertClose(b.Grad!, fb, 1e-3, "bias gradient");
        // running statistics: 0.9·old + 0.1·batch, the variance unbiased (count 16·6·5 = 480)
        var dims = new[] { 0, 2, 3 };
        AssertClose(x.Detach().Mean(dims) * 0.1, runningMean, 1e-6, "running mean");
        AssertClose(x.Detach().Var(dims) * 0.1 + 0.9, runningVar, 1e-5, "running variance");
    }

    [Fact]
    public void GradCheckAndGradGradCheckInFloat64()
    {
        var x = Tensor.Randn([4, 3, 2, 3], 1, DType.Float64, requiresGrad: true);
        var w = Tensor.Randn([3], 2, DType.Float64, requiresGrad: true);
        var b = Tensor.Randn([3], 3, DType.Float64, requiresGrad: true);
        Tensor Norm(Tensor[] t) => Functional.BatchNorm(t[0], null, null, t[1], t[2], training: true);
        Assert.True(Nabla.Autograd.GradCheck(Norm, [x, w, b], name: "fused BatchNorm"));
        Assert.True(Nabla.Autograd.GradGradCheck(Norm, [x, w, b], name: "fused BatchNorm"));
    }
}
