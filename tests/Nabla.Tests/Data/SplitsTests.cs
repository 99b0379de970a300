using Nabla.Data;

namespace Nabla.Tests.Data;

public class SplitsTests
{
    private static Tensor Labels(params long[] values) => Tensor.FromArray(values);

    [Fact]
    public void TrainValidationTestPartitionsTheIndices()
    {
        var split = Splits.TrainValidationTest(101, validationFraction: 0.2, testFraction: 0.1, generator: new Generator(1));
        Assert.Equal((69, 21, 11), (split.Train.Length, split.Validation.Length, split.Test.Length)); // held-out sizes rounded up
        Assert.Equal(Enumerable.Range(0, 101), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        var (train, _, test) = split.Apply(new TensorDataset(Tensor.Zeros([101, 1]), Tensor.Arange(101)));
        Assert.Equal(69, train.Count);
        Assert.Equal(split.Test[0], test[0].Target.Item<long>());
        var e = Assert.Throws<ArgumentException>(() => Splits.TrainValidationTest(10, 0.5, 0.5));
        Assert.Equal("Splits: validation 5 + test 5 leave no training sample out of 10.", e.Message);
    }

    [Fact]
    public void StratifiedSplitsKeepClassProportions()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i % 10 < 7 ? 0L : i % 10 < 9 ? 1L : 2L).ToArray(); // 70 / 20 / 10 %
        var split = Splits.TrainValidationTest(Labels(labels), validationFraction: 0.15, testFraction: 0.25, generator: new Generator(2));
        Assert.Equal(Enumerable.Range(0, 1000), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        foreach (var (part, size) in new[] { (split.Test, 250), (split.Validation, 150), (split.Train, 600) })
        {
            Assert.Equal(size, part.Length);
            for (int c = 0; c < 3; c++)
            {
                double expected = size * new[] { 0.7, 0.2, 0.1 }[c];
                Assert.InRange(part.Count(i => labels[i] == c), expected - 1, expected + 1);
            }
        }
    }

    [Fact]
    public void KFoldFollowsScikitLearnsFoldSizes()
    {
        var folds = new KFold(4).Split(10);
        Assert.Equal(new[] { new[] { 0, 1, 2 }, [3, 4, 5], [6, 7], [8, 9] }, folds.Select(f => f.Validation)); // scikit-learn's output
        Assert.Equal(new[] { 0, 1, 2, 6, 7, 8, 9 }, folds[1].Train);

        var shuffled = new KFold(3, shuffle: true, seed: 5).Split(11);
        Assert.Equal(new[] { 4, 4, 3 }, shuffled.Select(f => f.Validation.Length));
        Assert.Equal(Enumerable.Range(0, 11), shuffled.SelectMany(f => f.Validation).Order()); // each index validates exactly once
        Assert.All(shuffled, f => Assert.Equal(Enumerable.Range(0, 11), f.Train.Concat(f.Validation).Order()));
        Assert.NotEqual(Enumerable.Range(0, 4), shuffled[0].Validation.Order());
        Assert.Equal(shuffled.Select(f => f.Validation), new KFold(3, shuffle: true, seed: 5).Split(11).Select(f => f.Validation));
        Assert.Equal("KFold: cannot have 5 folds with only 4 samples. (Parameter 'count')", Assert.Throws<ArgumentException>(() => new KFold().Split(4)).Message);
    }

    [Fact]
    public void StratifiedKFoldMatchesScikitLearn()
    {
        var y = Labels(2, 0, 0, 1, 2, 2, 0, 1, 1, 2, 2, 0, 2, 2, 1, 0, 2, 2);
        var folds = new StratifiedKFold(4).Split(y);
        // sklearn.model_selection.StratifiedKFold(4).split(X, y), scikit-learn 1.2.1
        Assert.Equal(new[] { new[] { 0, 1, 3, 4, 5 }, [2, 6, 7, 9, 10], [8, 11, 12, 13], [14, 15, 16, 17] }, folds.Select(f => f.Validation));
    }

    [Fact]
    public void ShuffledStratifiedFoldsKeepProportionsWithinOneSample()
    {
        var labels = Enumerable.Range(0, 503).Select(i => i % 7 == 0 ? 2L : i % 3 == 0 ? 1L : 0L).ToArray();
        var folds = new StratifiedKFold(5, shuffle: true, seed: 3).Split(Labels(labels));
        Assert.Equal(Enumerable.Range(0, 503), folds.SelectMany(f => f.Validation).Order());
        Assert.All(folds, f => Assert.InRange(f.Validation.Length, 100, 101));
        for (int c = 0; c < 3; c++)
        {
            double perFold = labels.Count(l => l == c) / 5.0;
            Assert.All(folds, f => Assert.InRange(f.Validation.Count(i => labels[i] == c), Math.Floor(perFold), Math.Ceiling(perFold)));
        }
        var e = Assert.Throws<ArgumentException>(() => new StratifiedKFold(3).Split(Labels(0, 0, 1, 1)));
        Assert.StartsWith("StratifiedKFold: nSplits = 3 cannot be greater than the number of members in each class.", e.Message);
    }
}
