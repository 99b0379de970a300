namespace Nabla.Cli.Train;

/// <summary>The settings 'nabla train' would run with for these options, presets and defaults filled in (experiments
/// describe their runs this way).</summary>
internal static class TrainOptions
{
    public static TrainSettings Parse(params string[] args)
    {
        var train = new TrainCommand();
        var command = train.Build(new CommandContext(TextWriter.Null, TextWriter.Null, args));
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0) throw new ArgumentException($"TrainOptions.Parse: {parsed.Errors[0].Message}", nameof(args));
        return train.Bind(parsed);
    }
}
