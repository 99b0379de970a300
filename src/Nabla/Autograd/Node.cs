namespace Nabla;

/// <summary>
/// A recorded operation (PyTorch's grad_fn): knows its inputs and turns the gradient of its output into gradients
/// of its inputs. Backward formulas are written with Tensor ops so that, under createGraph, they are recorded too.
/// </summary>
/// <remarks>
/// Every tensor a node keeps lives in one of two arrays owned by this base class, reached through <see cref="Input"/>
/// and <see cref="Saved"/>, so releasing the graph after Backward() drops them all (PyTorch frees saved tensors too):
/// a loss kept for logging then holds a few hundred bytes, not its logits. Subclasses keep only shapes and constants
/// in their own fields (a test checks that no subclass has a Tensor field).
/// </remarks>
public abstract class Node
{
    private Tensor?[]? inputs;
    private Tensor?[]? saved;
    private readonly int[] inputVersions;

    protected Node(params Tensor?[] inputs) : this(inputs, null) { }

    /// <param name="inputs">The tensors this node differentiates with respect to.</param>
    /// <param name="saved">Other tensors its backward reads (the output, an index, a mask).</param>
    protected Node(Tensor?[] inputs, Tensor?[]? saved)
    {
        this.inputs = inputs;
        this.saved = saved;
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

    /// <summary>Input i (the graph must not have been released).</summary>
    protected Tensor Input(int i) => Inputs[i]!;

    /// <summary>Saved tensor i (the graph must not have been released).</summary>
    protected Tensor Saved(int i) => (saved ?? throw new InvalidOperationException(
        $"{Name}: its saved tensors were freed after the first Backward(); pass retainGraph: true to backward twice."))[i]!;

    /// <summary>True inside a backward that is itself being recorded (Backward/Grad with createGraph): the formula must
    /// then be written with Tensor ops so gradients of gradients follow. False on the ordinary first-order pass, where
    /// a fused kernel may serve instead. (Inside a backward, grad mode is on exactly when createGraph was asked for.)</summary>
    protected static bool CreateGraph => GradMode.IsEnabled;

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

    /// <summary>Frees every tensor this node holds (inputs and saved tensors).</summary>
    internal void Release()
    {
        inputs = null;
        saved = null;
        ReleaseContext();
    }

    /// <summary>Frees what a user-defined function's context holds (<see cref="Function"/>); built-in nodes keep
    /// everything in the two arrays above.</summary>
    internal virtual void ReleaseContext() { }

    public override string ToString() => Name;
}
