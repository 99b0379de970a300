using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.Data;
using Nabla.NN;
using Nabla.Reports;
using Nabla.Training;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Cross-entropy versus mean squared error on the softmax probabilities. Cross-entropy's gradient with respect to the
/// logits is p − y, large whenever the model is wrong; MSE's passes through the softmax's Jacobian, whose entries
/// p(1 − p) vanish when the model is confidently wrong, so MSE learns a classifier more slowly.
/// </summary>
internal sealed class LossesExperiment : Experiment
{
    public override string Name => "losses";

    public override string Question => "Cross-entropy or mean squared error for training a softmax classifier?";

    public const double Target = 0.95;

    public override ExperimentResult Run(ExperimentContext context)
    {
        var s = TrainOptions.Parse("--dataset", "circles", "--samples", context.Quick ? "400" : "1000", "--epochs", context.Quick ? "60" : "200");
        var data = DataSource.Load(s.Data, s.Seed);
        var spec = TrainJob.SpecFor(s, data);
        var numbers = new Dictionary<string, double>();
        var series = new List<Series>();
        var rows = new List<IReadOnlyList<string>>();
        var crossEntropy = new CrossEntropyLoss();
        var mse = new MSELoss();
        foreach (var (key, label, loss) in new (string, string, Func<Tensor, Tensor, Tensor>)[]
        {
            ("cross_entropy", "cross-entropy", (logits, target) => crossEntropy.Call(logits, target)),
            ("mse", "MSE on the softmax", (logits, target) => mse.Call(logits.Softmax(1), Tensor.OneHot(target, data.Classes).Float())),
        })
        {
            context.Log.WriteLine($"training with {label}");
            var (model, history) = Train(s, spec, data, loss);
            var accuracy = history.Series("val_accuracy");
            int reached = Array.FindIndex(accuracy, a => a >= Target);
            var test = TrainJob.Score(model, data.Test);
            numbers[$"epochs_to_{Target.ToString(StudyReport.Inv)}_{key}"] = reached < 0 ? double.PositiveInfinity : reached + 1;
            numbers[$"test_accuracy_{key}"] = test.Accuracy;
            series.Add(new Series(label, [.. history.Select(e => (double)e.Epoch)], accuracy));
            rows.Add([label, reached < 0 ? "never" : (reached + 1).ToString(StudyReport.Inv), StudyReport.F4(test.Accuracy)]);
        }
        string chart = Path.Combine(context.Folder, "val_accuracy.png");
        Charts.Lines(chart, "Validation accuracy per epoch", "epoch", "validation accuracy", series, legendLow: true);
        string target = Target.ToString(StudyReport.Inv);
        string finding = string.Create(StudyReport.Inv, $"the same network and optimizer reach {Target:P0} validation accuracy " +
            $"{Epochs(numbers[$"epochs_to_{target}_cross_entropy"])} with cross-entropy and {Epochs(numbers[$"epochs_to_{target}_mse"])} with MSE " +
            $"on the softmax; test accuracy after {s.Epochs} epochs {numbers["test_accuracy_cross_entropy"]:0.000} against {numbers["test_accuracy_mse"]:0.000}.");
        return new ExperimentResult(finding, numbers,
            [new HtmlTable($"{RunFolder.ModelText(spec)}, {s.Optimizer.Name} lr {s.Optimizer.Lr.ToString(StudyReport.Inv)}", ["loss", $"epochs to {Target:P0}", "test accuracy"], rows)],
            [new HtmlImage("Validation accuracy per epoch for each loss", chart)]);
    }

    /// <summary>"after 12 epochs", or "not within the run" (the number is then +∞).</summary>
    private static string Epochs(double n) => double.IsFinite(n) ? $"after {n.ToString(StudyReport.Inv)} epochs" : "not within the run";

    /// <summary>Trains the run's MLP with the given loss of (logits, class labels); same seeds whatever the loss.</summary>
    private static (Sequential Model, History History) Train(TrainSettings s, ModelSpec spec, LoadedData data, Func<Tensor, Tensor, Tensor> loss)
    {
        var model = spec.BuildMlp(new Generator(s.Seed), s.Init);
        var optimizer = OptimizerFactory.Create(s.Optimizer, model.Parameters());
        StepResult Step(Batch batch)
        {
            var logits = model.Call(batch.Features);
            return new StepResult(loss(logits, batch.Target), logits, batch.Target);
        }
        var trainer = new Trainer(model, optimizer, Step) { Progress = ProgressMode.None, TrackNorms = false };
        trainer.Metrics.Add(new Accuracy());
        var history = trainer.Fit(new DataLoader(data.Train, s.BatchSize, shuffle: true, generator: new Generator(s.Seed + 7919)), s.Epochs,
            new DataLoader(data.Validation, 4096));
        model.Eval();
        return (model, history);
    }
}
