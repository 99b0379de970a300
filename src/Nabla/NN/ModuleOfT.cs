namespace Nabla.NN;

/// <summary>
/// A module with one input (torch.nn.Module with forward(x)): layers, activations, Sequential and most models.
/// Implement <see cref="Forward"/>; call the module through <see cref="Call"/> so hooks run.
/// </summary>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>The module's computation.</summary>
    public abstract TOut Forward(TIn input);

    /// <summary>Runs pre-hooks, Forward, then forward hooks (PyTorch's __call__).</summary>
    public TOut Call(TIn input)
    {
        if (!HasHooks) return Forward(input);
        object?[] inputs = [input];
        RunPreHooks(inputs);
        var output = Forward(input);
        RunHooks(inputs, output);
        return output;
    }

    /// <summary>Registers hook(module, input, output) to run after every Call; dispose the result to remove it.</summary>
    public IDisposable RegisterForwardHook(Action<Module<TIn, TOut>, TIn, TOut> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return RegisterForwardHook((_, inputs, output) => hook(this, (TIn)inputs[0]!, (TOut)output!));
    }

    public override int InputCount => 1;

    internal override object? CallBoxed(object?[] inputs) => Call((TIn)inputs[0]!);
}

/// <summary>
/// A module with two inputs: losses (input, target), similarities (x1, x2), and models that take, for example,
/// features and a mask.
/// </summary>
public abstract class Module<T1, T2, TOut> : Module
{
    public abstract TOut Forward(T1 input1, T2 input2);

    /// <summary>Runs pre-hooks, Forward, then forward hooks.</summary>
    public TOut Call(T1 input1, T2 input2)
    {
        if (!HasHooks) return Forward(input1, input2);
        object?[] inputs = [input1, input2];
        RunPreHooks(inputs);
        var output = Forward(input1, input2);
        RunHooks(inputs, output);
        return output;
    }

    /// <summary>Registers hook(module, input1, input2, output) to run after every Call.</summary>
    public IDisposable RegisterForwardHook(Action<Module<T1, T2, TOut>, T1, T2, TOut> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return RegisterForwardHook((_, inputs, output) => hook(this, (T1)inputs[0]!, (T2)inputs[1]!, (TOut)output!));
    }

    public override int InputCount => 2;

    internal override object? CallBoxed(object?[] inputs) => Call((T1)inputs[0]!, (T2)inputs[1]!);
}

/// <summary>A module with three inputs: pair losses (input1, input2, target) and three-input models.</summary>
public abstract class Module<T1, T2, T3, TOut> : Module
{
    public abstract TOut Forward(T1 input1, T2 input2, T3 input3);

    /// <summary>Runs pre-hooks, Forward, then forward hooks.</summary>
    public TOut Call(T1 input1, T2 input2, T3 input3)
    {
        if (!HasHooks) return Forward(input1, input2, input3);
        object?[] inputs = [input1, input2, input3];
        RunPreHooks(inputs);
        var output = Forward(input1, input2, input3);
        RunHooks(inputs, output);
        return output;
    }

    /// <summary>Registers hook(module, input1, input2, input3, output) to run after every Call.</summary>
    public IDisposable RegisterForwardHook(Action<Module<T1, T2, T3, TOut>, T1, T2, T3, TOut> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return RegisterForwardHook((_, inputs, output) =>
            hook(this, (T1)inputs[0]!, (T2)inputs[1]!, (T3)inputs[2]!, (TOut)output!));
    }

    public override int InputCount => 3;

    internal override object? CallBoxed(object?[] inputs) => Call((T1)inputs[0]!, (T2)inputs[1]!, (T3)inputs[2]!);
}
