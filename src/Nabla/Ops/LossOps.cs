namespace Nabla;

// Loss primitives whose PyTorch gradient is not the derivative of a composition (so they carry their own backward).
public sealed partial class Tensor
{
    /// <summary>
    /// Unreduced binary cross-entropy ℓ = −[y·ln x + (1 − y)·ln(1 − x)] with each log clamped at −100, as PyTorch
    /// does, so x = 0 or 1 gives a finite loss. Same-shaped float inputs; callers check the shapes and the range.
    /// </summary>
    internal static Tensor BinaryCrossEntropyElementwise(Tensor input, Tensor target)
    {
        Dispatch.RequireFloat("BinaryCrossEntropy", input);
        Dispatch.RequireFloat("BinaryCrossEntropy", target);
        Tensor loss;
        using (NoGrad())
        {
            var logX = input.Log().Clamp(min: -100);
            var logOneMinusX = (-input).Log1p().Clamp(min: -100);
            loss = (target - 1.0) * logOneMinusX - target * logX;
        }
        return Dispatch.NeedsGrad(input, target) ? Dispatch.Record(loss, new BinaryCrossEntropyBackward(input, target)) : loss;
    }

    // ∂ℓ/∂x = (x − y) / max(x(1 − x), ε): PyTorch's guard keeps the gradient finite at x ∈ {0, 1}, where the
    // clamped forward is flat but the loss is not. ∂ℓ/∂y = −ln(x / (1 − x)), unclamped as in PyTorch.
    private sealed class BinaryCrossEntropyBackward(Tensor x, Tensor y) : Node(x, y)
    {
        private const double Epsilon = 1e-12f;   // PyTorch's ε is the float 1e-12 (9.99999996e-13), also in double

        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor x = Input(0), y = Input(1);
            return
            [
                NeedsGrad(0) ? g * (x - y) / Maximum((1.0 - x) * x, Scalar(Epsilon, x.DType)) : null,
                NeedsGrad(1) ? -g * (x.Log() - (-x).Log1p()) : null,
            ];
        }
    }
}
