using Nabla;

namespace ManualBackprop;

/// <summary>
/// A layer written as a user-defined autograd function, the way the course asks a student to: y = tanh(x Wᵀ + b) with
/// its backward derived by hand. With z = x Wᵀ + b and δ = ∂L/∂y ⊙ (1 − y²):
///   ∂L/∂x = δ W,   ∂L/∂W = δᵀ x,   ∂L/∂b = Σ_batch δ.
/// The backward uses Tensor ops only, so under createGraph it is recorded and second derivatives follow.
/// </summary>
public sealed class LinearTanhFunction : Function
{
    public override string Name => "LinearTanh";

    protected override Tensor Forward(FunctionContext ctx, Tensor[] inputs)
    {
        var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
        var y = (x.MatMul(w.T) + b).Tanh();
        ctx.SaveForBackward(x, w, y);
        return y;
    }

    protected override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput)
    {
        var (x, w, y) = (ctx.SavedTensors[0], ctx.SavedTensors[1], ctx.SavedTensors[2]);
        var delta = gradOutput * (1.0 - y * y);
        return
        [
            ctx.NeedsInputGrad(0) ? delta.MatMul(w) : null,
            ctx.NeedsInputGrad(1) ? delta.T.MatMul(x) : null,
            ctx.NeedsInputGrad(2) ? delta.Sum(0) : null,
        ];
    }
}
