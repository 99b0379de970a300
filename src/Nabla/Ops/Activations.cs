using Nabla.Kernels;

namespace Nabla;

// Activation functions: forward by a span kernel, backward from the saved output. The first-order backward uses a
// fused kernel; when the backward is itself recorded (createGraph) it is composed of Tensor ops instead.
public sealed partial class Tensor
{
    public Tensor Tanh()
    {
        var y = Dispatch.Unary<TanhOp<float>, TanhOp<double>>("Tanh", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new TanhBackward(this, y)) : y;
    }

    public Tensor Sigmoid()
    {
        var y = Dispatch.Unary<SigmoidOp<float>, SigmoidOp<double>>("Sigmoid", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new SigmoidBackward(this, y)) : y;
    }

    public Tensor Relu()
    {
        var y = Dispatch.Unary<ReluOp<float>, ReluOp<double>>("Relu", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ReluBackward(this, y)) : y;
    }

    // tanh' = 1 − y²
    private sealed class TanhBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => GradMode.IsEnabled
            ? [g * (1.0 - Saved(0) * Saved(0))]
            : [Dispatch.Binary<TanhGradOp<float>, TanhGradOp<double>>("TanhBackward", Saved(0), g)];
    }

    // σ' = σ(1 − σ)
    private sealed class SigmoidBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => GradMode.IsEnabled
            ? [g * Saved(0) * (1.0 - Saved(0))]
            : [Dispatch.Binary<SigmoidGradOp<float>, SigmoidGradOp<double>>("SigmoidBackward", Saved(0), g)];
    }

    // relu' = 1 where y > 0 (a constant mask, so the second derivative is 0)
    private sealed class ReluBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            if (!GradMode.IsEnabled) return [Dispatch.Binary<ReluGradOp<float>, ReluGradOp<double>>("ReluBackward", Saved(0), g)];
            Tensor mask;
            using (NoGrad()) mask = Saved(0).Gt(0.0);
            return [g * mask];
        }
    }
}
