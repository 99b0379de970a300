using Nabla.Tests.NN.Models;
using SiameseSample;

namespace Nabla.Tests.Samples;

public class SiameseTests
{
    /// <summary>One epoch over 3,000 training pairs: at least 80 % of 1,000 held-out pairs (from images never seen in
    /// training) are classified same/different by cos &gt; 0.5, and same-digit pairs are more similar on average.</summary>
    [Fact]
    public void SiameseNetworkTellsSameDigitPairsApart()
    {
        var r = PairExperiment.Run(new PairOptions { Folder = ZooTestData.MnistFolder, TrainPairs = 3000, TestPairs = 1000, Epochs = 1 });
        Assert.True(r.PairAccuracy >= 0.80, $"pair accuracy {r.PairAccuracy:P2}");
        Assert.True(r.MeanSameCosine > r.MeanDifferentCosine + 0.4, $"mean cos same {r.MeanSameCosine}, different {r.MeanDifferentCosine}");
        Assert.Equal(0.5, r.Threshold);
    }
}
