namespace Nabla.Optim;

/// <summary>
/// Base of every optimizer (torch.optim.Optimizer): parameter groups with their own options, per-parameter state,
/// <see cref="Step()"/>, <see cref="ZeroGrad"/> and state dicts. Most optimizers derive from
/// <see cref="PerParameterOptimizer"/>, which updates each parameter on its own; one that needs all parameters at
/// once (LBFGS) derives from this class, overrides <see cref="Step()"/> or <see cref="Step(Func{Tensor})"/>, and keeps
/// what it must remember in <see cref="StateOf"/> so that <see cref="StateDict"/> saves it.
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParamGroup> groups = [];
    private readonly Dictionary<Tensor, ParamState> state = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, double> defaults;

    /// <param name="paramGroups">The groups; options they do not set come from <paramref name="defaults"/>.</param>
    /// <param name="defaults">Every option this optimizer has, with its default value (PyTorch's names; flags are 0 or
    /// 1). Each group's options are checked by <see cref="Validate"/>.</param>
    protected Optimizer(IEnumerable<ParamGroup> paramGroups, IReadOnlyDictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(paramGroups);
        ArgumentNullException.ThrowIfNull(defaults);
        this.defaults = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
        var list = paramGroups.ToList();
        if (list.Count == 0 || list.All(g => g.Params.Count == 0))
            throw new ArgumentException($"{Name}: optimizer got an empty parameter list.");
        foreach (var group in list) AddParamGroup(group);
    }

    /// <summary>One group holding all of <paramref name="parameters"/>.</summary>
    protected static IEnumerable<ParamGroup> OneGroup(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];

    /// <summary>The optimizer's name in messages ("SGD", "Adam", ...).</summary>
    public string Name => GetType().Name;

    /// <summary>The groups in the order they were added; each has every option of <see cref="Defaults"/>.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => groups;

    /// <summary>Every option with its default value.</summary>
    public IReadOnlyDictionary<string, double> Defaults => defaults;

    /// <summary>Per-parameter state, keyed by the parameter tensor itself (reference identity); a parameter has an entry
    /// once it has been stepped (or <see cref="StateOf"/> was asked for it).</summary>
    public IReadOnlyDictionary<Tensor, ParamState> State => state;

    /// <summary>The state of <paramref name="parameter"/>, created empty on first use (PyTorch's <c>self.state[p]</c>).
    /// Only this optimizer's parameters have state.</summary>
    protected ParamState StateOf(Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (state.TryGetValue(parameter, out var st)) return st;
        if (!groups.Any(g => g.Params.Contains(parameter, ReferenceEqualityComparer.Instance)))
            throw new ArgumentException($"{Name}: this tensor (shape {ShapeUtil.Format(parameter.ShapeRef)}) is not one of the optimizer's parameters.");
        return state[parameter] = new ParamState();
    }

    /// <summary>Adds a group (PyTorch's add_param_group): its unset options take the defaults; a parameter may belong
    /// to one group only.</summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        int index = groups.Count;
        if (groups.Contains(group)) throw new ArgumentException($"{Name}: this param group was already added.");
        var unknown = group.Options.Keys.Where(k => !defaults.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"{Name}: param group {index} sets unknown option(s) {string.Join(", ", unknown)}; {Name} has: {string.Join(", ", defaults.Keys)}.");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in groups.SelectMany(g => g.Params)) seen.Add(p);
        for (int i = 0; i < group.Params.Count; i++)
        {
            var p = group.Params[i] ?? throw new ArgumentException($"{Name}: parameter {i} of param group {index} is null.");
            if (!p.IsLeaf) throw new ArgumentException($"{Name}: can't optimize a non-leaf tensor (parameter {i} of param group {index}, shape {ShapeUtil.Format(p.ShapeRef)}); use Detach().");
            if (!p.DType.IsFloatingPoint()) throw new ArgumentException($"{Name}: parameter {i} of param group {index} is {p.DType}; only Float32 and Float64 tensors can be optimized.");
            if (!seen.Add(p)) throw new ArgumentException($"{Name}: parameter {i} of param group {index} (shape {ShapeUtil.Format(p.ShapeRef)}) appears more than once; a parameter may belong to one group only.");
        }
        group.SetDefaults(defaults);
        Validate(new OptionCheck(Name, group, index));
        groups.Add(group);
    }

    /// <summary>Checks a group's options (all filled in) through <paramref name="check"/>. Called for every group added
    /// and for every group of a state dict being loaded, so both obey the same rules.</summary>
    protected abstract void Validate(OptionCheck check);

    /// <summary>One optimization step with the gradients the parameters hold.</summary>
    public abstract void Step();

    /// <summary>Evaluates <paramref name="closure"/> (which should zero the gradients, compute the loss, call Backward and
    /// return the loss) with grad mode on, then steps; returns the loss.</summary>
    public virtual Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor loss;
        using (Tensor.EnableGrad()) loss = closure();
        Step();
        return loss;
    }

    /// <summary>Clears the gradients of all parameters: to null (the default, as in PyTorch 2) or to zeros.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        using var noGrad = Tensor.NoGrad();
        foreach (var p in groups.SelectMany(g => g.Params))
        {
            if (setToNone) p.ClearGrad();
            else p.ZeroGradInPlace();
        }
    }

    /// <summary>A flag's value as an option (false 0, true 1).</summary>
    protected static double Flag(bool value) => value ? 1 : 0;
}
