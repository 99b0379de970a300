using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Tests.Training;

public class EnsembleAndCrossValidationTests
{
    private static Trainer NewTrainer(long seed, int features = 8)
    {
        var model = TrainingData.Mlp(features, 16, 2, seed);
        return new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.05, momentum: 0.9))
        {
            Progress = ProgressMode.None,
            Metrics = { new Accuracy() },
        };
    }

    [Fact]
    public void EnsembleAveragesMemberProbabilitiesAndReportsEachMember()
    {
        var train = TrainingData.TwoClasses(300, 8, noise: 0.15, seed: 1);
        var test = TrainingData.Ordered(TrainingData.TwoClasses(500, 8, noise: 0.15, seed: 2));
        var report = Ensemble.Train([11, 12, 13], seed => NewTrainer(seed), seed => TrainingData.Loader(train, 16, seed), epochs: 8, test,
            new CrossEntropyLoss());

        Assert.Equal([11L, 12, 13], report.Members.Select(m => m.Seed));
        Assert.All(report.Members, m => Assert.Equal(8, m.History.Count));
        Assert.All(report.Members, m => Assert.True(m.Test.Metrics["accuracy"] > 0.75));
        // members differ (different seeds), and the ensemble's probabilities are their mean softmax
        Assert.NotEqual(report.Members[0].Test.Loss, report.Members[1].Test.Loss);
        var x = TrainingData.TwoClasses(5, 8, 0, seed: 3).Features;
        using (Tensor.NoGrad())
        {
            var mean = report.Members.Select(m => m.Model.Call(x).Softmax(1).ToDoubleArray()).Aggregate((a, b) => a.Zip(b, (p, q) => p + q).ToArray()).Select(v => v / 3);
            Assert.Equal(mean.ToArray(), report.Ensemble.Probabilities(x).ToDoubleArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        }
        // Jensen: −log of the mean probability ≤ the mean of −log p, sample by sample, so the ensemble's NLL ≤ the members' mean
        Assert.True(report.Test.Loss <= report.Members.Average(m => m.Test.Loss) + 1e-7);
        Assert.Contains("ensemble", report.ToString());
    }

    [Fact]
    public void CrossValidateTrainsAFreshModelPerFoldAndReportsMeanAndStd()
    {
        var data = TrainingData.TwoClasses(200, 8, noise: 0.1, seed: 4);
        var folds = new StratifiedKFold(4, shuffle: true, seed: 5).Split(data.Targets);
        var seen = new List<int>();
        var report = CrossValidation.Run(data, folds, fold => { seen.Add(fold.Index); return NewTrainer(100 + fold.Index); }, epochs: 6, batchSize: 16);

        Assert.Equal([0, 1, 2, 3], seen);
        Assert.Equal(4, report.Folds.Count);
        Assert.All(report.Folds, f => Assert.Equal(50, f.Fold.Validation.Length));
        var accuracies = report.Values("accuracy");
        Assert.Equal(accuracies.Average(), report.Mean("accuracy"), 15);
        double std = Math.Sqrt(accuracies.Select(a => (a - accuracies.Average()) * (a - accuracies.Average())).Average());
        Assert.Equal(std, report.Std("accuracy"), 15);
        Assert.True(report.Mean("accuracy") > 0.8, report.ToString());
        Assert.Matches(@"mean\s+\d\.\d{4} ± \d\.\d{4}\s+\d\.\d{4} ± \d\.\d{4}", report.ToString());
    }

    /// <summary>A model with two inputs (a pair of vectors): logits from their difference.</summary>
    private sealed class PairModel : Module<Tensor, Tensor, Tensor>
    {
        private readonly Linear head;

        public PairModel(int features, Generator g) => head = RegisterModule("head", new Linear(features, 2, generator: g));

        public override Tensor Forward(Tensor a, Tensor b) => head.Call(a - b);
    }

    [Fact]
    public void AMultiInputModelTrainsThroughABatchAdapter()
    {
        // features [N, 2, 4]: a pair of vectors; the label says whether the first has the larger sum
        var g = new Generator(8);
        var pairs = Tensor.Randn([400, 2, 4], g);
        var labels = pairs.Select(1, 0).Sum(1).Gt(pairs.Select(1, 1).Sum(1)).Long();
        var model = new PairModel(4, new Generator(9));
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.1),
            b => (model.Call(b.Features.Select(1, 0), b.Features.Select(1, 1)), b.Target))
        {
            Progress = ProgressMode.None,
            Metrics = { new Accuracy() },
        };
        var data = new TensorDataset(pairs, labels);
        var history = trainer.Fit(TrainingData.Loader(data, 32, seed: 10), epochs: 10, TrainingData.Ordered(data));
        Assert.True(history[^1].ValidationMetrics["accuracy"] > 0.95, $"accuracy {history[^1].ValidationMetrics["accuracy"]}");
        Assert.Equal(["head.weight", "head.bias"], history[^1].GradientNorms.Keys);
    }
}
