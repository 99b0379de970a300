using System.CommandLine;
using Nabla.Cli.Train;

namespace Nabla.Cli;

/// <summary>The subcommands of <c>nabla</c>.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(CommandContext context)
    {
        yield return new TrainCommand().Build(context);
    }
}
