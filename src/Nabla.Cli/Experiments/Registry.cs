namespace Nabla.Cli.Experiments;

/// <summary>Every experiment, in the order 'nabla experiment list' shows them. Adding one: a file and a line here.</summary>
internal static class Registry
{
    public static readonly Experiment[] All =
    [
        new LinearStackExperiment(),
        new InitExperiment(),
        new RegularizationExperiment(),
        new BatchExperiment(),
        new LossesExperiment(),
        new ActivationsExperiment(),
        new NormalizationExperiment(),
        new ImbalanceExperiment(),
        new CapacityExperiment(),
    ];

    public static Experiment? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
