using Circles;

namespace Nabla.Tests.Samples;

public class CirclesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ClassifierReaches97PercentTestAccuracyOnNoisyCircles(long seed)
    {
        var result = CirclesClassifier.Train(new CirclesOptions { Seed = seed });
        Assert.True(result.TestAccuracy >= 0.97, $"seed {seed}: test accuracy {result.TestAccuracy:P1}");
        Assert.True(result.EpochLosses[0] > 3 * result.FinalLoss, "the loss must fall well below its first-epoch value");
    }

    [Fact]
    public void TrainingIsReproducibleFromTheSeed()
    {
        var options = new CirclesOptions { Epochs = 5 };
        Assert.Equal(CirclesClassifier.Train(options).EpochLosses, CirclesClassifier.Train(options).EpochLosses);
    }
}
