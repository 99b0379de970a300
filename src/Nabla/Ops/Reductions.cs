using Nabla.Kernels;

namespace Nabla;

// Reductions over one or more dims (null or empty = all), with keepDim. Backward expands the gradient back.
public sealed partial class Tensor
{
    public Tensor Sum() => Sum(null);

    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    public Tensor Sum(int[]? dims, bool keepDim = false)
    {
        var plan = ReductionPlan.Create("Sum", this, dims);
        var y = plan.Run<SumReduce<float>, SumReduce<double>, SumReduce<long>>(this, keepDim, emptyValue: 0);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new SumBackward(this, plan.KeptShape)) : y;
    }

    public Tensor Mean() => Mean(null);

    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    public Tensor Mean(int[]? dims, bool keepDim = false)
    {
        Dispatch.RequireFloat("Mean", this);
        var plan = ReductionPlan.Create("Mean", this, dims);
        return Sum(dims, keepDim) / (double)plan.Length;
    }

    public Tensor Max() => Max(null);

    public Tensor Max(int dim, bool keepDim = false) => Max([dim], keepDim);

    /// <summary>Largest value over dims; the gradient is shared equally among tied maxima.</summary>
    public Tensor Max(int[]? dims, bool keepDim = false) => Extreme("Max", dims, keepDim, max: true);

    public Tensor Min() => Min(null);

    public Tensor Min(int dim, bool keepDim = false) => Min([dim], keepDim);

    public Tensor Min(int[]? dims, bool keepDim = false) => Extreme("Min", dims, keepDim, max: false);

    private Tensor Extreme(string op, int[]? dims, bool keepDim, bool max)
    {
        var plan = ReductionPlan.Create(op, this, dims);
        if (plan.Length == 0) throw new ArgumentException($"{op}: cannot reduce over an empty dim of shape {ShapeUtil.Format(shape)}.");
        var y = max
            ? plan.Run<MaxReduce<float>, MaxReduce<double>, MaxReduce<long>>(this, keepDim, 0)
            : plan.Run<MinReduce<float>, MinReduce<double>, MinReduce<long>>(this, keepDim, 0);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ExtremeBackward(this, y, plan.KeptShape, plan.Dims, max)) : y;
    }

    /// <summary>Index of the largest value along dim (over all elements, flattened, when dim is null). Int64.</summary>
    public Tensor ArgMax(int? dim = null, bool keepDim = false) => ArgExtreme("ArgMax", dim, keepDim, max: true);

    public Tensor ArgMin(int? dim = null, bool keepDim = false) => ArgExtreme("ArgMin", dim, keepDim, max: false);

    private Tensor ArgExtreme(string op, int? dim, bool keepDim, bool max)
    {
        var source = dim is null ? Reshape(-1) : this;
        var plan = ReductionPlan.Create(op, source, dim is null ? null : [dim.Value]);
        if (plan.Length == 0) throw new ArgumentException($"{op}: cannot reduce over an empty dim of shape {ShapeUtil.Format(shape)}.");
        var result = new Tensor(DType.Int64, plan.KeptShape);
        var x = plan.Prepare(source);
        switch (DType)
        {
            case DType.Float32: Reduce.ArgExtreme<float>(x.Span<float>(), plan.Outer, plan.Length, plan.Inner, result.Span<long>(), max); break;
            case DType.Float64: Reduce.ArgExtreme<double>(x.Span<double>(), plan.Outer, plan.Length, plan.Inner, result.Span<long>(), max); break;
            default: Reduce.ArgExtreme<long>(x.Span<long>(), plan.Outer, plan.Length, plan.Inner, result.Span<long>(), max); break;
        }
        if (keepDim) return dim is null ? result.Reshape(Enumerable.Repeat(1, Rank).ToArray()) : result;
        return result.Reshape(plan.ReducedShape);
    }

    /// <summary>Variance with Bessel's correction by default: Σ(x − mean)² / (N − correction).</summary>
    public Tensor Var(int[]? dims = null, int correction = 1, bool keepDim = false)
    {
        Dispatch.RequireFloat("Var", this);
        var plan = ReductionPlan.Create("Var", this, dims);
        var centered = this - Mean(dims, keepDim: true);
        return (centered * centered).Sum(dims, keepDim) / Math.Max(plan.Length - correction, 0);
    }

    public Tensor Std(int[]? dims = null, int correction = 1, bool keepDim = false)
    {
        Dispatch.RequireFloat("Std", this);
        ReductionPlan.Create("Std", this, dims);
        return Var(dims, correction, keepDim).Sqrt();
    }

    /// <summary>log Σ exp(x) over dims, computed as m + log Σ exp(x − m) with m the maximum, so it never overflows.</summary>
    public Tensor LogSumExp(int[] dims, bool keepDim = false)
    {
        Dispatch.RequireFloat("LogSumExp", this);
        var plan = ReductionPlan.Create("LogSumExp", this, dims);
        if (plan.Length == 0) return Sum(dims, keepDim) + double.NegativeInfinity; // log Σ over no terms = log 0, as PyTorch
        Tensor shift;
        using (NoGrad())
        {
            shift = Max(dims, keepDim: true);
            shift = Where(shift.Abs().Eq(double.PositiveInfinity), ZerosLike(shift), shift);
        }
        var result = (this - shift).Exp().Sum(dims, keepDim: true).Log() + shift;
        return keepDim ? result : result.Reshape(plan.ReducedShape);
    }

    public Tensor LogSumExp(int dim, bool keepDim = false) => LogSumExp([dim], keepDim);

    private sealed class SumBackward(Tensor x, int[] keptShape) : Node(x)
    {
        private readonly int[] inputShape = x.shape;
        protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(keptShape).Expand(inputShape)];
    }

    private sealed class ExtremeBackward(Tensor x, Tensor y, int[] keptShape, int[] dims, bool max) : Node([x], [y])
    {
        public override string Name => max ? "MaxBackward1" : "MinBackward1";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor share;
            using (NoGrad())
            {
                var hits = Input(0).Eq(Saved(0).Reshape(keptShape));
                share = hits / hits.Sum(dims, keepDim: true);
            }
            return [g.Reshape(keptShape) * share];
        }
    }
}
