using Nabla.Cli.Train;

namespace Nabla.Cli.Tests;

/// <summary>The settings 'nabla train' would run with for these options (presets and defaults filled in).</summary>
internal static class TrainOptions
{
    public static TrainSettings Parse(params string[] args)
    {
        var train = new TrainCommand();
        var command = train.Build(new CommandContext(TextWriter.Null, TextWriter.Null, args));
        return train.Bind(command.Parse(args));
    }
}
