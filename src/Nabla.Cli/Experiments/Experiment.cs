using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// One experiment of <c>nabla experiment</c>: it runs, writes its charts into the folder and states its finding as
/// numbers (findings.json), which its test checks. Quick mode is the short version CI runs.
/// </summary>
internal abstract class Experiment
{
    public abstract string Name { get; }

    /// <summary>The question, one line (shown by 'nabla experiment list').</summary>
    public abstract string Question { get; }

    public abstract ExperimentResult Run(ExperimentContext context);
}

/// <summary>Where an experiment writes, how long it may take, and where it reports progress.</summary>
internal sealed record ExperimentContext(string Folder, bool Quick, TextWriter Log);

/// <summary>What an experiment found: one sentence with its numbers, the numbers by name, and the page's tables and charts.</summary>
internal sealed record ExperimentResult(string Finding, IReadOnlyDictionary<string, double> Numbers, IReadOnlyList<HtmlTable> Tables,
    IReadOnlyList<HtmlImage> Images);
