using System.Numerics;
using Nabla.Kernels;

namespace Nabla;

// Comparisons give 1/0 masks in the inputs' floating dtype (Float32 for Int64 inputs); masks carry no gradient.
public sealed partial class Tensor
{
    public Tensor Eq(Tensor other) => Compare<EqPred<float>, EqPred<double>, EqPred<long>>("Eq", other);
    public Tensor Ne(Tensor other) => Compare<NePred<float>, NePred<double>, NePred<long>>("Ne", other);
    public Tensor Gt(Tensor other) => Compare<GtPred<float>, GtPred<double>, GtPred<long>>("Gt", other);
    public Tensor Ge(Tensor other) => Compare<GePred<float>, GePred<double>, GePred<long>>("Ge", other);
    public Tensor Lt(Tensor other) => Compare<LtPred<float>, LtPred<double>, LtPred<long>>("Lt", other);
    public Tensor Le(Tensor other) => Compare<LePred<float>, LePred<double>, LePred<long>>("Le", other);

    public Tensor Eq(double value) => Eq(ScalarOf(value));
    public Tensor Ne(double value) => Ne(ScalarOf(value));
    public Tensor Gt(double value) => Gt(ScalarOf(value));
    public Tensor Ge(double value) => Ge(ScalarOf(value));
    public Tensor Lt(double value) => Lt(ScalarOf(value));
    public Tensor Le(double value) => Le(ScalarOf(value));

    private Tensor Compare<PF, PD, PL>(string op, Tensor other)
        where PF : IPredicate<float> where PD : IPredicate<double> where PL : IPredicate<long>
    {
        var mask = Dispatch.BinaryNumeric<VectorBinaryOp<float, CompareOp<float, PF>>, VectorBinaryOp<double, CompareOp<double, PD>>,
            VectorBinaryOp<long, CompareOp<long, PL>>>(op, this, other);
        return mask.DType == DType.Int64 ? mask.To(DType.Float32) : mask;
    }

    /// <summary>Elementwise choice: a where condition is non-zero, else b (all three broadcast together).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var dtype = Dispatch.ResultType(a, b);
        var shape = ShapeUtil.Broadcast("Where", ShapeUtil.Broadcast("Where", condition.ShapeRef, a.ShapeRef), b.ShapeRef);
        var y = new Tensor(dtype, shape);
        using (NoGrad())
        {
            // A condition of another dtype becomes a 0/1 mask first (a cast could turn a tiny non-zero into 0).
            var cond = condition.DType == dtype ? condition : condition.Ne(0.0).To(dtype);
            switch (dtype)
            {
                case DType.Float32: Select<float>(cond, a, b, y); break;
                case DType.Float64: Select<double>(cond, a, b, y); break;
                default: Select<long>(cond, a, b, y); break;
            }
        }
        return Dispatch.NeedsGrad(a, b) ? Dispatch.Record(y, new WhereBackward(condition, a, b)) : y;
    }

    private static void Select<T>(Tensor cond, Tensor a, Tensor b, Tensor y) where T : unmanaged, INumber<T>
    {
        var dst = y.Span<T>();
        WhereKernel.Run<T>(WhereOperand<T>(cond, y), WhereOperand<T>(a, y), WhereOperand<T>(b, y), dst);
    }

    /// <summary>
    /// The operand as the kernel reads it, without a copy when it is one value (broadcast by the kernel) or a contiguous
    /// tensor of the output's size (then of its shape, up to leading 1s); any other broadcast is materialised once.
    /// </summary>
    private static ReadOnlySpan<T> WhereOperand<T>(Tensor t, Tensor output) where T : unmanaged
    {
        if (t.DType != output.DType) t = t.To(output.DType);
        if (t.Numel == 1) return t.Data<T>().AsSpan(t.Offset, 1);
        if (t.IsContiguous && t.Numel == output.Numel) return t.Span<T>();
        return t.Expand(output.ShapeRef).CloneDetached().Span<T>();
    }

    private sealed class WhereBackward(Tensor condition, Tensor a, Tensor b) : Node([a, b], [condition])
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            var zero = Scalar(0, g.DType);   // broadcast by the kernel: no zero-filled tensor
            var condition = Saved(0);
            return [NeedsGrad(0) ? Where(condition, g, zero) : null, NeedsGrad(1) ? Where(condition, zero, g) : null];
        }
    }
}
