using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Tests.Training;

/// <summary>On a 10:1 imbalanced two-class set, oversampling the minority (WeightedRandomSampler) and balanced class
/// weights in the loss each raise the minority class's recall well above plain training's.</summary>
public class ImbalanceTests
{
    /// <summary>Class 0 ~ N(0, I), class 1 ~ N((1.2, 1.2), I) in 2-D: overlapping, so the prior decides the boundary.</summary>
    private static TensorDataset Imbalanced(int majority, int minority, long seed)
    {
        var g = new Generator(seed);
        int n = majority + minority;
        var x = new float[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i < majority ? 0 : 1;
            for (int f = 0; f < 2; f++) x[2 * i + f] = (float)(g.NextNormal() + 1.2 * y[i]);
        }
        return new TensorDataset(Tensor.FromArray(x, n, 2), Tensor.FromArray(y));
    }

    private static double MinorityRecall(TensorDataset train, DataLoader loader, Tensor? classWeights)
    {
        var model = new Sequential(new Linear(2, 16, generator: new Generator(1)), new Tanh(), new Linear(16, 2, generator: new Generator(2)));
        var trainer = new Trainer(model, new CrossEntropyLoss(weight: classWeights), new SGD(model.Parameters(), lr: 0.05, momentum: 0.9))
        {
            Progress = ProgressMode.None,
            Metrics = { new ClassScore(ClassScoreKind.Recall, 2, classIndex: 1) },
        };
        trainer.Fit(loader, epochs: 15);
        var test = Imbalanced(2000, 200, seed: 99);
        return trainer.Evaluate(TrainingData.Ordered(test, 500)).Metrics["recall_class1"];
    }

    [Fact]
    public void WeightedSamplerAndBalancedClassWeightsEachRaiseMinorityRecall()
    {
        var train = Imbalanced(1000, 100, seed: 7);
        double plain = MinorityRecall(train, TrainingData.Loader(train, 32, seed: 3), null);
        var sampler = WeightedRandomSampler.Balanced(train.Targets);
        double sampled = MinorityRecall(train, new DataLoader(train, 32, sampler: sampler, generator: new Generator(3)), null);
        double weighted = MinorityRecall(train, TrainingData.Loader(train, 32, seed: 3), ClassWeights.Balanced(train.Targets));

        Assert.True(plain < 0.45, $"plain training favours the majority: minority recall {plain:P1}");
        Assert.True(sampled > plain + 0.25, $"weighted sampler: {sampled:P1} vs plain {plain:P1}");
        Assert.True(weighted > plain + 0.25, $"balanced class weights: {weighted:P1} vs plain {plain:P1}");
    }
}
