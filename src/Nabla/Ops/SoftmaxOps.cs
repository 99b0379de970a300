
namespace Nabla;

// Softmax and LogSoftmax: a fused, max-shifted forward kernel; backward written with Tensor ops (twice differentiable).
public sealed partial class Tensor
{
    public Tensor Softmax(int dim)
    {
        var y = SoftmaxForward("Softmax", dim, log: false);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new SoftmaxBackward(this, y, ShapeUtil.NormalizeDim("Softmax", dim, Rank))) : y;
    }

    public Tensor LogSoftmax(int dim)
    {
        var y = SoftmaxForward("LogSoftmax", dim, log: true);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new LogSoftmaxBackward(this, y, ShapeUtil.NormalizeDim("LogSoftmax", dim, Rank))) : y;
    }

    private Tensor SoftmaxForward(string op, int dim, bool log)
    {
        Dispatch.RequireFloat(op, this);
        int d = ShapeUtil.NormalizeDim(op, dim, Rank); // a 0-d tensor accepts dims −1 and 0, as in PyTorch
        if (Rank == 0) return log ? ZerosLike(this) : OnesLike(this);
        // The kernel works on contiguous last-dim rows: move dim last, run, move it back.
        var moved = d == Rank - 1 ? Detach() : Detach().Transpose(d, -1);
        var src = moved.IsContiguous ? moved : moved.CloneDetached();
        var y = new Tensor(DType, (int[])src.ShapeRef.Clone());
        int length = shape[d];
        int rows = length == 0 ? 0 : Numel / length;
        if (DType == DType.Float32)
        {
            if (log) Kernels.Softmax.LogForward<float>(src.Span<float>(), rows, length, y.Span<float>());
            else Kernels.Softmax.Forward<float>(src.Span<float>(), rows, length, y.Span<float>());
        }
        else
        {
            if (log) Kernels.Softmax.LogForward<double>(src.Span<double>(), rows, length, y.Span<double>());
            else Kernels.Softmax.Forward<double>(src.Span<double>(), rows, length, y.Span<double>());
        }
        return d == Rank - 1 ? y : y.Transpose(d, -1);
    }

    // ∂softmax: x̄ = y ⊙ (ḡ − Σ_dim ḡ ⊙ y)
    private sealed class SoftmaxBackward(Tensor x, Tensor y, int dim) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            var y = Saved(0);
            return [y * (g - (g * y).Sum(dim, keepDim: true))];
        }
    }

    // ∂logsoftmax: x̄ = ḡ − exp(y) ⊙ Σ_dim ḡ
    private sealed class LogSoftmaxBackward(Tensor x, Tensor y, int dim) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g - Saved(0).Exp() * g.Sum(dim, keepDim: true)];
    }
}
