using System.CommandLine;
using System.CommandLine.Parsing;
using Nabla.Cli.Train;
using Nabla.Reports;
using static Nabla.Cli.Studies.StudyReport;

namespace Nabla.Cli.Studies;

/// <summary>
/// <c>nabla compare</c>: trains several configurations on one data set and overlays their validation curves. A
/// configuration is a set of 'nabla train' options written key=value without the dashes, separated by spaces
/// ("activation=relu lr=0.1 hidden=64,32"); options given to compare itself are the base every configuration starts from.
/// </summary>
internal static class CompareCommand
{
    public const string ResultsFile = "compare.csv";

    public static Command Build(CommandContext context)
    {
        var train = new TrainCommand();
        var config = new Option<string[]>("--config")
        {
            HelpName = "key=value ...",
            Description = "One configuration: train options as key=value separated by spaces, e.g. --config \"activation=relu lr=0.1\". Repeat for more.",
        };
        var configs = new Option<string?>("--configs")
        {
            HelpName = "config;config;...",
            Description = "Several configurations separated by ';', e.g. --configs \"activation=tanh;activation=relu\" (adds to --config).",
        };
        var command = new Command("compare", "Train several configurations on the same data and compare them: a table of their scores and their " +
            "validation loss and accuracy per epoch on one chart (compare.csv, PNGs, index.html). The other options (as in 'nabla train') " +
            "are the base every configuration starts from. Example: nabla compare --dataset moons --configs \"activation=tanh;activation=relu hidden=32,32\"")
        {
            config, configs, train.Out, train.Quiet,
        };
        foreach (var option in train.DataAndModelOptions()) command.Add(option);
        command.SetAction(p =>
        {
            var texts = (p.GetValue(config) ?? []).Concat(Split(p.GetValue(configs))).ToList();
            if (texts.Count == 0)
                throw new UsageException("compare needs configurations: --config \"activation=relu\" (repeatable) or --configs \"activation=tanh;activation=relu\".");
            var baseOptions = GivenOptions(p, train.DataAndModelOptions());
            var settings = texts.Select(t => (Label: t.Trim().Length == 0 ? "base options" : t.Trim(), Settings: Settings(baseOptions, t))).ToList();
            return Execute(settings, p.GetValue(train.Out), p.GetValue(train.Quiet), context);
        });
        return command;
    }

    private static IEnumerable<string> Split(string? configs) => configs is null ? [] : configs.Split(';');

    /// <summary>The data and model options the user typed (name → value), not those left at their defaults.</summary>
    private static Dictionary<string, string> GivenOptions(ParseResult p, IEnumerable<Option> options)
    {
        var wanted = options.ToHashSet();
        return p.CommandResult.Children.OfType<OptionResult>()
            .Where(r => !r.Implicit && wanted.Contains(r.Option) && r.Tokens.Count == 1)
            .ToDictionary(r => r.Option.Name, r => r.Tokens[0].Value);
    }

    /// <summary>The base options overridden by the configuration's key=value pairs, parsed and checked as 'nabla train' does.</summary>
    public static TrainSettings Settings(IReadOnlyDictionary<string, string> baseOptions, string config)
    {
        var train = new TrainCommand();
        var command = new Command("config");
        foreach (var option in train.DataAndModelOptions()) command.Add(option);
        var names = train.DataAndModelOptions().Select(o => o.Name).ToHashSet();
        var merged = new Dictionary<string, string>(baseOptions);
        foreach (var pair in config.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0) throw new UsageException($"--config '{config}': '{pair}' is not key=value (e.g. activation=relu).");
            string name = "--" + pair[..equals].TrimStart('-');
            if (!names.Contains(name))
                throw new UsageException($"--config '{config}': unknown setting '{pair[..equals]}'; settings are {string.Join(", ", names.Select(n => n[2..]))}.");
            merged[name] = pair[(equals + 1)..];
        }
        var parsed = command.Parse(merged.SelectMany(kv => new[] { kv.Key, kv.Value }).ToArray());
        if (parsed.Errors.Count > 0) throw new UsageException($"--config '{config}': {NablaCommand.ParseMessage(parsed.Errors[0].Message)}");
        return train.Bind(parsed);
    }

    private static int Execute(List<(string Label, TrainSettings Settings)> configs, string? outFolder, bool quiet, CommandContext context)
    {
        string folder = RunFolder.Prepare(outFolder ?? RunFolder.DefaultPath());
        var log = quiet ? TextWriter.Null : context.Output;
        var loaded = new Dictionary<(DataSettings, long), LoadedData>();
        var runs = new List<StudyRun>();
        for (int i = 0; i < configs.Count; i++)
        {
            var (label, s) = configs[i];
            log.WriteLine($"run {i + 1}/{configs.Count} ({configs.Count - i - 1} to go): {label}");
            if (!loaded.TryGetValue((s.Data, s.Seed), out var data)) loaded[(s.Data, s.Seed)] = data = DataSource.Load(s.Data, s.Seed);
            var outcome = TrainJob.Run(s, data, TextWriter.Null, quiet: true);
            log.WriteLine($"  {RunFolder.ModelText(outcome.Spec)}, {s.Optimizer.Name} lr {s.Optimizer.Lr.ToString(Inv)}: test accuracy {F4(outcome.Test.Accuracy)}");
            runs.Add(new StudyRun(label, outcome));
        }
        var table = Table(runs);
        WriteCsv(Path.Combine(folder, ResultsFile), ["configuration", .. table.Headers.Skip(1)], table.Rows);
        var images = ValidationCurves(folder, "configuration", runs);
        var names = runs.Select(r => r.Outcome.Data.Name).Distinct();
        WriteIndex(folder, $"nabla compare: {string.Join(", ", names)}, {runs.Count} configurations", context.CommandLine, [table], images);
        context.Output.WriteLine(Text(table));
        var best = runs.MaxBy(r => r.Outcome.Validation.Samples > 0 ? r.Outcome.Validation.Accuracy : r.Outcome.Train.Accuracy)!;
        context.Output.WriteLine($"best by {(best.Outcome.Validation.Samples > 0 ? "validation" : "training")} accuracy: {best.Label}  report: {Path.Combine(folder, RunFolder.Report)}");
        return NablaCommand.Success;
    }

    public static HtmlTable Table(IReadOnlyList<StudyRun> runs) => new("Configurations (final epoch; test = the held-out test split)",
        ["configuration", "model", "optimizer", "epochs", "val_loss", "val_accuracy", "test_loss", "test_accuracy", "seconds"],
        runs.Select(r =>
        {
            var o = r.Outcome;
            var opt = o.Settings.Optimizer;
            return (IReadOnlyList<string>)[r.Label, RunFolder.ModelText(o.Spec), string.Create(Inv, $"{opt.Name} lr {opt.Lr:G4}"), o.History.Count.ToString(Inv),
                F4(o.Validation.Loss), F4(o.Validation.Accuracy), F4(o.Test.Loss), F4(o.Test.Accuracy), o.Seconds.ToString("0.00", Inv)];
        }).ToList());
}
