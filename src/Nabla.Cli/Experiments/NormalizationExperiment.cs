using Nabla.Cli.Studies;
using Nabla.Cli.Train;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Normalisation layers in a deep sigmoid net: batch normalisation re-centres and re-scales every layer's inputs over
/// the batch, keeping the sigmoids out of saturation, so the gradient reaches the first layers and the net learns;
/// without it the same net, optimizer and epochs stay near chance.
/// </summary>
internal sealed class NormalizationExperiment : Experiment
{
    public override string Name => "normalization";

    public override string Question => "Does batch or layer normalisation let a deep sigmoid network learn?";

    public override ExperimentResult Run(ExperimentContext context)
    {
        string[] common = ["--dataset", "circles", "--hidden", "32,32,32,32,32,32", "--activation", "sigmoid", "--optimizer", "momentum", "--lr", "0.1",
            "--samples", context.Quick ? "400" : "1000", "--epochs", context.Quick ? "40" : "60"];
        var numbers = new Dictionary<string, double>();
        var runs = new List<StudyRun>();
        foreach (var norm in new[] { "none", "batch", "layer" })
        {
            context.Log.WriteLine($"training with --norm {norm}");
            var settings = TrainOptions.Parse([.. common, "--norm", norm]);
            var outcome = TrainJob.Run(settings, DataSource.Load(settings.Data, settings.Seed), TextWriter.Null, quiet: true);
            runs.Add(new StudyRun(norm == "none" ? "no normalisation" : $"{norm} norm", outcome));
            numbers[$"accuracy_{norm}"] = outcome.Test.Accuracy;
        }
        string finding = string.Create(StudyReport.Inv, $"a 6-hidden-layer sigmoid net reaches test accuracy {numbers["accuracy_batch"]:0.000} with batch " +
            $"normalisation, {numbers["accuracy_layer"]:0.000} with layer normalisation and {numbers["accuracy_none"]:0.000} without " +
            $"(momentum SGD, lr 0.1, {runs[0].Outcome.History.Count} epochs).");
        return new ExperimentResult(finding, numbers, [CompareCommand.Table(runs)], StudyReport.ValidationCurves(context.Folder, "normalisation", runs));
    }
}
