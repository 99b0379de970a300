using FashionMnistSample;
using Nabla.Training;

namespace Nabla.Tests.Samples;

/// <summary>The Fashion-MNIST MLP learns for real. CI trains on a subset (a few seconds); the full run (60,000 images,
/// 10 epochs, ≥ 88.5 %) is the sample itself: dotnet run -c Release --project samples/FashionMnist.</summary>
public class FashionMnistTests
{
    [Fact]
    public void MlpReaches83PercentTestAccuracyFrom10000ImagesIn3Epochs()
    {
        var result = FashionMnistMlp.Train(new MlpOptions { TrainSubset = 10_000, Epochs = 3, Progress = ProgressMode.None });
        Assert.True(result.TestAccuracy >= 0.83, $"test accuracy {result.TestAccuracy:P2}");
        Assert.Equal(result.History[^1].ValidationMetrics["accuracy"], result.TestAccuracy, 12);
        Assert.Equal(10_000, result.Confusion.Total);
        Assert.True(result.History[0].TrainLoss > result.History[^1].TrainLoss);
        Assert.Equal(4, result.History[^1].GradientNorms.Count); // 0.weight, 0.bias, 2.weight, 2.bias
        Assert.All(result.History[^1].GradientNorms.Values, n => Assert.True(n > 0 && double.IsFinite(n)));
    }
}
