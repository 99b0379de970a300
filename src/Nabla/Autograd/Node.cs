namespace Nabla;

/// <summary>
/// A recorded operation (PyTorch's grad_fn): knows its inputs and turns the gradient of its output into gradients
/// of its inputs. Backward formulas are written with Tensor ops so that, under createGraph, they are recorded too.
/// </summary>
public abstract class Node
{
    private Tensor?[]? inputs;
    private readonly int[] inputVersions;

    protected Node(params Tensor?[] inputs)
    {
        this.inputs = inputs;
        inputVersions = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) inputVersions[i] = inputs[i]?.Storage.Version ?? 0;
    }

    /// <summary>PyTorch-style name shown in ToString's grad_fn=&lt;...&gt;.</summary>
    public virtual string Name => GetType().Name + "0";

    /// <summary>The tensors this node differentiates with respect to (null after the graph was released).</summary>
    internal Tensor?[] Inputs => inputs ?? throw new InvalidOperationException(
        $"Trying to backward through the graph a second time ({Name}): its saved values were freed after the first Backward(). " +
        "Pass retainGraph: true to the first call if you need to backward twice.");

    internal bool IsReleased => inputs is null;

    /// <summary>True when input i takes part in autograd, so its gradient is worth computing.</summary>
    protected bool NeedsGrad(int i) => inputs![i] is { RequiresGrad: true };

    /// <summary>Gradients for each input (null where an input needs none), given the gradient of the output.
    /// Each may have the output's broadcast shape: the engine sums it back to the input's shape.</summary>
    protected internal abstract Tensor?[] Backward(Tensor grad);

    internal void CheckVersions()
    {
        var current = Inputs;
        for (int i = 0; i < current.Length; i++)
            if (current[i] is { } t && t.Storage.Version != inputVersions[i])
                throw new InvalidOperationException(
                    $"{Name}: input {i} (shape {ShapeUtil.Format(t.ShapeRef)}) was modified in place after it was used; its gradient would be wrong.");
    }

    /// <summary>Frees the references this node holds (inputs and saved tensors).</summary>
    internal void Release()
    {
        inputs = null;
        ReleaseSaved();
    }

    /// <summary>Drop saved tensors that are not inputs.</summary>
    protected virtual void ReleaseSaved() { }

    public override string ToString() => Name;
}
