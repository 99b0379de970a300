namespace Nabla;

public sealed partial class Tensor
{
    private Tensor? grad;

    /// <summary>True while <see cref="grad"/> is a buffer that autograd allocated and that no code outside the library
    /// has been handed: dropping it (ZeroGrad, Grad = null) then returns its memory to <see cref="StoragePool"/>, so
    /// a training step's weight gradients reuse last step's buffers instead of churning the large-object heap.</summary>
    private bool gradIsPrivate;

    /// <summary>The gradient accumulated by Backward(); null until then. Reading it hands the tensor to the caller,
    /// who may keep it: it is then never recycled.</summary>
    public Tensor? Grad
    {
        get
        {
            gradIsPrivate = false;
            return grad;
        }
        set
        {
            if (!ReferenceEquals(value, grad)) RecycleGrad();
            grad = value;
            gradIsPrivate = false;
        }
    }

    /// <summary>The gradient for library code that reads or updates it in place without keeping it (optimizers,
    /// clipping, norms): unlike <see cref="Grad"/> it leaves the buffer recyclable.</summary>
    internal Tensor? GradInternal => grad;

    /// <summary>Sets a gradient that autograd allocated and nobody else references (adopted or freshly computed).
    /// The previous one is not recycled: during a backward sweep other paths may still read it.</summary>
    internal void SetPrivateGrad(Tensor value)
    {
        grad = value;
        gradIsPrivate = true;
    }

    /// <summary>Sets a gradient that is (or may be) referenced elsewhere: a graph tensor under createGraph.</summary>
    internal void SetSharedGrad(Tensor value)
    {
        grad = value;
        gradIsPrivate = false;
    }

    /// <summary>Drops the gradient, returning its buffer to the pool when it is private (ZeroGrad with setToNone).</summary>
    internal void ClearGrad()
    {
        RecycleGrad();
        grad = null;
        gradIsPrivate = false;
    }

    /// <summary>Zeroes the gradient in place, as PyTorch's zero_grad(set_to_none=False) does (a caller holding it sees
    /// the zeros); a gradient that carries a graph (createGraph) is replaced by detached zeros instead.</summary>
    internal void ZeroGradInPlace()
    {
        if (grad is null) return;
        if (grad.GradFn is null && !grad.RequiresGrad) grad.Zero_();
        else using (NoGrad()) SetSharedGrad(ZerosLike(grad));
    }

    private void RecycleGrad()
    {
        if (gradIsPrivate && grad is { } g && g.GradFn is null) StoragePool.Return(g.Storage);
        gradIsPrivate = false;
    }
}
