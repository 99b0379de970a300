namespace Nabla.Tests.Autograd;

public class BackwardTests
{
    private static Tensor Vec(params double[] v) => Tensor.FromArray(v).RequiresGrad_();

    [Fact]
    public void ScalarOutputSeedsOneAndGradientsHaveInputShapes()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }, 3, 1).RequiresGrad_();
        var y = Tensor.FromArray(new double[] { 10, 20, 30, 40 }, 1, 4).RequiresGrad_();
        (x * y).Sum().Backward();
        Assert.Equal(new[] { 3, 1 }, x.Grad!.Shape);
        Assert.Equal(new[] { 1, 4 }, y.Grad!.Shape);
        Assert.Equal(new double[] { 100, 100, 100 }, x.Grad.ToDoubleArray());
        Assert.Equal(new double[] { 6, 6, 6, 6 }, y.Grad.ToDoubleArray());
    }

    [Fact]
    public void NonScalarOutputTakesAnExplicitGradient()
    {
        var x = Vec(1, 2, 3);
        var y = x * x;
        y.Backward(Tensor.FromArray(new double[] { 1, 0.5, 2 }));
        Assert.Equal(new double[] { 2, 2, 12 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void GradientsAccumulateUntilZeroGrad()
    {
        var x = Vec(1, 2);
        (x * 3.0).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.Equal(new double[] { 5, 7 }, x.Grad!.ToDoubleArray());
        x.ZeroGrad();
        Assert.Equal(new double[] { 0, 0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void SharedInputsGetTheSumOfTheirPaths()
    {
        var x = Vec(2);
        var y = x * x + x.Exp() * x; // dy/dx = 2x + eˣ(1 + x)
        y.Sum().Backward();
        Assert.Equal(4 + Math.Exp(2) * 3, x.Grad!.Item(), 12);
    }

    [Fact]
    public void DetachCutsTheGraph()
    {
        var x = Vec(3);
        var y = x * x.Detach();
        y.Sum().Backward();
        Assert.Equal(3.0, x.Grad!.Item());
        Assert.False(x.Detach().RequiresGrad);
        Assert.True(x.Detach().IsLeaf);
    }

    [Fact]
    public void GraphIsReleasedAfterBackwardUnlessRetained()
    {
        var x = Vec(1, 2);
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new double[] { 4, 8 }, x.Grad!.ToDoubleArray());
        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", error.Message);
        Assert.Contains("retainGraph", error.Message);
    }

    [Fact]
    public void NoGradScopesNestAndRestore()
    {
        var x = Vec(1);
        Assert.True(GradMode.IsEnabled);
        using (Tensor.NoGrad())
        {
            Assert.False((x * 2.0).RequiresGrad);
            using (Tensor.EnableGrad()) Assert.True((x * 2.0).RequiresGrad);
            using (Tensor.NoGrad()) Assert.False(GradMode.IsEnabled);
            Assert.False(GradMode.IsEnabled);
        }
        Assert.True(GradMode.IsEnabled);
        Assert.True((x * 2.0).RequiresGrad);
    }

    [Fact]
    public void NoGradIsThreadLocal()
    {
        using (Tensor.NoGrad())
        {
            bool otherThread = false;
            var thread = new Thread(() => otherThread = GradMode.IsEnabled);
            thread.Start();
            thread.Join();
            Assert.True(otherThread);
            Assert.False(GradMode.IsEnabled);
        }
    }

    [Fact]
    public void LongChainDoesNotOverflowTheStack()
    {
        var x = Vec(1.0);
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y * 0.99999;
        y.Sum().Backward();
        Assert.Equal(Math.Pow(0.99999, 100_000), x.Grad!.Item(), 9);
    }

    [Fact]
    public void ModifyingASavedTensorInPlaceIsDetected()
    {
        var x = Vec(1, 2);
        var a = x * 2.0;
        var b = (a * a).Sum();
        using (Tensor.NoGrad()) a.Add_(Tensor.OnesLike(a));
        var error = Assert.Throws<InvalidOperationException>(() => b.Backward());
        Assert.Contains("modified in place", error.Message);
    }

    [Fact]
    public void Float32GradientsStayFloat32WhenMixedWithFloat64()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var w = Tensor.FromArray(new double[] { 3, 4 });
        (x * w).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        Assert.Equal(new float[] { 3, 4 }, x.Grad.ToArray<float>());
    }
}
