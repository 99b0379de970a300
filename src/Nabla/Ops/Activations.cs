using System.Numerics;
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

    /// <summary>x for x &gt; 0, else negativeSlope·x, in one pass (forward and first-order backward).</summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01)
    {
        var slope = Scalar(negativeSlope, DType.IsFloatingPoint() ? DType : DType.Float32);
        var y = Dispatch.Binary<VectorBinaryOp<float, LeakyReluOp<float>>, VectorBinaryOp<double, LeakyReluOp<double>>>("LeakyReLU", this, slope);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new LeakyReluBackward(this, negativeSlope)) : y;
    }

    // leaky_relu' = 1 where x > 0, else the slope (a constant, so the second derivative is 0)
    private sealed class LeakyReluBackward(Tensor x, double slope) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor positive;
            using (NoGrad()) positive = Input(0).Gt(0.0);
            if (CreateGraph) return [g * Where(positive, Scalar(1.0, g.DType), Scalar(slope, g.DType))];
            using (NoGrad())
            {
                var xs = Input(0).To(g.DType).Contiguous();
                var gs = g.Contiguous();
                var dx = new Tensor(g.DType, (int[])g.ShapeRef.Clone());
                if (g.DType == DType.Float32) LeakyReluGrad(xs.Span<float>(), gs.Span<float>(), (float)slope, dx.Span<float>());
                else LeakyReluGrad(xs.Span<double>(), gs.Span<double>(), slope, dx.Span<double>());
                return [dx];
            }
        }

        private static void LeakyReluGrad<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, T slope, Span<T> dx) where T : INumber<T> =>
            VectorDriver.Map<T, LeakyReluGradOp<T>, SpanOperand<T>, SpanOperand<T>, ScalarOperand<T>>(new(x, dx.Length), new(g, dx.Length), new(slope), dx);
    }

    // tanh' = 1 − y²
    private sealed class TanhBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => CreateGraph
            ? [g * (1.0 - Saved(0) * Saved(0))]
            : [Dispatch.Binary<VectorBinaryOp<float, TanhGradOp<float>>, VectorBinaryOp<double, TanhGradOp<double>>>("TanhBackward", Saved(0), g)];
    }

    // σ' = σ(1 − σ)
    private sealed class SigmoidBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => CreateGraph
            ? [g * Saved(0) * (1.0 - Saved(0))]
            : [Dispatch.Binary<VectorBinaryOp<float, SigmoidGradOp<float>>, VectorBinaryOp<double, SigmoidGradOp<double>>>("SigmoidBackward", Saved(0), g)];
    }

    // relu' = 1 where y > 0 (a constant mask, so the second derivative is 0)
    private sealed class ReluBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            if (!CreateGraph) return [Dispatch.Binary<VectorBinaryOp<float, ReluGradOp<float>>, VectorBinaryOp<double, ReluGradOp<double>>>("ReluBackward", Saved(0), g)];
            Tensor mask;
            using (NoGrad()) mask = Saved(0).Gt(0.0);
            return [g * mask];
        }
    }
}
