using System.CommandLine;
using System.Text.Json;
using Nabla.Cli.Studies;
using Nabla.Cli.Train;

namespace Nabla.Cli.Experiments;

/// <summary><c>nabla experiment NAME</c> runs one experiment and writes its page; <c>nabla experiment list</c> lists them.</summary>
internal static class ExperimentCommand
{
    public const string FindingsFile = "findings.json";

    public static Command Build(CommandContext context)
    {
        var name = new Argument<string>("name")
        {
            Description = "The experiment to run, or 'list' to list them with their questions.",
        }.AcceptOnlyFromAmong(["list", .. Registry.All.Select(e => e.Name)]);
        var quick = new Option<bool>("--quick") { Description = "A short version (fewer samples and epochs), as CI runs it; the finding still holds." };
        var train = new TrainCommand();
        var command = new Command("experiment", "Run a small experiment that answers one question about training neural networks; it prints " +
            "its finding as numbers and writes findings.json, charts and index.html. 'nabla experiment list' shows them all.")
        {
            name, quick, train.Out,
        };
        command.SetAction(p =>
        {
            string chosen = p.GetValue(name)!;
            if (chosen == "list")
            {
                int width = Registry.All.Max(e => e.Name.Length);
                foreach (var e in Registry.All) context.Output.WriteLine($"{e.Name.PadRight(width)}  {e.Question}");
                return NablaCommand.Success;
            }
            var experiment = Registry.Find(chosen)!;
            string folder = RunFolder.Prepare(p.GetValue(train.Out) ?? RunFolder.DefaultPath());
            context.Output.WriteLine($"{experiment.Name}: {experiment.Question}");
            var result = experiment.Run(new ExperimentContext(folder, p.GetValue(quick), context.Output));
            File.WriteAllText(Path.Combine(folder, FindingsFile), JsonSerializer.Serialize(
                new Findings(experiment.Name, experiment.Question, result.Finding, p.GetValue(quick), result.Numbers.ToDictionary()), CliJson.Default.Findings) + "\n");
            StudyReport.WriteIndex(folder, $"nabla experiment {experiment.Name}: {experiment.Question}", context.CommandLine,
                [new("Finding", ["finding"], [[result.Finding]]), .. result.Tables], result.Images);
            context.Output.WriteLine(result.Finding);
            context.Output.WriteLine($"report: {Path.Combine(folder, RunFolder.Report)}");
            return NablaCommand.Success;
        });
        return command;
    }
}

/// <summary>findings.json: what an experiment found, as a sentence and as named numbers.</summary>
internal sealed record Findings(string Experiment, string Question, string Finding, bool Quick, Dictionary<string, double> Numbers);
