using Nabla.Kernels;

namespace Nabla;

// 2-D pooling over [N, C, H, W] with separable windows (Kernels.PoolAxis). Max pooling is differentiated through the
// positions of its maxima (a scatter-add, whose own derivative is a gather); average pooling is linear, and it and its
// adjoint differentiate into each other, so double backward through a CNN works. Arguments are checked by
// NN.Functional.MaxPool2d / AvgPool2d / AdaptiveAvgPool2d.
public sealed partial class Tensor
{
    /// <summary>Max over each window; indices [N, C, OH, OW] (Int64) hold the flat h·W + w position of each maximum.</summary>
    internal Tensor MaxPool2dCore(PoolAxis rows, PoolAxis cols, out Tensor indices)
    {
        var (y, planes) = PoolOutput(rows, cols);
        indices = new Tensor(DType.Int64, (int[])y.shape.Clone());
        var idx = indices.Span<long>();
        if (DType == DType.Float32) Pool.MaxForward<float>(Dense<float>(this), planes, rows, cols, y.Span<float>(), idx);
        else Pool.MaxForward<double>(Dense<double>(this), planes, rows, cols, y.Span<double>(), idx);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new MaxPool2dBackward(this, indices)) : y;
    }

    /// <summary>Mean over each window, divided by the windows' divisors.</summary>
    internal Tensor AvgPool2dCore(PoolAxis rows, PoolAxis cols)
    {
        var (y, planes) = PoolOutput(rows, cols);
        if (DType == DType.Float32) Pool.AvgForward<float>(Dense<float>(this), planes, rows, cols, y.Span<float>());
        else Pool.AvgForward<double>(Dense<double>(this), planes, rows, cols, y.Span<double>());
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new AvgPool2dBackward(this, rows, cols)) : y;
    }

    /// <summary>The adjoint of AvgPool2dCore: each output's value / divisor spread back over its window → [N, C, H, W].</summary>
    private Tensor AvgPool2dAdjoint(PoolAxis rows, PoolAxis cols)
    {
        var x = new Tensor(DType, [shape[0], shape[1], rows.InSize, cols.InSize]);
        int planes = shape[0] * shape[1];
        if (DType == DType.Float32) Pool.AvgBackward<float>(Dense<float>(this), planes, rows, cols, x.Span<float>());
        else Pool.AvgBackward<double>(Dense<double>(this), planes, rows, cols, x.Span<double>());
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(x, new AvgPool2dAdjointBackward(this, rows, cols)) : x;
    }

    private (Tensor Output, int Planes) PoolOutput(PoolAxis rows, PoolAxis cols) =>
        (new Tensor(DType, [shape[0], shape[1], rows.OutSize, cols.OutSize]), shape[0] * shape[1]);

    // x̄ = ȳ scattered to the maxima's positions (per plane, summing where windows share a maximum).
    private sealed class MaxPool2dBackward(Tensor x, Tensor indices) : Node([x], [indices])
    {
        private readonly int[] inputShape = x.shape;

        public override string Name => "MaxPool2DWithIndicesBackward0";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            int n = inputShape[0], c = inputShape[1];
            if (!CreateGraph) return [Direct(g.Contiguous(), Saved(0))];
            var flatIndex = Saved(0).Reshape(n, c, -1);
            return [g.Reshape(n, c, -1).ScatterAddIntoZeros([n, c, inputShape[2] * inputShape[3]], 2, flatIndex).Reshape(inputShape)];
        }

        /// <summary>The same scatter-add as one kernel pass, for a first-order backward (nothing to record).</summary>
        private Tensor Direct(Tensor g, Tensor indices)
        {
            var dx = new Tensor(g.DType, (int[])inputShape.Clone());
            int planes = inputShape[0] * inputShape[1], inPlane = inputShape[2] * inputShape[3];
            if (g.DType == DType.Float32) Pool.MaxBackward<float>(g.Span<float>(), indices.Span<long>(), planes, inPlane, dx.Span<float>());
            else Pool.MaxBackward<double>(g.Span<double>(), indices.Span<long>(), planes, inPlane, dx.Span<double>());
            return dx;
        }
    }

    private sealed class AvgPool2dBackward(Tensor x, PoolAxis rows, PoolAxis cols) : Node(x)
    {
        public override string Name => "AvgPool2DBackward0";

        protected internal override Tensor?[] Backward(Tensor g) => [g.AvgPool2dAdjoint(rows, cols)];
    }

    private sealed class AvgPool2dAdjointBackward(Tensor g, PoolAxis rows, PoolAxis cols) : Node(g)
    {
        public override string Name => "AvgPool2DBackwardBackward0";

        protected internal override Tensor?[] Backward(Tensor gg) => [gg.AvgPool2dCore(rows, cols)];
    }
}
