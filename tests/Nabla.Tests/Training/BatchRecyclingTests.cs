using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Tests.Training;

/// <summary>The Trainer gives each batch's buffers back to the pool after its step: later batches reuse them (no new
/// large-object allocations), and the run is bit for bit the run without recycling.</summary>
public class BatchRecyclingTests
{
    // 128 samples × 200 float features = 102,400 bytes per batch: above the runtime's 85,000-byte large-object threshold.
    private const int Samples = 2000, Features = 200, BatchSize = 128;

    [Fact]
    public void BatchesReuseTheirBuffersAndTrainExactlyAsWithout()
    {
        var (withRecycling, arraysWith) = Run(recycle: true, TrainingData.TwoClasses(Samples, Features, 0.1, seed: 3));
        var (without, arraysWithout) = Run(recycle: false, TrainingData.TwoClasses(Samples, Features, 0.1, seed: 3));
        Assert.Equal(without, withRecycling);
        int batches = 2 * ((Samples + BatchSize - 1) / BatchSize);
        Assert.Equal(batches, arraysWithout.Count);          // a fresh buffer for every batch
        Assert.InRange(arraysWith.Count, 1, 4);               // the full-size batches share one or two buffers
    }

    [Fact]
    public void ABatchDatasetOfTheUsersOwnIsNeverRecycled()
    {
        // Its GetBatch may hand out tensors it keeps (here: the same one every time); recycling them would be wrong.
        var cached = new CachedBatches(TrainingData.TwoClasses(BatchSize, Features, 0.1, seed: 4));
        var before = cached.Batch.Features.Clone();
        var (_, arrays) = Run(recycle: true, cached);
        Assert.Single(arrays);
        Assert.Equal(before.ToFloatArray(), cached.Batch.Features.ToFloatArray());
        Assert.False(DatasetChecks.GathersFresh(cached));
        Assert.True(DatasetChecks.GathersFresh(new Subset(TrainingData.TwoClasses(10, 2, 0, seed: 1), [1, 2])));
    }

    private static (string Weights, HashSet<Array> InputArrays) Run(bool recycle, IDataset data)
    {
        var model = TrainingData.Mlp(Features, 16, 2, seed: 5);
        var arrays = new HashSet<Array>(ReferenceEqualityComparer.Instance);
        using var hook = model.RegisterForwardHook((ForwardHook)((_, inputs, _) => arrays.Add(((Tensor)inputs[0]!).Storage.Array)));
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.05, momentum: 0.9))
        {
            Progress = ProgressMode.None,
            RecycleBatches = recycle,
        };
        trainer.Fit(TrainingData.Loader(data, BatchSize, seed: 6), epochs: 2);
        var weights = string.Join(",", model.Parameters().SelectMany(p => p.ToFloatArray()).Select(v => BitConverter.SingleToInt32Bits(v)));
        return (weights, arrays);
    }

    private sealed class CachedBatches(TensorDataset data) : IBatchDataset
    {
        public Batch Batch { get; } = data.GetBatch(Enumerable.Range(0, data.Count).ToArray());
        public int Count => data.Count;
        public Sample this[int index] => data[index];
        public Batch GetBatch(ReadOnlySpan<int> indices) => Batch;
    }
}
