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

    /// <summary>The largest element (0-d); the gradient is shared equally among tied maxima (among the NaNs when
    /// the result is NaN), as torch.max() does.</summary>
    public Tensor Max() => Extreme("Max", null, keepDim: false, max: true, "MaxBackward1", evenAmongNaN: true);

    /// <summary>The largest element along dim and the index of its first occurrence (NaN counts as the largest), as
    /// torch.max(x, dim): <c>var (values, indices) = x.Max(1);</c>. The gradient goes to that index only.</summary>
    public ValuesAndIndices Max(int dim, bool keepDim = false) => ExtremeAlong("Max", dim, keepDim, max: true);

    /// <summary>Elementwise maximum with other (broadcast), as torch.max(x, other); same as <see cref="Maximum"/>.</summary>
    public Tensor Max(Tensor other) => Maximum(this, other);

    public Tensor Min() => Extreme("Min", null, keepDim: false, max: false, "MinBackward1", evenAmongNaN: true);

    public ValuesAndIndices Min(int dim, bool keepDim = false) => ExtremeAlong("Min", dim, keepDim, max: false);

    public Tensor Min(Tensor other) => Minimum(this, other);

    /// <summary>Largest value over dims (null or empty = all), as torch.amax; tied maxima share the gradient equally.</summary>
    public Tensor Amax(int[]? dims = null, bool keepDim = false) => Extreme("Amax", dims, keepDim, max: true, "AmaxBackward0", evenAmongNaN: false);

    public Tensor Amax(int dim, bool keepDim = false) => Amax([dim], keepDim);

    public Tensor Amin(int[]? dims = null, bool keepDim = false) => Extreme("Amin", dims, keepDim, max: false, "AminBackward0", evenAmongNaN: false);

    public Tensor Amin(int dim, bool keepDim = false) => Amin([dim], keepDim);

    private Tensor Extreme(string op, int[]? dims, bool keepDim, bool max, string nodeName, bool evenAmongNaN)
    {
        var plan = ReductionPlan.Create(op, this, dims);
        if (plan.Length == 0) throw new ArgumentException($"{op}: cannot reduce over an empty dim of shape {ShapeUtil.Format(shape)}.");
        var y = max
            ? plan.Run<MaxReduce<float>, MaxReduce<double>, MaxReduce<long>>(this, keepDim, 0)
            : plan.Run<MinReduce<float>, MinReduce<double>, MinReduce<long>>(this, keepDim, 0);
        return Dispatch.NeedsGrad(this)
            ? Dispatch.Record(y, new TiesBackward(this, y, plan.KeptShape, plan.Dims, nodeName, evenAmongNaN))
            : y;
    }

    private ValuesAndIndices ExtremeAlong(string op, int dim, bool keepDim, bool max)
    {
        int d = ShapeUtil.NormalizeDim(op, dim, Rank);
        var indices = ArgExtreme(op, d, keepDim: true, max);
        Tensor values;
        using (NoGrad()) values = Detach().Gather(d, indices);
        return Picked(max ? "MaxBackward0" : "MinBackward0", d, values, indices, keepDim ? null : ReducedShape(d));
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

    public Tensor Var(int dim, int correction = 1, bool keepDim = false) => Var([dim], correction, keepDim);

    public Tensor Std(int[]? dims = null, int correction = 1, bool keepDim = false)
    {
        Dispatch.RequireFloat("Std", this);
        ReductionPlan.Create("Std", this, dims);
        return Var(dims, correction, keepDim).Sqrt();
    }

    public Tensor Std(int dim, int correction = 1, bool keepDim = false) => Std([dim], correction, keepDim);

    /// <summary>Variance and mean over dims in one call, as torch.var_mean.</summary>
    public (Tensor Var, Tensor Mean) VarMean(int[]? dims = null, int correction = 1, bool keepDim = false) =>
        (Var(dims, correction, keepDim), Mean(dims, keepDim));

    public (Tensor Var, Tensor Mean) VarMean(int dim, int correction = 1, bool keepDim = false) => VarMean([dim], correction, keepDim);

    /// <summary>Standard deviation and mean over dims in one call, as torch.std_mean.</summary>
    public (Tensor Std, Tensor Mean) StdMean(int[]? dims = null, int correction = 1, bool keepDim = false) =>
        (Std(dims, correction, keepDim), Mean(dims, keepDim));

    public (Tensor Std, Tensor Mean) StdMean(int dim, int correction = 1, bool keepDim = false) => StdMean([dim], correction, keepDim);

    /// <summary>log Σ exp(x) over dims, computed as m + log Σ exp(x − m) with m the maximum, so it never overflows.</summary>
    public Tensor LogSumExp(int[] dims, bool keepDim = false)
    {
        Dispatch.RequireFloat("LogSumExp", this);
        var plan = ReductionPlan.Create("LogSumExp", this, dims);
        if (plan.Length == 0) return Sum(dims, keepDim) + double.NegativeInfinity; // log Σ over no terms = log 0, as PyTorch
        Tensor shift;
        using (NoGrad())
        {
            shift = Amax(dims, keepDim: true);
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

    /// <summary>
    /// Backward of reductions that pick a value (max, min, median over dims): the gradient is shared equally among
    /// the elements equal to the result. evenAmongNaN: a NaN result shares it among the NaNs (torch's
    /// evenly_distribute_backward, used by max(), min() and median()).
    /// </summary>
    private sealed class TiesBackward(Tensor x, Tensor y, int[] keptShape, int[]? dims, string name, bool evenAmongNaN) : Node([x], [y])
    {
        public override string Name => name;

        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor share;
            using (NoGrad())
            {
                Tensor x = Input(0), y = Saved(0).Reshape(keptShape);
                var hits = x.Eq(y);
                if (evenAmongNaN) hits = hits + x.Ne(x) * y.Ne(y);
                share = hits / hits.Sum(dims, keepDim: true);
            }
            return [g.Reshape(keptShape) * share];
        }
    }
}
