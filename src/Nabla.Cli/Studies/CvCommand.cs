using System.CommandLine;
using Nabla.Cli.Train;
using Nabla.Data;
using Nabla.Reports;
using static Nabla.Cli.Studies.StudyReport;

namespace Nabla.Cli.Studies;

/// <summary>
/// <c>nabla cv</c>: k-fold cross-validation of the recipe 'nabla train' options describe. The folds cut the training
/// and validation parts of the data together (the test part stays out and scores every fold's model); fold k trains a
/// fresh model on the other folds, seeded as train's run would be.
/// </summary>
internal static class CvCommand
{
    public const string FoldsFile = "folds.csv";

    public static Command Build(CommandContext context)
    {
        var train = new TrainCommand();
        var folds = TrainCommand.With("--folds", 5, "Number of folds K (at least 2): each fold is held out once while the other K−1 train.");
        var noStratify = new Option<bool>("--no-stratify") { Description = "Cut plain k-fold folds (default: stratified folds that keep the class proportions)." };
        var command = new Command("cv", "K-fold cross-validation of a training recipe (data and model options as in 'nabla train'): " +
            "prints each fold's validation and test scores and their mean ± std, and writes folds.csv, charts and index.html.")
        {
            folds, noStratify, train.Out, train.Quiet,
        };
        foreach (var option in train.DataAndModelOptions()) command.Add(option);
        command.SetAction(p => Execute(train.Bind(p), p.GetValue(folds), !p.GetValue(noStratify), p.GetValue(train.Out), p.GetValue(train.Quiet), context));
        return command;
    }

    private static int Execute(TrainSettings settings, int k, bool stratify, string? outFolder, bool quiet, CommandContext context)
    {
        if (k < 2) throw new UsageException($"--folds must be at least 2, got {k}.");
        string folder = RunFolder.Prepare(outFolder ?? RunFolder.DefaultPath());
        var data = DataSource.Load(settings.Data, settings.Seed);
        var runs = Run(settings, data, k, stratify, quiet ? TextWriter.Null : context.Output);
        var table = Table(runs);
        WriteCsv(Path.Combine(folder, FoldsFile), ["fold", "train_samples", "validation_samples", "epochs", "val_loss", "val_accuracy", "test_loss", "test_accuracy", "seconds"],
            runs.Select(r => Row(r, csv: true)));
        var images = ValidationCurves(folder, "fold", runs);
        WriteIndex(folder, $"nabla cv: {data.Name}, {k} {(stratify ? "stratified " : "")}folds", context.CommandLine, [table, Setup(settings, data, k, stratify)], images);
        if (!quiet) context.Output.WriteLine(Text(table));
        var accuracy = runs.Select(r => r.Outcome.Validation.Accuracy).ToArray();
        context.Output.WriteLine($"cross-validated accuracy {MeanStd(accuracy)} over {k} folds  report: {Path.Combine(folder, RunFolder.Report)}");
        return NablaCommand.Success;
    }

    /// <summary>Trains one model per fold; fold k's model is seeded with seed + k.</summary>
    public static List<StudyRun> Run(TrainSettings settings, LoadedData data, int k, bool stratify, TextWriter log)
    {
        var pool = new TensorDataset(Tensor.Cat([data.Train.Features, data.Validation.Features]), Tensor.Cat([data.Train.Targets, data.Validation.Targets]));
        var folds = stratify ? new StratifiedKFold(k, shuffle: true, seed: settings.Seed).Split(pool.Targets)
            : new KFold(k, shuffle: true, seed: settings.Seed).Split(pool.Count);
        log.WriteLine($"{data.Name}: {pool.Count} samples in {k} {(stratify ? "stratified " : "")}folds, {data.Test.Count} test samples; {RunFolder.ModelText(TrainJob.SpecFor(settings, data))}");
        var runs = new List<StudyRun>();
        foreach (var fold in folds)
        {
            var foldData = data with { Train = DataSource.Rows(pool, fold.Train), Validation = DataSource.Rows(pool, fold.Validation) };
            var outcome = TrainJob.Run(settings with { Seed = settings.Seed + fold.Index }, foldData, TextWriter.Null, quiet: true);
            log.WriteLine($"fold {fold.Index + 1}/{k}: validation accuracy {F4(outcome.Validation.Accuracy)}  ({k - fold.Index - 1} to go)");
            runs.Add(new StudyRun($"fold {fold.Index + 1}", outcome));
        }
        return runs;
    }

    private static HtmlTable Table(List<StudyRun> runs)
    {
        var rows = runs.Select(r => Row(r, csv: false)).ToList();
        double[] Of(Func<TrainOutcome, double> value) => runs.Select(r => value(r.Outcome)).ToArray();
        rows.Add(["mean ± std", "", "", "", MeanStd(Of(o => o.Validation.Loss)), MeanStd(Of(o => o.Validation.Accuracy)),
            MeanStd(Of(o => o.Test.Loss)), MeanStd(Of(o => o.Test.Accuracy)), MeanStd(Of(o => o.Seconds))]);
        return new HtmlTable("Folds (validation = the held-out fold; test = the common test split)",
            ["fold", "train", "validation", "epochs", "val_loss", "val_accuracy", "test_loss", "test_accuracy", "seconds"], rows);
    }

    private static string[] Row(StudyRun r, bool csv)
    {
        var o = r.Outcome;
        return [csv ? r.Label["fold ".Length..] : r.Label, o.Train.Samples.ToString(Inv), o.Validation.Samples.ToString(Inv), o.History.Count.ToString(Inv),
            F4(o.Validation.Loss), F4(o.Validation.Accuracy), F4(o.Test.Loss), F4(o.Test.Accuracy), o.Seconds.ToString("0.00", Inv)];
    }

    private static HtmlTable Setup(TrainSettings s, LoadedData data, int k, bool stratify) => new("Setup", ["setting", "value"],
    [
        ["data set", $"{data.Name}: {data.Source}"],
        ["folds", $"{k} {(stratify ? "stratified" : "plain")} folds of the {data.Train.Count + data.Validation.Count} training and validation samples, shuffled with seed {s.Seed}"],
        ["model", RunFolder.ModelText(TrainJob.SpecFor(s, data)) + $", init {s.Init}"],
        ["optimizer", string.Create(Inv, $"{s.Optimizer.Name}, lr {s.Optimizer.Lr:G4}, {s.Epochs} epochs, batch {(s.BatchSize?.ToString(Inv) ?? "full")}")],
        ["Nabla", RunFolder.NablaVersion],
    ]);
}
