using Nabla.Kernels;

namespace Nabla;

// Elementwise math functions, each with its derivative right below it.
public sealed partial class Tensor
{
    public Tensor Exp()
    {
        var y = Dispatch.Unary<ExpOp<float>, ExpOp<double>>("Exp", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ExpBackward(this, y)) : y;
    }

    public Tensor Log()
    {
        var y = Dispatch.Unary<LogOp<float>, LogOp<double>>("Log", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new LogBackward(this)) : y;
    }

    public Tensor Sqrt()
    {
        var y = Dispatch.Unary<SqrtOp<float>, SqrtOp<double>>("Sqrt", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new SqrtBackward(this, y)) : y;
    }

    public Tensor Abs()
    {
        if (!DType.IsFloatingPoint()) return Where(Lt(0.0), Neg(), this).To(DType);
        var y = Dispatch.Unary<AbsOp<float>, AbsOp<double>>("Abs", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new AbsBackward(this)) : y;
    }

    /// <summary>−1, 0 or +1; its gradient is zero everywhere.</summary>
    public Tensor Sign()
    {
        var y = Dispatch.Unary<SignOp<float>, SignOp<double>>("Sign", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ZeroBackward(this, "SignBackward0")) : y;
    }

    /// <summary>Limits values to [min, max] (either bound may be omitted); the gradient passes where min ≤ x ≤ max.</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        Dispatch.RequireFloat("Clamp", this);
        if (min is null && max is null) throw new ArgumentException("Clamp: at least one of min and max must be given.");
        Tensor y;
        using (NoGrad())
        {
            y = this;
            if (min is { } lo) y = Dispatch.Binary<MaximumOp<float>, MaximumOp<double>>("Clamp", y, Scalar(lo, DType));
            if (max is { } hi) y = Dispatch.Binary<MinimumOp<float>, MinimumOp<double>>("Clamp", y, Scalar(hi, DType));
            if (ReferenceEquals(y, this)) y = CloneDetached();
        }
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ClampBackward(this, min, max)) : y;
    }

    /// <summary>Elementwise maximum of two tensors (broadcast); ties share the gradient equally, as in PyTorch.</summary>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var y = Dispatch.BinaryNumeric<MaximumOp<float>, MaximumOp<double>, MaximumOp<long>>("Maximum", a, b);
        return Dispatch.NeedsGrad(a, b) ? Dispatch.Record(y, new MaxMinBackward(a, b, isMax: true)) : y;
    }

    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var y = Dispatch.BinaryNumeric<MinimumOp<float>, MinimumOp<double>, MinimumOp<long>>("Minimum", a, b);
        return Dispatch.NeedsGrad(a, b) ? Dispatch.Record(y, new MaxMinBackward(a, b, isMax: false)) : y;
    }

    private sealed class ExpBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g * Saved(0)]; // d eˣ = eˣ
    }

    private sealed class LogBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g / Input(0)]; // d ln x = 1/x
    }

    private sealed class SqrtBackward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g / (Saved(0) * 2.0)]; // d √x = 1 / (2√x)
    }

    private sealed class AbsBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g * Input(0).Sign()]; // d|x| = sign(x)
    }

    private sealed class ZeroBackward(Tensor x, string name) : Node(x)
    {
        public override string Name => name;
        protected internal override Tensor?[] Backward(Tensor g) => [ZerosLike(g)];
    }

    private sealed class ClampBackward(Tensor x, double? min, double? max) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor pass, x = Input(0);
            using (NoGrad())
            {
                pass = min is { } lo ? x.Ge(lo) : OnesLike(x);
                if (max is { } hi) pass = pass * x.Le(hi);
            }
            return [g * pass];
        }
    }

    // max(a, b): the gradient goes to the larger input (min: the smaller), half to each on a tie.
    private sealed class MaxMinBackward(Tensor a, Tensor b, bool isMax) : Node(a, b)
    {
        public override string Name => isMax ? "MaximumBackward0" : "MinimumBackward0";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor shareOfA, a = Input(0), b = Input(1);
            using (NoGrad()) shareOfA = (isMax ? a.Gt(b) : a.Lt(b)) + a.Eq(b) * 0.5;
            var ga = g * shareOfA;
            return [ga, NeedsGrad(1) ? g - ga : null];
        }
    }
}
