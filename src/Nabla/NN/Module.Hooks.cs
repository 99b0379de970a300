namespace Nabla.NN;

/// <summary>A forward hook of any module: its inputs in Forward's order and its output (a tensor, a tuple, …).</summary>
public delegate void ForwardHook(Module module, IReadOnlyList<object?> inputs, object? output);

/// <summary>A forward pre-hook of any module: runs before Forward with its inputs (torch's register_forward_pre_hook).</summary>
public delegate void ForwardPreHook(Module module, IReadOnlyList<object?> inputs);

public abstract partial class Module
{
    private readonly List<ForwardPreHook> preHooks = [];
    private readonly List<ForwardHook> hooks = [];

    /// <summary>Registers hook(module, inputs, output) to run after every Call, whatever the module's signature
    /// (Summary uses it); dispose the result to remove it. Typed modules also take a typed hook.</summary>
    public IDisposable RegisterForwardHook(ForwardHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        hooks.Add(hook);
        return new Removal(() => hooks.Remove(hook));
    }

    /// <summary>Registers hook(module, inputs) to run before every Forward called through Call.</summary>
    public IDisposable RegisterForwardPreHook(ForwardPreHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        preHooks.Add(hook);
        return new Removal(() => preHooks.Remove(hook));
    }

    /// <summary>True when Call must box its arguments for hooks; false on the hot path.</summary>
    private protected bool HasHooks => hooks.Count > 0 || preHooks.Count > 0;

    private protected void RunPreHooks(object?[] inputs)
    {
        foreach (var hook in preHooks.ToArray()) hook(this, inputs);
    }

    private protected void RunHooks(object?[] inputs, object? output)
    {
        foreach (var hook in hooks.ToArray()) hook(this, inputs, output);
    }

    /// <summary>How many arguments Forward takes (0 for containers without a Forward).</summary>
    public virtual int InputCount => 0;

    /// <summary>Calls the module with boxed arguments (for tools that do not know its types, such as Summary).</summary>
    internal virtual object? CallBoxed(object?[] inputs) =>
        throw new InvalidOperationException($"{GetType().Name} has no Forward: it only holds modules.");

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
