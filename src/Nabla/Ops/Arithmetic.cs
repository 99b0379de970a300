using Nabla.Kernels;

namespace Nabla;

// + − × ÷ and powers. Each backward is written with Tensor ops; the engine sums broadcast gradients back to shape.
public sealed partial class Tensor
{
    /// <summary>Disables gradient recording on this thread until disposed (scopes nest).</summary>
    public static IDisposable NoGrad() => GradMode.Set(false);

    /// <summary>Re-enables recording inside a NoGrad scope, until disposed.</summary>
    public static IDisposable EnableGrad() => GradMode.Set(true);

    public Tensor Add(Tensor other)
    {
        var y = Dispatch.BinaryNumeric<AddOp<float>, AddOp<double>, AddOp<long>>("Add", this, other);
        return Dispatch.NeedsGrad(this, other) ? Dispatch.Record(y, new AddBackward(this, other)) : y;
    }

    public Tensor Sub(Tensor other)
    {
        var y = Dispatch.BinaryNumeric<SubOp<float>, SubOp<double>, SubOp<long>>("Sub", this, other);
        return Dispatch.NeedsGrad(this, other) ? Dispatch.Record(y, new SubBackward(this, other)) : y;
    }

    public Tensor Mul(Tensor other)
    {
        var y = Dispatch.BinaryNumeric<MulOp<float>, MulOp<double>, MulOp<long>>("Mul", this, other);
        return Dispatch.NeedsGrad(this, other) ? Dispatch.Record(y, new MulBackward(this, other)) : y;
    }

    public Tensor Div(Tensor other)
    {
        var y = Dispatch.Binary<DivOp<float>, DivOp<double>>("Div", this, other);
        return Dispatch.NeedsGrad(this, other) ? Dispatch.Record(y, new DivBackward(this, other)) : y;
    }

    public Tensor Neg()
    {
        if (!DType.IsFloatingPoint()) return Scalar(0, DType).Sub(this);
        var y = Dispatch.Unary<NegOp<float>, NegOp<double>>("Neg", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new NegBackward(this)) : y;
    }

    /// <summary>x^p elementwise for a constant exponent.</summary>
    public Tensor Pow(double exponent)
    {
        Dispatch.RequireFloat("Pow", this);
        var y = Dispatch.Binary<PowOp<float>, PowOp<double>>("Pow", this, Scalar(exponent, DType));
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new PowScalarBackward(this, exponent)) : y;
    }

    /// <summary>a^b elementwise, both tensors (broadcast).</summary>
    public Tensor Pow(Tensor exponent)
    {
        var y = Dispatch.Binary<PowOp<float>, PowOp<double>>("Pow", this, exponent);
        return Dispatch.NeedsGrad(this, exponent) ? Dispatch.Record(y, new PowBackward(this, exponent, y)) : y;
    }

    public Tensor Square() => Pow(2);

    private Tensor ScalarLike(double value) => Scalar(value, DType.IsFloatingPoint() ? DType : DType.Float32);

    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, double b) => a.Add(a.ScalarOf(b));
    public static Tensor operator +(double a, Tensor b) => b.ScalarOf(a).Add(b);
    public static Tensor operator -(Tensor a, double b) => a.Sub(a.ScalarOf(b));
    public static Tensor operator -(double a, Tensor b) => b.ScalarOf(a).Sub(b);
    public static Tensor operator *(Tensor a, double b) => a.Mul(a.ScalarOf(b));
    public static Tensor operator *(double a, Tensor b) => b.ScalarOf(a).Mul(b);
    public static Tensor operator /(Tensor a, double b) => a.Div(a.ScalarLike(b));
    public static Tensor operator /(double a, Tensor b) => b.ScalarLike(a).Div(b);

    /// <summary>A 0-d constant of this tensor's dtype; a fractional value promotes an Int64 tensor to Float32.</summary>
    private Tensor ScalarOf(double value) =>
        DType == DType.Int64 && value != Math.Floor(value) ? Scalar(value, DType.Float32) : Scalar(value, DType);

    private sealed class AddBackward(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g, g];
    }

    private sealed class SubBackward(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g, NeedsGrad(1) ? -g : null];
    }

    // ∂(ab)/∂a = b, ∂(ab)/∂b = a
    private sealed class MulBackward(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g) =>
            [NeedsGrad(0) ? g * Input(1) : null, NeedsGrad(1) ? g * Input(0) : null];
    }

    // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
    private sealed class DivBackward(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g) =>
            [NeedsGrad(0) ? g / Input(1) : null, NeedsGrad(1) ? -g * Input(0) / (Input(1) * Input(1)) : null];
    }

    private sealed class NegBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [-g];
    }

    // d(x^p)/dx = p·x^(p−1)
    private sealed class PowScalarBackward(Tensor x, double p) : Node(x)
    {
        public override string Name => "PowBackward0";

        protected internal override Tensor?[] Backward(Tensor g) =>
            [p == 0 ? g * 0.0 : p == 1 ? g : p == 2 ? g * Input(0) * 2.0 : g * p * Input(0).Pow(p - 1)];
    }

    // ∂(a^b)/∂a = b·a^(b−1); ∂(a^b)/∂b = a^b·ln a (taken as 0 where a = 0 and b ≥ 0, as PyTorch does)
    private sealed class PowBackward(Tensor a, Tensor b, Tensor y) : Node([a, b], [y])
    {
        public override string Name => "PowBackward1";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor a = Input(0), b = Input(1);
            Tensor? ga = NeedsGrad(0) ? g * b * a.Pow(b - 1.0) : null;
            Tensor? gb = null;
            if (NeedsGrad(1))
            {
                var safeLog = Where(a.Eq(0.0).Mul(b.Ge(0.0)), ZerosLike(a), a.Log());
                gb = g * Saved(0) * safeLog;
            }
            return [ga, gb];
        }
    }
}
