namespace Nabla;

/// <summary>
/// A user-defined differentiable operation (torch.autograd.Function): write <see cref="Forward"/> and
/// <see cref="Backward"/>, then call <see cref="Apply"/>. The result records into the graph like a built-in op, so
/// Backward(), Autograd.Grad and GradCheck see it. Forward runs with gradient recording off; Backward runs with it on
/// only when the caller asked for createGraph (<see cref="FunctionContext.CreateGraph"/>), and if it is written with
/// Tensor ops its own gradient then follows (second derivatives, GradGradCheck).
/// </summary>
/// <example>
/// <code>
/// sealed class Cube : Function
/// {
///     protected override Tensor Forward(FunctionContext ctx, Tensor[] x) { ctx.SaveForBackward(x[0]); return x[0].Pow(3); }
///     protected override Tensor?[] Backward(FunctionContext ctx, Tensor g) => [g * 3 * ctx.SavedTensors[0].Pow(2)];
/// }
/// var y = new Cube().Apply(x);
/// </code>
/// </example>
public abstract class Function
{
    /// <summary>The name shown in grad_fn=&lt;…Backward&gt; and in error messages (the class name by default).</summary>
    public virtual string Name => GetType().Name;

    /// <summary>Computes the output from the inputs; save what Backward needs with ctx.SaveForBackward. Runs under
    /// NoGrad. The inputs arrive as given to Apply.</summary>
    protected abstract Tensor Forward(FunctionContext ctx, Tensor[] inputs);

    /// <summary>Gradients of the loss with respect to each input, given the gradient of the output (its shape):
    /// one entry per input, null where <see cref="FunctionContext.NeedsInputGrad"/> is false or the gradient is zero.
    /// A gradient may have the output's broadcast shape; it is summed back to its input's shape.</summary>
    protected abstract Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput);

    /// <summary>Runs Forward and, when any input requires grad and grad mode is on, records a node whose backward is
    /// <see cref="Backward"/>.</summary>
    public Tensor Apply(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"{Name}.Apply: input {i} is null.");
        bool record = Dispatch.NeedsGrad(inputs);
        var ctx = new FunctionContext(Name, inputs);
        Tensor output;
        using (Tensor.NoGrad()) output = Forward(ctx, inputs);
        if (output is null) throw new InvalidOperationException($"{Name}.Forward returned null; it must return a tensor.");
        if (!record) return output;
        // The output must be a fresh node of the graph: an input (or any leaf) handed back is re-wrapped as a view.
        if (output.GradFn is not null || output.RequiresGrad || Array.IndexOf(inputs, output) >= 0) output = output.Detach();
        if (!output.DType.IsFloatingPoint())
            throw new InvalidOperationException($"{Name}.Forward returned a {output.DType} tensor; only floating-point outputs can carry gradients.");
        return Dispatch.Record(output, new FunctionBackward(this, ctx, inputs));
    }

    /// <summary>The recorded node: calls the user's Backward and checks what it returns.</summary>
    private sealed class FunctionBackward(Function function, FunctionContext ctx, Tensor[] inputs) : Node(inputs)
    {
        public override string Name => function.Name + "Backward";

        protected internal override Tensor?[] Backward(Tensor grad)
        {
            var inputs = Inputs;
            var grads = function.Backward(ctx, grad)
                ?? throw new InvalidOperationException($"{function.Name}.Backward returned null; return one gradient (or null) per input.");
            if (grads.Length != inputs.Length)
                throw new InvalidOperationException(
                    $"{function.Name}.Backward returned {grads.Length} gradients for {inputs.Length} inputs; return one (or null) per input.");
            for (int i = 0; i < grads.Length; i++)
            {
                if (grads[i] is not { } g) continue;
                if (!NeedsGrad(i)) { grads[i] = null; continue; }
                if (!SumsTo(g.ShapeRef, inputs[i]!.ShapeRef))
                    throw new InvalidOperationException(
                        $"{function.Name}.Backward returned a gradient of shape {ShapeUtil.Format(g.ShapeRef)} for input {i} of shape {ShapeUtil.Format(inputs[i]!.ShapeRef)}.");
            }
            return grads;
        }

        internal override void ReleaseContext() => ctx.Release();

        /// <summary>True when a gradient of shape g can be summed back to shape input (input broadcasts to g).</summary>
        private static bool SumsTo(int[] g, int[] input)
        {
            if (g.Length < input.Length) return false;
            for (int i = 1; i <= input.Length; i++)
                if (input[^i] != 1 && input[^i] != g[^i]) return false;
            return true;
        }
    }
}

/// <summary>What a <see cref="Function"/> keeps between its forward and its backward (torch's ctx).</summary>
public sealed class FunctionContext
{
    private readonly string name;
    private readonly bool[] needsInputGrad;
    private Tensor[]? saved = [];

    internal FunctionContext(string name, Tensor[] inputs)
    {
        this.name = name;
        needsInputGrad = inputs.Select(t => t.RequiresGrad).ToArray();
    }

    /// <summary>Keeps tensors for Backward (inputs or the output). Saved inputs keep their graph, so a Backward
    /// written with Tensor ops is itself differentiable.</summary>
    public void SaveForBackward(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        saved = [.. tensors];
    }

    /// <summary>The tensors given to SaveForBackward, in order.</summary>
    public IReadOnlyList<Tensor> SavedTensors => saved ?? throw new InvalidOperationException(
        $"{name}: the saved tensors were freed after the first Backward(); pass retainGraph: true to backward twice.");

    /// <summary>True when input i requires grad, so Backward should compute its gradient.</summary>
    public bool NeedsInputGrad(int i) => (uint)i < (uint)needsInputGrad.Length ? needsInputGrad[i]
        : throw new ArgumentOutOfRangeException(nameof(i), $"{name}: input {i} does not exist; the function has {needsInputGrad.Length} inputs.");

    /// <summary>Any other value Forward wants to hand to Backward (a mask, a dim, a scale).</summary>
    public object? State { get; set; }

    /// <summary>True inside a Backward that is being recorded (createGraph): gradients of gradients will follow, so
    /// compute with Tensor ops; false on the ordinary first-order pass, where a fused kernel may be used instead.</summary>
    public bool CreateGraph => GradMode.IsEnabled;

    internal void Release()
    {
        saved = null;
        State = null;
    }
}
