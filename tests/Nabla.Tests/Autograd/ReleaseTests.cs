using System.Reflection;
using System.Runtime.CompilerServices;
using Nabla.NN;

namespace Nabla.Tests.Autograd;

/// <summary>After Backward() without retainGraph every node drops the tensors it held, as PyTorch frees saved
/// tensors: a loss kept for logging must not keep its logits (or anything else of the step) alive. The class runs
/// alone (GC.GetTotalMemory is process-wide, so tests allocating in parallel would blur the measurement).</summary>
[Collection(nameof(ProcessMemoryCollection))]
public class ReleaseTests
{
    private const int Batch = 256, Classes = 1000;

    /// <summary>One training-like step: logits [256, 1000] (1 MB) computed from a fresh leaf, cross-entropy, backward.
    /// Returns the loss, which the caller keeps, and a weak reference to the logits.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Loss, WeakReference Logits) Step(Generator g, Tensor target)
    {
        var x = Tensor.Full([Batch, Classes], g.NextDouble(), requiresGrad: true);
        var logits = (x * 0.5).Tanh() * 3.0;
        var loss = Functional.CrossEntropy(logits, target);
        loss.Backward();
        return (loss, new WeakReference(logits));
    }

    private static Tensor Targets(Generator g) => Tensor.RandInt(0, Classes, [Batch], g);

    [Fact]
    public void KeptLossDoesNotKeepItsLogitsAlive()
    {
        var g = new Generator(1);
        var (loss, logits) = Step(g, Targets(g));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(logits.IsAlive, "the logits are still reachable from the kept loss after Backward()");
        Assert.Equal("NllLossBackward0", loss.GradFn!.Name);
        GC.KeepAlive(loss);
    }

    [Fact]
    public void RetainGraphKeepsTheSavedTensorsForASecondBackward()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var y = (x.Exp() * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new[] { 2 * Math.E * 2, 2 * Math.Exp(2) * 3 }, x.Grad!.ToDoubleArray(), new ToleranceComparer(1e-12));
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.StartsWith("Trying to backward through the graph a second time (SumBackward0)", ex.Message);
    }

    [Fact]
    public void KeptLossesCostAFewHundredBytesEach()
    {
        var g = new Generator(2);
        var target = Targets(g);
        var kept = new List<Tensor>();
        for (int i = 0; i < 5; i++) kept.Add(Step(g, target).Loss); // warm up the engine's per-thread buffers
        // GC.GetTotalMemory is process-wide: many steps per window and the best of three windows keep what other
        // threads allocate meanwhile (a finishing loader, finalizers) from counting against the kept losses.
        const int steps = 150;
        double perLoss = double.PositiveInfinity;
        for (int window = 0; window < 3; window++)
        {
            long before = RetainedBytes();
            for (int i = 0; i < steps; i++) kept.Add(Step(g, target).Loss);
            long after = RetainedBytes();
            perLoss = Math.Min(perLoss, (after - before) / (double)steps);
        }
        // Before the fix each kept loss held its 1 MB logits (and the 2 KB targets); now: the loss, its node, a version array.
        Assert.True(perLoss < 1024, $"each kept loss retains {perLoss:F0} bytes");
        GC.KeepAlive(kept);
    }

    /// <summary>Live managed bytes after a full collection, less what the storage pool caches: buffers nothing else
    /// references that the pool took back for the next allocations, not memory any tensor retains.</summary>
    private static long RetainedBytes()
    {
        // Twice: buffers the pool was too full to take back are only freed by the collection after their finalizer.
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true) - StoragePool.HeldBytes;
    }

    /// <summary>The mechanism that makes release automatic: Node keeps every tensor in two arrays it clears itself,
    /// so a subclass must not hold one in a field of its own (a captured primary-constructor parameter counts).</summary>
    [Fact]
    public void NoNodeSubclassHoldsATensorInItsOwnFields()
    {
        var offenders = new List<string>();
        var nodes = typeof(Tensor).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Node))).ToList();
        Assert.True(nodes.Count >= 40, $"found only {nodes.Count} node types");
        foreach (var type in nodes)
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (HoldsTensors(field.FieldType))
                    offenders.Add($"{type.Name}.{field.Name}");
        Assert.Empty(offenders);
    }

    private static bool HoldsTensors(Type t) =>
        t == typeof(Tensor) || (t.IsArray && HoldsTensors(t.GetElementType()!)) || (t.IsGenericType && t.GetGenericArguments().Any(HoldsTensors));

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        public int GetHashCode(double v) => 0;
    }
}

[CollectionDefinition(nameof(ProcessMemoryCollection), DisableParallelization = true)]
public sealed class ProcessMemoryCollection;
