
namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Accumulates d(this)/d(leaf) into every leaf's Grad. A scalar seeds 1; a non-scalar needs an explicit
    /// gradient of its own shape. The graph is freed afterwards unless retainGraph; createGraph records the
    /// backward pass itself so the gradients can be differentiated again.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        var seed = Autograd.SeedFor(this, gradient, "Backward");
        Engine.Run([this], [seed], retainGraph || createGraph, createGraph, capture: null);
    }

    /// <summary>Sets Grad to zeros in place (or leaves it null if it was never set), like zero_grad(set_to_none=False).</summary>
    public void ZeroGrad() => ZeroGradInPlace();
}
