using System.CommandLine;
using Nabla.Cli.Checks;
using Nabla.Cli.Models;
using Nabla.Cli.Studies;
using Nabla.Cli.Train;

namespace Nabla.Cli;

/// <summary>The subcommands of <c>nabla</c>.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(CommandContext context)
    {
        yield return new TrainCommand().Build(context);
        yield return ModelCommands.Evaluate(context);
        yield return ModelCommands.Predict(context);
        yield return ModelCommands.Summary(context);
        yield return GradCheckCommand.Build(context);
        yield return SvmCommand.Build(context);
        yield return CvCommand.Build(context);
        yield return CompareCommand.Build(context);
        yield return Optimizers.OptimizersCommand.Build(context);
        yield return Experiments.ExperimentCommand.Build(context);
        yield return Lab.LabCommand.Build(context);
    }
}
