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
        var mask = Dispatch.BinaryNumeric<CompareOp<float, PF>, CompareOp<double, PD>, CompareOp<long, PL>>(op, this, other);
        return mask.DType == DType.Int64 ? mask.To(DType.Float32) : mask;
    }

    /// <summary>Elementwise choice: a where condition is non-zero, else b (all three broadcast together).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var dtype = Dispatch.ResultType(a, b);
        var shape = ShapeUtil.Broadcast("Where", ShapeUtil.Broadcast("Where", condition.ShapeRef, a.ShapeRef), b.ShapeRef);
        Tensor y;
        using (NoGrad())
        {
            var cond = condition.Ne(0.0).Float().Expand(shape).CloneDetached();
            var va = a.To(dtype).Expand(shape).CloneDetached();
            var vb = b.To(dtype).Expand(shape).CloneDetached();
            y = dtype switch
            {
                DType.Float32 => Select<float>(cond, va, vb),
                DType.Float64 => Select<double>(cond, va, vb),
                _ => Select<long>(cond, va, vb),
            };
        }
        return Dispatch.NeedsGrad(a, b) ? Dispatch.Record(y, new WhereBackward(condition, a, b)) : y;
    }

    private static Tensor Select<T>(Tensor condMask, Tensor a, Tensor b) where T : unmanaged
    {
        var cond = condMask.Span<float>();
        var result = new Tensor(a.DType, (int[])a.ShapeRef.Clone());
        var dst = result.Span<T>();
        var sa = a.Span<T>();
        var sb = b.Span<T>();
        for (int i = 0; i < dst.Length; i++) dst[i] = cond[i] != 0 ? sa[i] : sb[i];
        return result;
    }

    private sealed class WhereBackward(Tensor condition, Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            var zero = ZerosLike(g);
            return [NeedsGrad(0) ? Where(condition, g, zero) : null, NeedsGrad(1) ? Where(condition, zero, g) : null];
        }
    }
}
