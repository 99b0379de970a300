namespace Nabla.Optim;

/// <summary>
/// Base of every optimizer (torch.optim.Optimizer): parameter groups with their own settings, per-parameter state,
/// <see cref="Step()"/> and <see cref="ZeroGrad"/>. A subclass supplies its defaults, checks a group's settings, and
/// updates one parameter at a time from spans through a static function (class for state, static function for math).
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParamGroup> groups = [];
    private readonly Dictionary<Tensor, ParamState> state = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, double> defaults;

    /// <param name="paramGroups">The groups; options they do not set come from <paramref name="defaults"/>.</param>
    /// <param name="defaults">Every option this optimizer has, with its default value (PyTorch's names).</param>
    protected Optimizer(IEnumerable<ParamGroup> paramGroups, IReadOnlyDictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(paramGroups);
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

    public IReadOnlyList<ParamGroup> ParamGroups => groups;

    /// <summary>Every option with its default value.</summary>
    public IReadOnlyDictionary<string, double> Defaults => defaults;

    /// <summary>Per-parameter state, keyed by the parameter tensor itself (reference identity).</summary>
    public IReadOnlyDictionary<Tensor, ParamState> State => state;

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
        Validate(group, index);
        groups.Add(group);
    }

    /// <summary>Checks a group's settings (after defaults are filled in); throws ArgumentException naming the option.</summary>
    protected abstract void Validate(ParamGroup group, int index);

    /// <summary>Updates one parameter in place from its gradient. Both are contiguous, of the same dtype and shape; runs
    /// under NoGrad. <paramref name="state"/> is this parameter's state; Step has not been advanced yet.</summary>
    protected abstract void Update(ParamGroup group, Tensor parameter, Tensor grad, ParamState state);

    /// <summary>
    /// One optimization step over every parameter that has a gradient. Parameters whose Grad is null are skipped (their
    /// state does not advance), and so are frozen ones (RequiresGrad false).
    /// </summary>
    public void Step()
    {
        using var noGrad = Tensor.NoGrad();
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (int i = 0; i < group.Params.Count; i++)
            {
                var p = group.Params[i];
                if (p.Grad is null || !p.RequiresGrad) continue;
                var grad = CheckedGradient(p, g, i);
                if (!state.TryGetValue(p, out var st)) state[p] = st = new ParamState();
                var target = p.IsContiguous ? p : p.CloneDetached();
                Update(group, target, grad, st);
                if (ReferenceEquals(target, p)) p.BumpVersion();
                else p.Copy_(target);
            }
        }
    }

    /// <summary>Evaluates <paramref name="closure"/> (which should zero the gradients, compute the loss and call Backward)
    /// with grad mode on, then steps; returns the loss.</summary>
    public Tensor Step(Func<Tensor> closure)
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
            if (p.Grad is null) continue;
            if (setToNone) p.Grad = null;
            else p.Grad = p.Grad.Detach().Zero_();
        }
    }

    /// <summary>The gradient as a contiguous tensor of the parameter's dtype and shape (no copy when it already is one;
    /// the update reads its elements only, so a gradient carrying a graph is fine).</summary>
    private Tensor CheckedGradient(Tensor p, int group, int index)
    {
        var grad = p.Grad!;
        if (grad.DType != p.DType || !ShapeUtil.SameShape(grad.ShapeRef, p.ShapeRef))
            throw new InvalidOperationException(
                $"{Name}.Step: parameter {index} of param group {group} is {p.DType} {ShapeUtil.Format(p.ShapeRef)} but its gradient is {grad.DType} {ShapeUtil.Format(grad.ShapeRef)}.");
        return grad.IsContiguous ? grad : grad.CloneDetached();
    }

    // ---- helpers for subclasses ------------------------------------------------------------------------------------

    /// <summary>Throws unless <paramref name="valid"/> holds for the group's value of <paramref name="option"/>.</summary>
    protected void Require(ParamGroup group, int index, string option, Func<double, bool> valid, string rule)
    {
        double value = group[option];
        if (!valid(value))
            throw new ArgumentException($"{Name}: invalid {option} {value} in param group {index}; it must be {rule}.");
    }

    protected void RequireNonNegative(ParamGroup group, int index, params string[] options)
    {
        foreach (var option in options) Require(group, index, option, v => v >= 0, "≥ 0");
    }

    protected void RequireBeta(ParamGroup group, int index, params string[] options)
    {
        foreach (var option in options) Require(group, index, option, v => v >= 0 && v < 1, "in [0, 1)");
    }

    protected static double Flag(bool value) => value ? 1 : 0;
}
