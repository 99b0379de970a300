using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.NN;
using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// L1 versus L2 weight penalties: L1's pull λ·sign(w) does not fade as w shrinks, so it drives many weights to (about)
/// zero, a sparse network; L2's pull λ·w fades, so weights get small but stay nonzero.
/// </summary>
internal sealed class RegularizationExperiment : Experiment
{
    public override string Name => "regularization";

    public override string Question => "Which penalty gives a sparse network: L1 or L2?";

    /// <summary>A weight counts as zero below this magnitude.</summary>
    public const double NearZero = 0.01;

    public override ExperimentResult Run(ExperimentContext context)
    {
        string[] common = ["--dataset", "moons", "--hidden", "32,32", "--activation", "relu", "--samples", context.Quick ? "400" : "1000",
            "--epochs", context.Quick ? "60" : "200"];
        var configs = new (string Key, string Label, string[] Args)[]
        {
            ("none", "no penalty", []),
            ("l1", "L1, λ = 0.003", ["--l1", "0.003"]),
            ("l2", "L2, λ = 0.003", ["--l2", "0.003"]),
        };
        var numbers = new Dictionary<string, double>();
        var runs = new List<StudyRun>();
        var series = new List<Series>();
        foreach (var (key, label, args) in configs)
        {
            context.Log.WriteLine($"training: {label}");
            var settings = TrainOptions.Parse([.. common, .. args]);
            var outcome = TrainJob.Run(settings, DataSource.Load(settings.Data, settings.Seed), TextWriter.Null, quiet: true);
            runs.Add(new StudyRun(label, outcome));
            var magnitudes = Weights(outcome.Model).Select(Math.Abs).Order().ToArray();
            numbers[$"near_zero_{key}"] = magnitudes.Count(m => m < NearZero) / (double)magnitudes.Length;
            numbers[$"accuracy_{key}"] = outcome.Test.Accuracy;
            series.Add(new Series(label, [.. magnitudes.Select((_, i) => (double)i / magnitudes.Length)], [.. magnitudes]));
        }
        string chart = Path.Combine(context.Folder, "weight_magnitudes.png");
        Charts.Lines(chart, "Sorted weight magnitudes |w| (all linear layers)", "fraction of the weights", "|w|", series);
        var table = new HtmlTable($"Weights with |w| < {NearZero.ToString(StudyReport.Inv)} and test accuracy", ["penalty", "near-zero weights", "test accuracy"],
            configs.Select(c => (IReadOnlyList<string>)[c.Label, numbers[$"near_zero_{c.Key}"].ToString("P1", StudyReport.Inv), StudyReport.F4(numbers[$"accuracy_{c.Key}"])]).ToList());
        string finding = string.Create(StudyReport.Inv, $"with L1 {numbers["near_zero_l1"]:P1} of the weights end below {NearZero} in magnitude, with L2 " +
            $"{numbers["near_zero_l2"]:P1} and with no penalty {numbers["near_zero_none"]:P1}; test accuracy {numbers["accuracy_l1"]:0.000} (L1), " +
            $"{numbers["accuracy_l2"]:0.000} (L2), {numbers["accuracy_none"]:0.000} (none).");
        return new ExperimentResult(finding, numbers, [table, CompareCommand.Table(runs)],
            [new HtmlImage("Every weight's magnitude, sorted: L1 puts a large share at zero", chart)]);
    }

    private static IEnumerable<double> Weights(Module<Tensor, Tensor> model) =>
        model.Modules().OfType<Linear>().SelectMany(l => l.Weight.Detach().ToDoubleArray());
}
