namespace Nabla.Optim;

/// <summary>
/// Some of an optimizer's parameters and their own settings (PyTorch's param_groups entry). Options are numbers keyed
/// by PyTorch's names ("lr", "momentum", "weight_decay", "beta1", ...; flags such as "nesterov" are 0 or 1). Options a
/// group does not set are filled from the optimizer's defaults when the group is added; schedulers change "lr" (and
/// OneCycleLR "momentum" or "beta1") and add their own entries ("initial_lr", "max_lr", ...).
/// </summary>
/// <example><c>new ParamGroup(head.Parameters()) { Lr = 0.01, ["momentum"] = 0.5 }</c></example>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> options = new(StringComparer.Ordinal);

    public ParamGroup(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Params = parameters.ToArray();
    }

    /// <summary>The parameters this group updates, in order.</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>The learning rate (the "lr" option).</summary>
    public double Lr
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>Reads or sets one option by its PyTorch name.</summary>
    public double this[string option]
    {
        get => options.TryGetValue(option, out var value) ? value
            : throw new KeyNotFoundException(
                $"ParamGroup has no option '{option}'; it has: {string.Join(", ", options.Keys)}.");
        set
        {
            options[option] = value;
            Version++;
        }
    }

    /// <summary>Bumped by every change of an option, so an optimizer may cache what it reads from them per step.</summary>
    internal int Version { get; private set; }

    /// <summary>The options in the order they were set.</summary>
    public IReadOnlyDictionary<string, double> Options => options;

    public bool HasOption(string option) => options.ContainsKey(option);

    public bool TryGetOption(string option, out double value) => options.TryGetValue(option, out value);

    /// <summary>A boolean option (stored as 0 or 1).</summary>
    public bool Flag(string option) => this[option] != 0;

    /// <summary>Fills the options this group does not set from the optimizer's defaults (PyTorch's setdefault).</summary>
    internal void SetDefaults(IReadOnlyDictionary<string, double> defaults)
    {
        foreach (var (key, value) in defaults) options.TryAdd(key, value);
        Version++;
    }
}
