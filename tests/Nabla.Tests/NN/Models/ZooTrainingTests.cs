using Nabla.Data;
using Nabla.NN;
using Nabla.NN.Models;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Tests.NN.Models;

public class ZooTrainingTests
{
    /// <summary>One epoch of LeNet on the first 8,000 MNIST test images (batch 32, Adam 2e-3) scores at least 95 % on
    /// the other 2,000.</summary>
    [Fact]
    public void LeNetLearnsMnistInOneEpoch()
    {
        var all = ZooTestData.MnistTestSet();
        var train = new Subset(all, Enumerable.Range(0, 8000).ToArray());
        var test = new Subset(all, Enumerable.Range(8000, 2000).ToArray());
        var model = (LeNet)ModelZoo.Create("lenet", [1, 28, 28], 10, new Generator(3));
        var optimizer = new Adam(model.Parameters(), lr: 2e-3);
        var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer) { Progress = ProgressMode.None, TrackNorms = false };
        trainer.Fit(new DataLoader(train, 32, shuffle: true, generator: new Generator(4)), epochs: 1);

        var e = Trainer.Evaluate(model, new CrossEntropyLoss(), new DataLoader(test, 500), [new Accuracy()]);
        Assert.True(e.Metrics["accuracy"] >= 0.95, $"LeNet test accuracy after one epoch: {e.Metrics["accuracy"]:P2}");
    }
}
