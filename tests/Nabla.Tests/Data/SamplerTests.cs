using Nabla.Data;

namespace Nabla.Tests.Data;

public class SamplerTests
{
    [Fact]
    public void RandomSamplerPermutesAndCyclesForMoreSamples()
    {
        var g = new Generator(1);
        Assert.Equal(Enumerable.Range(0, 20), new RandomSampler(20).Indices(g).Order());
        var longer = new RandomSampler(5, numSamples: 12).Indices(g);
        Assert.Equal(Enumerable.Range(0, 5), longer[..5].Order());
        Assert.Equal(Enumerable.Range(0, 5), longer[5..10].Order());
        var drawn = new RandomSampler(4, replacement: true, numSamples: 40_000).Indices(g);
        for (int i = 0; i < 4; i++) Assert.InRange(drawn.Count(v => v == i), 9_600, 10_400); // 10,000 ± 4.6 σ
    }

    [Fact]
    public void SubsetRandomSamplerShufflesOnlyItsIndices()
    {
        var order = new SubsetRandomSampler([3, 8, 5, 11]).Indices(new Generator(2));
        Assert.Equal(new[] { 3, 5, 8, 11 }, order.Order());
        Assert.Equal(Enumerable.Range(0, 6), new SequentialSampler(6).Indices(new Generator(2)));
    }

    [Fact]
    public void WeightedSamplerDrawsInProportionToWeights()
    {
        var drawn = new WeightedRandomSampler([1, 0, 3, 6], 100_000).Indices(new Generator(3));
        Assert.Equal(0, drawn.Count(i => i == 1));
        Assert.InRange(drawn.Count(i => i == 0), 9_580, 10_420);   // p = 0.1: 10,000 ± 4.4 σ
        Assert.InRange(drawn.Count(i => i == 2), 29_360, 30_640);  // p = 0.3
        Assert.InRange(drawn.Count(i => i == 3), 59_320, 60_680);  // p = 0.6
    }

    [Fact]
    public void BalancedWeightsOversampleTheMinorityClass()
    {
        var labels = Tensor.FromArray(Enumerable.Range(0, 1000).Select(i => i < 900 ? 0L : 1L).ToArray());
        var drawn = WeightedRandomSampler.Balanced(labels).Indices(new Generator(4));
        Assert.Equal(1000, drawn.Length);
        Assert.InRange(drawn.Count(i => i >= 900), 430, 570); // half of the draws from the 10 % class
    }

    [Fact]
    public void WeightedSamplerWithoutReplacementGivesDistinctIndicesHeavyFirst()
    {
        var g = new Generator(5);
        int heavyFirst = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var drawn = new WeightedRandomSampler([1, 9, 0], 2, replacement: false).Indices(g);
            Assert.Equal(new[] { 0, 1 }, drawn.Order());
            if (drawn[0] == 1) heavyFirst++;
        }
        Assert.InRange(heavyFirst, 1750, 1850); // first draw is index 1 with p = 0.9
        var e = Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([1, 0, 2], 3, replacement: false));
        Assert.StartsWith("WeightedRandomSampler: cannot draw 3 samples without replacement from 2 positive weights.", e.Message);
        Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([1, -1], 3));
    }

    [Fact]
    public void LoaderWithWeightedSamplerUsesItsOwnGenerator()
    {
        var data = new TensorDataset(Tensor.Zeros([4, 1]), Tensor.Arange(4));
        DataLoader Make() => new(data, batchSize: 2, sampler: new WeightedRandomSampler([1, 1, 1, 1], 10), generator: new Generator(8));
        Assert.Equal(Make().Select(b => b.Target.ToLongArray()), Make().Select(b => b.Target.ToLongArray()));
        var bad = new DataLoader(data, sampler: new SequentialSampler(5));
        var e = Assert.Throws<InvalidOperationException>(() => bad.ToList());
        Assert.Equal("DataLoader: the sampler gave index 4, the data set has 4 samples.", e.Message);
    }
}
