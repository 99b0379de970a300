using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Online (one sample per step), mini-batch and full-batch gradient descent with the same learning rate: per epoch,
/// online SGD makes n updates and full batch one, so online gets furthest per epoch; per second, mini-batches win,
/// because a step on 32 samples costs little more than a step on one.
/// </summary>
internal sealed class BatchExperiment : Experiment
{
    public override string Name => "batch";

    public override string Question => "Online, mini-batch or full-batch gradient descent: which learns fastest per epoch and per second?";

    public override ExperimentResult Run(ExperimentContext context)
    {
        string[] common = ["--dataset", "circles", "--optimizer", "sgd", "--lr", "0.1", "--samples", context.Quick ? "400" : "1000",
            "--epochs", context.Quick ? "15" : "40"];
        var configs = new (string Key, string Label, string Batch)[] { ("online", "online (batch 1)", "1"), ("mini", "mini-batch 32", "32"), ("full", "full batch", "full") };
        var numbers = new Dictionary<string, double>();
        var runs = new List<StudyRun>();
        var bySeconds = new List<Series>();
        // One untimed epoch of every configuration first, so that no curve pays for the JIT compiling the training loop.
        foreach (var (_, _, batch) in configs)
        {
            var warmUp = TrainOptions.Parse([.. common, "--batch-size", batch]) with { Epochs = 1 };
            TrainJob.Run(warmUp, DataSource.Load(warmUp.Data, warmUp.Seed), TextWriter.Null, quiet: true);
        }
        foreach (var (key, label, batch) in configs)
        {
            context.Log.WriteLine($"training: {label}");
            var settings = TrainOptions.Parse([.. common, "--batch-size", batch]);
            var outcome = TrainJob.Run(settings, DataSource.Load(settings.Data, settings.Seed), TextWriter.Null, quiet: true);
            runs.Add(new StudyRun(label, outcome));
            var seconds = outcome.History.Series("seconds");
            double total = 0;
            var elapsed = seconds.Select(s => total += s).ToArray();
            bySeconds.Add(new Series(label, elapsed, outcome.History.Series("loss")));
            numbers[$"final_loss_{key}"] = outcome.History[^1].TrainLoss;
            numbers[$"seconds_per_epoch_{key}"] = total / outcome.History.Count;
            numbers[$"updates_per_epoch_{key}"] = Math.Ceiling(outcome.Data.Train.Count / (double)(settings.BatchSize ?? outcome.Data.Train.Count));
        }
        string chart = Path.Combine(context.Folder, "loss_by_seconds.png");
        Charts.Lines(chart, "Training loss against training time", "seconds", "training cross-entropy loss", bySeconds);
        var table = new HtmlTable("Per configuration", ["batch", "updates per epoch", "seconds per epoch", "final training loss"],
            configs.Select(c => (IReadOnlyList<string>)[c.Label, numbers[$"updates_per_epoch_{c.Key}"].ToString(StudyReport.Inv),
                numbers[$"seconds_per_epoch_{c.Key}"].ToString("0.0000", StudyReport.Inv), StudyReport.F4(numbers[$"final_loss_{c.Key}"])]).ToList());
        string finding = string.Create(StudyReport.Inv, $"after {runs[0].Outcome.History.Count} epochs the training loss is {numbers["final_loss_online"]:0.000} online " +
            $"({numbers["updates_per_epoch_online"]} updates per epoch, {numbers["seconds_per_epoch_online"]:0.000} s per epoch), " +
            $"{numbers["final_loss_mini"]:0.000} with batches of 32 ({numbers["updates_per_epoch_mini"]} updates, {numbers["seconds_per_epoch_mini"]:0.000} s) " +
            $"and {numbers["final_loss_full"]:0.000} with the full batch (1 update, {numbers["seconds_per_epoch_full"]:0.000} s).");
        var images = StudyReport.ValidationCurves(context.Folder, "batch size", runs);
        images.Add(new HtmlImage("Training loss against seconds of training", chart));
        return new ExperimentResult(finding, numbers, [table], images);
    }
}
