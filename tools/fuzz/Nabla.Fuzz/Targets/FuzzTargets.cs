namespace Nabla.Fuzz.Targets;

/// <summary>The registry: every fuzz target, one line each. A new reader adds its file in this folder and a line here.</summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyList<IFuzzTarget> All =
    [
        new SafetensorsTarget(),
        new IdxTarget(),
        new CsvTarget(),
    ];

    /// <summary>The target named <paramref name="name"/> (case-insensitive).</summary>
    public static IFuzzTarget Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no fuzz target '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}.");
}
