namespace Nabla.Fuzz;

/// <summary>What one mutation-fuzzing run saw: outcome counts, kinds of rejection, and the costliest inputs.</summary>
public sealed class FuzzReport(string target)
{
    private readonly Dictionary<string, int> templates = [];

    public string Target { get; } = target;
    public long Loaded { get; private set; }
    public long Documented { get; private set; }
    public long Bugs { get; private set; }
    public long OverBudget { get; set; }
    public TimeSpan Elapsed { get; set; }

    public TimeSpan Slowest { get; private set; }
    public byte[]? SlowestInput { get; private set; }
    public double WorstAllocationRatio { get; private set; }
    public int WorstAllocationInputLength { get; private set; }

    public long Total => Loaded + Documented + Bugs;

    public void Count(MutationFuzzer.Outcome outcome)
    {
        switch (outcome)
        {
            case MutationFuzzer.Outcome.Loaded: Loaded++; break;
            case MutationFuzzer.Outcome.Documented: Documented++; break;
            default: Bugs++; break;
        }
    }

    /// <summary>Counts a rejection's template; true the first time it is seen.</summary>
    public bool AddTemplate(string template)
    {
        templates[template] = templates.GetValueOrDefault(template) + 1;
        return templates[template] == 1;
    }

    public void Observe(byte[] input, TimeSpan elapsed, double allocationRatio)
    {
        if (elapsed > Slowest) (Slowest, SlowestInput) = (elapsed, input);
        if (allocationRatio > WorstAllocationRatio) (WorstAllocationRatio, WorstAllocationInputLength) = (allocationRatio, input.Length);
    }

    public void Print(TextWriter w, int topTemplates = 15)
    {
        w.WriteLine($"{Target}: {Total:N0} inputs in {Elapsed.TotalSeconds:F1} s ({Total / Math.Max(Elapsed.TotalSeconds, 1e-9):N0}/s)");
        w.WriteLine($"  loaded {Loaded:N0}, documented exception {Documented:N0}, bug {Bugs:N0}, over time/memory budget {OverBudget:N0}");
        w.WriteLine($"  slowest input {Slowest.TotalMilliseconds:F1} ms ({SlowestInput?.Length ?? 0:N0} bytes); " +
                    $"most allocation {WorstAllocationRatio:F1} bytes per input byte ({WorstAllocationInputLength:N0}-byte input)");
        w.WriteLine($"  {templates.Count} kinds of documented rejection; the most frequent:");
        foreach (var (template, count) in templates.OrderByDescending(p => p.Value).Take(topTemplates))
            w.WriteLine($"    {count,8:N0}  {template}");
    }
}
