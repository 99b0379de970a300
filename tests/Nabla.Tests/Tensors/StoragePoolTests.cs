namespace Nabla.Tests.Tensors;

/// <summary>Large buffers are reused only when nothing references them: gradients the library never handed out at once,
/// everything else when the collector finds it unreachable.</summary>
public class StoragePoolTests
{
    private static (Tensor W, Func<Tensor> Loss) Layer(int seed)
    {
        var g = new Generator(seed);
        int inputs = 300 + seed; // a gradient length per test: other tests' buffers never land in its bucket
        var x = Tensor.Randn([16, inputs], g);
        var w = Tensor.Randn([200, inputs], g).RequiresGrad_(); // 240 KB gradient: above the large-object threshold
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

    // About 240 KB: born in the large-object heap under the runtime's default threshold. Each test has a length of
    // its own, so tests running in parallel never take each other's buffers.
    private const int Large = 60_013, AliasLength = 60_017, LoopLength = 60_029;

    private static void CollectFully()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public void ALargeBufferNothingReferencesComesBackAfterAFullCollection()
    {
        Assert.Equal(2, GC.GetGeneration(new float[Large])); // the test process runs with the default threshold
        var array = DropAfterUse();
        CollectFully();
        var reused = Enumerable.Range(0, 64).Select(_ => Tensor.Zeros([Large])).ToList();
        Assert.Contains(reused, t => ReferenceEquals(t.Storage.Array, array.Target));
    }

    // The tensor is made and dropped in a frame of its own, so nothing on this test's stack holds it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference DropAfterUse()
    {
        var t = Tensor.Ones([Large]) * 2;
        return new WeakReference(t.Storage.Array, trackResurrection: true); // the pool resurrects it
    }

    [Fact]
    public void ABufferStillReachableThroughAViewOrAnAliasIsNeverReused()
    {
        var (view, alias) = ViewAndAliasOfADroppedTensor();
        for (int round = 0; round < 3; round++)
        {
            CollectFully();
            var others = Enumerable.Range(0, 32).Select(_ => Tensor.Full([AliasLength], -1)).ToList();
            Assert.DoesNotContain(others, t => ReferenceEquals(t.Storage.Array, view.Storage.Array));
        }
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), view.ToDoubleArray());
        Assert.Equal(AliasLength - 1, alias.Item()); // the alias (a second storage over the same array) also survives
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (Tensor View, Tensor Alias) ViewAndAliasOfADroppedTensor()
    {
        var t = Tensor.Arange(AliasLength).To(DType.Float32);
        var alias = new Tensor(t.Storage.Alias(), [], [], AliasLength - 1);
        return (t[..10], alias);
    }

    [Fact]
    public void DroppedLargeTensorsServeTheNextStepsWithoutARuntimeSetting()
    {
        var x = Tensor.Rand([LoopLength], new Generator(7));
        for (int i = 0; i < 64; i++) _ = (x * 2).Sum(); // 64 products of 240 KB, each dropped at once
        CollectFully();                                  // the collector finds them and they go back to the pool
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int steps = 48;
        for (int i = 0; i < steps; i++) _ = (x * 2).Sum();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
        Assert.True(perStep < 40_000, $"{perStep} bytes per step: the 240 KB product should come from the pool");
    }

    [Fact]
    public void ThreadsDroppingAndTakingBuffersUnderCollectionsNeverShareOne()
    {
        // Four threads each fill fresh large tensors with their own values, drop most of them at once and keep some
        // for a while, under frequent full collections (their own and the pool's); a buffer handed out twice would
        // show up as a kept tensor whose values changed.
        const int length = 60_041;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var kept = new Queue<(Tensor Tensor, double Value)>();
            for (int i = 0; i < 150; i++)
            {
                double value = t * 1000 + i;
                var fresh = Tensor.Full([length], value) + 0; // an op's output, not only a creation
                if (i % 3 == 0) kept.Enqueue((fresh, value));
                if (kept.Count > 5)
                {
                    var (old, expected) = kept.Dequeue();
                    if (old.Min().Item() != expected || old.Max().Item() != expected)
                        failures.Add($"thread {t}: a kept tensor of {expected} changed");
                }
                if (i % 25 == 0) GC.Collect();
            }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.Empty(failures);
    }
}
