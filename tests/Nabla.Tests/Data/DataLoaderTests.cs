using Nabla.Data;

namespace Nabla.Tests.Data;

public class DataLoaderTests
{
    // Sample i has features [i, 10 i, 100 i] and target i, so a batch shows which samples it holds.
    private static TensorDataset Numbered(int n) =>
        new(Tensor.FromArray(Enumerable.Range(0, n).SelectMany(i => new float[] { i, 10 * i, 100 * i }).ToArray(), n, 3),
            Tensor.Arange(n));

    private static List<long[]> Epoch(DataLoader loader) => loader.Select(b => b.Target.ToLongArray()).ToList();

    [Fact]
    public void SequentialBatchesGatherTheRightRows()
    {
        var batches = new DataLoader(Numbered(10), batchSize: 4).ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal(new[] { 4, 3 }, batches[0].Features.Shape);
        Assert.Equal(new[] { 2, 3 }, batches[2].Features.Shape);
        Assert.Equal(new float[] { 8, 80, 800, 9, 90, 900 }, batches[2].Features.ToFloatArray());
        Assert.Equal(new long[] { 4, 5, 6, 7 }, batches[1].Target.ToLongArray());
        Assert.True(batches[0].Features.IsContiguous);
    }

    [Fact]
    public void DropLastFullBatchAndOnlineSgd()
    {
        Assert.Equal(2, new DataLoader(Numbered(10), batchSize: 4, dropLast: true).Count);
        Assert.Equal(2, new DataLoader(Numbered(10), batchSize: 4, dropLast: true).Count());
        var full = new DataLoader(Numbered(10), batchSize: DataLoader.FullBatch).Single();
        Assert.Equal(new[] { 10, 3 }, full.Features.Shape);
        Assert.Equal(10, new DataLoader(Numbered(10)).Count); // PyTorch's default batch size 1: online SGD
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(3), batchSize: 0));
        Assert.StartsWith("DataLoader: batchSize must be positive (or null for full batch), got 0.", e.Message);
        Assert.Throws<ArgumentException>(() => new DataLoader(Numbered(3), shuffle: true, sampler: new SequentialSampler(3)));
    }

    [Fact]
    public void ShuffleIsAPermutationReproducibleFromTheSeedAndNewEachEpoch()
    {
        var loader = new DataLoader(Numbered(50), batchSize: 8, shuffle: true, generator: new Generator(7));
        var first = Epoch(loader).SelectMany(b => b).ToArray();
        var second = Epoch(loader).SelectMany(b => b).ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), first.Order());
        Assert.NotEqual(first, second);
        Assert.Equal(2, loader.Epoch);
        var again = new DataLoader(Numbered(50), batchSize: 8, shuffle: true, generator: new Generator(7));
        Assert.Equal(first, Epoch(again).SelectMany(b => b));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResumesMidEpochExactlyFromTheStateDict(bool prefetch)
    {
        var transform = new GaussianNoise(0.5);
        DataLoader Make() => new(Numbered(23), batchSize: 5, shuffle: true, generator: new Generator(3), transform: transform, prefetch: prefetch);
        var reference = Make();
        var expected = new List<float[]>();
        for (int epoch = 0; epoch < 3; epoch++) expected.AddRange(reference.Select(b => b.Features.ToFloatArray()));

        // Stop in the second epoch after 2 of its 5 batches, save, and continue in a new loader.
        var first = Make();
        var seen = first.Select(b => b.Features.ToFloatArray()).ToList();
        Dictionary<string, Tensor>? saved = null;
        foreach (var batch in first)
        {
            seen.Add(batch.Features.ToFloatArray());
            if (first.Position == 2) { saved = first.StateDict(); break; }
        }
        Assert.Equal(1L, saved!["epoch"].Item<long>());
        Assert.Equal(2L, saved["position"].Item<long>());

        var resumed = Make();
        resumed.Generator.ManualSeed(999); // its own history must not matter
        resumed.LoadStateDict(saved);
        seen.AddRange(resumed.Select(b => b.Features.ToFloatArray()));
        seen.AddRange(resumed.Select(b => b.Features.ToFloatArray()));
        Assert.Equal(expected, seen);
        Assert.Equal(3, resumed.Epoch);
    }

    [Fact]
    public void AStateSavedAfterTheLastBatchStartsTheNextEpoch()
    {
        var loader = new DataLoader(Numbered(6), batchSize: 3, shuffle: true, generator: new Generator(1));
        Dictionary<string, Tensor>? saved = null;
        foreach (var _ in loader) saved = loader.StateDict();
        Assert.Equal(1L, saved!["epoch"].Item<long>());
        Assert.Equal(0L, saved["position"].Item<long>());
        var resumed = new DataLoader(Numbered(6), batchSize: 3, shuffle: true, generator: new Generator(5));
        resumed.LoadStateDict(saved);
        Assert.Equal(Epoch(loader), Epoch(resumed));
    }

    [Fact]
    public void LoadStateDictRejectsABadDictAndChangesNothing()
    {
        var loader = new DataLoader(Numbered(6), batchSize: 3);
        var dict = loader.StateDict();
        dict["position"] = Tensor.Scalar(7, DType.Int64);
        var e = Assert.Throws<ArgumentException>(() => loader.LoadStateDict(dict));
        Assert.StartsWith("DataLoader.LoadStateDict: epoch 0, position 7 is outside an epoch of 2 batches.", e.Message);
        dict.Remove("generator");
        Assert.Throws<ArgumentException>(() => loader.LoadStateDict(dict));
        Assert.Equal(0, loader.Position);
    }

    [Fact]
    public void TransformedBatchesDoNotDependOnPrefetching()
    {
        var transform = new Compose(new RandomHorizontalFlip(), new GaussianNoise(0.1));
        var images = new TensorDataset(Tensor.Rand([40, 1, 4, 4], new Generator(2)), Tensor.Zeros([40], DType.Int64));
        var plain = new DataLoader(images, batchSize: 8, shuffle: true, generator: new Generator(4), transform: transform);
        var prefetched = new DataLoader(images, batchSize: 8, shuffle: true, generator: new Generator(4), transform: transform, prefetch: true);
        Assert.Equal(plain.Select(b => b.Features.ToFloatArray()), prefetched.Select(b => b.Features.ToFloatArray()));
    }

    [Fact]
    public void DataSetsWithoutBatchGatheringAreStackedSampleBySample()
    {
        var concat = new ConcatDataset(Numbered(3), Numbered(0), Numbered(2));
        Assert.Equal(5, concat.Count);
        var batch = new DataLoader(concat, batchSize: null).Single();
        Assert.Equal(new long[] { 0, 1, 2, 0, 1 }, batch.Target.ToLongArray());
        Assert.Equal(new[] { 5, 3 }, batch.Features.Shape);
        Assert.Equal(new float[] { 1, 10, 100 }, concat[4].Features.ToFloatArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => concat[5]);
        Assert.StartsWith("ConcatDataset: index 5 is outside a data set of 5 samples.", e.Message);
    }

    [Fact]
    public void SubsetMapsIndicesAndGathersThroughItsDataSet()
    {
        var subset = new Subset(Numbered(10), [7, 2, 9]);
        Assert.Equal(new long[] { 9, 7 }, subset.GetBatch([2, 0]).Target.ToLongArray());
        Assert.Equal(2L, subset[1].Target.Item<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Subset(Numbered(3), [3]));
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros([3, 2]), Tensor.Zeros([4])));
        Assert.Equal("TensorDataset: 3 feature rows but 4 targets (shapes [3, 2] and [4]).", e.Message);
    }
}
