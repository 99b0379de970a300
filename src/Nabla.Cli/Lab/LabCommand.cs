using System.CommandLine;
using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.Reports;

namespace Nabla.Cli.Lab;

/// <summary>lab.json: every number <c>nabla lab</c> printed.</summary>
internal sealed record LabResults(string Command, bool Quick, long Seed, int CirclesSamples, int Epochs, int BatchSize, double Lr,
    IReadOnlyList<WayResult> Ways, double MaxLossDifference, MnistScore Mnist, SvmScore Svm);

/// <summary>
/// <c>nabla lab</c>: the course's lab in one command. The circles network 2 → 10 tanh → 2 trained four ways that compute
/// the same thing (backprop by hand, autograd, nn modules, nn + optim.SGD), then the MNIST MLP and an SVM beside it.
/// </summary>
internal static class LabCommand
{
    public const string ResultsFile = "lab.json", LossChart = "loss_four_ways.png";

    /// <summary>Where the MNIST test set lies when nabla runs from the repository's root folder.</summary>
    public const string DefaultMnistFolder = "../shared/data/mnist";

    public static Command Build(CommandContext context)
    {
        var samples = TrainCommand.With("--samples", 1000, "Points of the circles data set (80 % train, 20 % test).");
        var epochs = new Option<int?>("--epochs") { Description = "Epochs of each of the four trainings (default 200, 60 with --quick)." };
        var lr = TrainCommand.With("--lr", 0.3, "Learning rate of the four SGD trainings.");
        var batchSize = TrainCommand.With("--batch-size", 32, "Samples per mini-batch of the four trainings.");
        var seed = TrainCommand.With("--seed", 1L, "Seed of the data, the split, the initial weights and the batch order.");
        var data = TrainCommand.With("--data", DefaultMnistFolder, "Folder with MNIST's test-set IDX files t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (optionally .gz); the default, relative to the current folder, fits a run from the repository's root.");
        var mnistSamples = new Option<int?>("--mnist-samples") { Description = "MNIST test-set images used, split 80/20 into train/test (default 10000, 5000 with --quick)." };
        var mnistEpochs = new Option<int?>("--mnist-epochs") { Description = "Epochs of the MNIST MLP (default 3, 2 with --quick)." };
        var quick = new Option<bool>("--quick") { Description = "A short version (fewer epochs and MNIST images), as CI runs it." };
        var output = new Option<string?>("--out") { Description = "Output folder (default runs/<date>-<time>)." };
        var command = new Command("lab", "The course's lab: the circles network 2 → 10 tanh → 2 trained four ways (backprop by hand, autograd, nn modules, " +
            "nn + SGD) with their loss curves overlaid, then the MLP on MNIST and an SVM on circles; writes lab.json, a PNG chart and index.html.")
        {
            samples, epochs, lr, batchSize, seed, data, mnistSamples, mnistEpochs, quick, output,
        };
        command.SetAction(p =>
        {
            bool isQuick = p.GetValue(quick);
            int epochCount = p.GetValue(epochs) ?? (isQuick ? 60 : 200);
            if (epochCount < 1) throw new UsageException($"--epochs must be at least 1, got {epochCount}.");
            if (p.GetValue(batchSize) < 1) throw new UsageException($"--batch-size must be at least 1, got {p.GetValue(batchSize)}.");
            if (!(p.GetValue(lr) > 0)) throw new UsageException($"--lr must be positive, got {p.GetValue(lr)}.");
            string mnistFolder = p.GetValue(data)!;
            if (!Directory.Exists(mnistFolder))
                throw new UsageException($"MNIST folder {mnistFolder} does not exist (from {Environment.CurrentDirectory}): pass --data DIR, a folder with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte.");
            string folder = RunFolder.Prepare(p.GetValue(output) ?? RunFolder.DefaultPath());
            long s = p.GetValue(seed);
            var circles = DataSource.Load(new DataSettings("circles", null, null, p.GetValue(samples), Preset.For("circles").Noise, 0, 0.2), s);
            var setup = LabSetup.Create(circles, epochCount, p.GetValue(batchSize), p.GetValue(lr), s);
            var log = context.Output;
            log.WriteLine(string.Create(StudyReport.Inv, $"circles: {circles.Train.Count} train, {circles.Test.Count} test points; 2 → 10 tanh → 2, " +
                $"SGD lr {setup.Lr}, batch {p.GetValue(batchSize)}, {epochCount} epochs, seed {s}; the same initial weights and batches for all four"));
            var ways = FourWays.Run(setup);
            double gap = ways.Skip(1).Max(w => w.EpochLoss.Zip(ways[0].EpochLoss).Max(pair => Math.Abs(pair.First - pair.Second)));
            var waysTable = WaysTable(ways, gap);
            log.WriteLine(StudyReport.Text(waysTable));
            log.WriteLine(string.Create(StudyReport.Inv, $"largest difference of an epoch's loss from (a): {gap:0.0e+00}"));

            log.WriteLine("training the MLP on MNIST …");
            var mnist = LabBaselines.Mnist(mnistFolder, p.GetValue(mnistSamples) ?? (isQuick ? 5000 : 10000), p.GetValue(mnistEpochs) ?? (isQuick ? 2 : 3), s);
            var svm = LabBaselines.Svm(setup, ways[^1].TestAccuracy);
            var baselines = BaselinesTable(mnist, svm);
            log.WriteLine(StudyReport.Text(baselines));

            string chart = Path.Combine(folder, LossChart);
            Charts.Lines(chart, "Training loss per epoch, four ways (2 → 10 tanh → 2 on circles)", "epoch", "mean cross-entropy loss",
                [.. ways.Select(w => new Series(w.Label, [.. Enumerable.Range(1, w.EpochLoss.Length).Select(e => (double)e)], w.EpochLoss))]);
            RunFolder.WriteJson(Path.Combine(folder, ResultsFile), new LabResults(context.CommandLine, isQuick, s, p.GetValue(samples), epochCount,
                p.GetValue(batchSize), setup.Lr, ways, gap, mnist, svm), CliJson.Default.LabResults);
            StudyReport.WriteIndex(folder, "nabla lab: one network, four ways to train it; MNIST; an SVM beside it", context.CommandLine, [waysTable, baselines],
                [new HtmlImage("The four loss curves (they lie on top of each other: the four ways compute the same thing)", chart)]);
            log.WriteLine($"report: {Path.Combine(folder, RunFolder.Report)}");
            return NablaCommand.Success;
        });
        return command;
    }

    private static HtmlTable WaysTable(IReadOnlyList<WayResult> ways, double gap) => new(
        string.Create(StudyReport.Inv, $"Circles, four ways (largest difference of an epoch's loss from (a): {gap:0.0e+00})"),
        ["way", "test accuracy", "seconds", "final loss"],
        [.. ways.Select(w => (IReadOnlyList<string>)[w.Label, StudyReport.F4(w.TestAccuracy), w.Seconds.ToString("0.00", StudyReport.Inv), StudyReport.F4(w.EpochLoss[^1])])]);

    private static HtmlTable BaselinesTable(MnistScore mnist, SvmScore svm) => new("MNIST and an SVM", ["model", "data", "test accuracy", "seconds"],
    [
        [$"{mnist.Model}, {mnist.Epochs} epoch(s)", $"MNIST ({mnist.TrainSamples} train, {mnist.TestSamples} test)", StudyReport.F4(mnist.TestAccuracy),
            mnist.Seconds.ToString("0.00", StudyReport.Inv)],
        [string.Create(StudyReport.Inv, $"SVM rbf C={svm.C:G4} γ={svm.Gamma:G4} ({svm.SupportVectors} SVs)"), "circles", StudyReport.F4(svm.TestAccuracy), ""],
        ["MLP 2 → 10 tanh → 2, (d)", "circles", StudyReport.F4(svm.MlpTestAccuracy), ""],
    ]);
}
