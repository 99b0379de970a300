namespace Nabla.NN;

/// <summary>
/// Base of every layer, loss and model (torch.nn.Module): registration of parameters, buffers and submodules, state
/// dicts, train/eval and hooks. It has no Forward: modules that compute derive from the typed
/// <see cref="Module{TIn, TOut}"/> (one input: layers, models), <see cref="Module{T1, T2, TOut}"/> (two inputs: losses,
/// two-input models) or <see cref="Module{T1, T2, T3, TOut}"/> (pair losses); containers that only hold modules
/// (<see cref="ModuleList"/>, <see cref="ModuleDict"/>) derive from this class directly.
/// Registration is explicit and ordered, so names line up with PyTorch's state dicts (0.weight, fc1.bias,
/// bn.running_mean) and no reflection is needed (AOT- and trim-clean).
/// </summary>
public abstract partial class Module
{
    private readonly List<(string Name, Tensor? Value)> parameters = [];
    private readonly List<(string Name, Tensor? Value, bool Persistent)> buffers = [];
    private readonly List<(string Name, Module Value)> children = [];

    /// <summary>True in training mode (the default), false after Eval().</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a learnable tensor (made a leaf that requires grad); null reserves the name (e.g. no bias).</summary>
    protected Tensor? RegisterParameter(string name, Tensor? value)
    {
        CheckName(name);
        if (value is not null && !value.IsLeaf)
            throw new ArgumentException($"RegisterParameter: '{name}' must be a leaf tensor; use Detach() first.");
        if (value is not null && !value.RequiresGrad) value.RequiresGrad = true;
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers state that is not learned (running statistics); non-persistent buffers stay out of the state dict.</summary>
    protected Tensor? RegisterBuffer(string name, Tensor? value, bool persistent = true)
    {
        CheckName(name);
        buffers.Add((name, value, persistent));
        return value;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children.Add((name, module));
        return module;
    }

    /// <summary>Replaces a registered buffer's tensor (running statistics are replaced, not mutated, when that is simpler).</summary>
    protected void SetBuffer(string name, Tensor value)
    {
        int i = buffers.FindIndex(b => b.Name == name);
        if (i < 0) throw new ArgumentException($"{GetType().Name} has no buffer named '{name}'.");
        buffers[i] = (name, value, buffers[i].Persistent);
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"Invalid name '{name}': names must be non-empty and contain no '.'.");
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.");
    }

    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    public IEnumerable<Module> Children() => children.Select(c => c.Value);

    /// <summary>This module and all below it, depth first, with dotted path names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in children)
            foreach (var item in child.NamedModules(Join(prefix, name)))
                yield return item;
    }

    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>Parameters with dotted names in registration order; a tensor shared by two modules (tied weights) is
    /// listed once, under its first name, as PyTorch's named_parameters does.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "", bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var item in AllNamedParameters(prefix, recurse))
            if (seen.Add(item.Parameter)) yield return item;
    }

    private IEnumerable<(string Name, Tensor Parameter)> AllNamedParameters(string prefix, bool recurse)
    {
        foreach (var (name, value) in parameters)
            if (value is not null) yield return (Join(prefix, name), value);
        if (!recurse) yield break;
        foreach (var (name, child) in children)
            foreach (var item in child.AllNamedParameters(Join(prefix, name), true))
                yield return item;
    }

    /// <summary>Every parameter, recursively, in registration order (each tensor once).</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse: recurse).Select(p => p.Parameter);

    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "", bool recurse = true)
    {
        foreach (var (name, value, _) in buffers)
            if (value is not null) yield return (Join(prefix, name), value);
        if (!recurse) yield break;
        foreach (var (name, child) in children)
            foreach (var item in child.NamedBuffers(Join(prefix, name)))
                yield return item;
    }

    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse: recurse).Select(b => b.Buffer);

    /// <summary>Number of parameter elements (only trainable ones if asked).</summary>
    public long ParameterCount(bool trainableOnly = false) =>
        Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.Numel);

    /// <summary>Sets training mode here and in every submodule.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var m in Modules()) m.Training = mode;
        return this;
    }

    /// <summary>Evaluation mode: Dropout passes through, BatchNorm uses running statistics.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears parameter gradients: to null (the default, as in PyTorch), or to zeros.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters())
        {
            if (setToNone) p.ClearGrad();
            else p.ZeroGrad();
        }
    }

    /// <summary>Converts every floating-point parameter and buffer (and any gradient) to dtype in place (the tensors
    /// keep their identity); integer buffers such as num_batches_tracked stay as they are.</summary>
    public Module To(DType dtype)
    {
        foreach (var t in Parameters().Concat(Buffers()))
        {
            if (!t.DType.IsFloatingPoint()) continue;
            if (t.DType != dtype) t.SetData(t.Detach().To(dtype).Contiguous());
            if (t.Grad is { } g && g.DType != dtype) t.Grad = g.Detach().To(dtype).Contiguous();
        }
        return this;
    }

    /// <summary>The class name without generic arity ("ModuleList", not "ModuleList`1").</summary>
    internal string TypeName => GetType().Name.Split('`')[0];

    internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>Extra text shown after the type name in ToString (e.g. "in_features=2, out_features=10").</summary>
    protected virtual string ExtraRepr() => "";

    public override string ToString()
    {
        var head = TypeName + "(" + ExtraRepr();
        if (children.Count == 0) return head + ")";
        var lines = children.Select(c => $"  ({c.Name}): " + c.Value.ToString().Replace("\n", "\n  "));
        return head + "\n" + string.Join("\n", lines) + "\n)";
    }
}
