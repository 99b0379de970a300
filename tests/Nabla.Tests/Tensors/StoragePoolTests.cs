namespace Nabla.Tests.Tensors;

/// <summary>Large gradient buffers are reused across steps only when nobody outside the library holds them.</summary>
public class StoragePoolTests
{
    private static (Tensor W, Func<Tensor> Loss) Layer(int seed)
    {
        var g = new Generator(seed);
        var x = Tensor.Randn([16, 300], g);
        var w = Tensor.Randn([200, 300], g).RequiresGrad_(); // 240 KB gradient: above the large-object threshold
        return (w, () => x.MatMul(w.T).Tanh().Sum());
    }

    [Fact]
    public void APrivateGradientBufferIsReusedAfterGradIsDropped()
    {
        var (w, loss) = Layer(1);
        loss().Backward();
        var first = w.GradInternal!.Storage.Array;
        w.ClearGrad();
        loss().Backward();
        Assert.Same(first, w.GradInternal!.Storage.Array);
    }

    [Fact]
    public void AGradientTheUserHoldsIsNeverRecycled()
    {
        var (w, loss) = Layer(2);
        loss().Backward();
        var held = w.Grad!;                  // the user keeps it (for logging, a comparison …)
        var values = held.ToDoubleArray();
        w.Grad = null;
        loss().Backward();
        (w.MatMul(w.T).Sum() * 0).Backward(); // more work that allocates
        Assert.NotSame(held.Storage.Array, w.GradInternal!.Storage.Array);
        Assert.Equal(values, held.ToDoubleArray());
    }

    [Fact]
    public void ZeroGradKeepsAPrivateBufferAndZeroesItInPlace()
    {
        var (w, loss) = Layer(3);
        loss().Backward();
        var buffer = w.GradInternal!.Storage.Array;
        w.ZeroGrad();
        Assert.Same(buffer, w.GradInternal!.Storage.Array);
        Assert.All(w.GradInternal.ToDoubleArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void ZeroGradZeroesAHeldGradientInPlaceAsPyTorchDoes()
    {
        var (w, loss) = Layer(4);
        loss().Backward();
        var held = w.Grad!;
        w.ZeroGrad();
        Assert.Same(held, w.Grad);
        Assert.Equal(0.0, held.Abs().Sum().Item());
    }

    [Fact]
    public void ASteadyTrainingStepAllocatesNoNewLargeBuffers()
    {
        var (w, loss) = Layer(5);
        for (int i = 0; i < 3; i++) { loss().Backward(); w.ClearGrad(); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) { loss().Backward(); w.ClearGrad(); }
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        Assert.True(perStep < 120_000, $"{perStep} bytes per step: the 240 KB gradient should come from the pool");
    }
}
