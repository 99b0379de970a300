using Nabla.Tests.NN.Models;
using TransferLearningSample;

namespace Nabla.Tests.Samples;

public class TransferLearningTests
{
    /// <summary>With 150 images of digits 5–9 and 2 epochs, the frozen features pretrained on 0–4 plus a new head beat
    /// LeNet from scratch by at least 5 points on the held-out 5–9 images; only the head is trainable.</summary>
    [Fact]
    public void FrozenPretrainedFeaturesBeatScratchOnTheSameBudget()
    {
        var r = TransferExperiment.Run(new TransferOptions
        {
            Folder = ZooTestData.MnistFolder, PretrainEpochs = 1, FineTuneImages = 150, FineTuneEpochs = 2,
        });
        Assert.True(r.TransferAccuracy >= r.ScratchAccuracy + 0.05, $"transfer {r.TransferAccuracy:P2}, scratch {r.ScratchAccuracy:P2}");
        Assert.True(r.TransferAccuracy >= 0.75, $"transfer {r.TransferAccuracy:P2}");
        Assert.Equal(400 * 120 + 120 + 120 * 84 + 84 + 84 * 5 + 5, r.TrainableTransfer);
    }
}
