using Nabla.Kernels;

namespace Nabla;

// Elementwise functions PyTorch users reach for: sin, cos, expm1, rounding, and compositions with exact derivatives.
public sealed partial class Tensor
{
    public Tensor Sin()
    {
        var y = Dispatch.Unary<SinOp<float>, SinOp<double>>("Sin", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new SinBackward(this)) : y;
    }

    public Tensor Cos()
    {
        var y = Dispatch.Unary<CosOp<float>, CosOp<double>>("Cos", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new CosBackward(this)) : y;
    }

    /// <summary>eˣ − 1, accurate where x is tiny (where Exp() − 1 loses every digit).</summary>
    public Tensor Expm1()
    {
        var y = Dispatch.Unary<Expm1Op<float>, Expm1Op<double>>("Expm1", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new Expm1Backward(this, y)) : y;
    }

    /// <summary>1 / x.</summary>
    public Tensor Reciprocal() => 1.0 / this;

    /// <summary>1 / √x.</summary>
    public Tensor Rsqrt() => Sqrt().Reciprocal();

    public Tensor Log2() => Log() / Math.Log(2);

    public Tensor Log10() => Log() / Math.Log(10);

    // Rounding: piecewise constant, so the gradient is zero (PyTorch's too). Int64 tensors are returned as they are.
    public Tensor Floor() => Rounded<FloorOp<float>, FloorOp<double>>("Floor");

    public Tensor Ceil() => Rounded<CeilOp<float>, CeilOp<double>>("Ceil");

    /// <summary>Rounds half to even (0.5 → 0, 1.5 → 2), as torch.round.</summary>
    public Tensor Round() => Rounded<RoundOp<float>, RoundOp<double>>("Round");

    public Tensor Trunc() => Rounded<TruncOp<float>, TruncOp<double>>("Trunc");

    private Tensor Rounded<TF, TD>(string op) where TF : IUnaryOp<float> where TD : IUnaryOp<double>
    {
        if (DType == DType.Int64) return Clone();
        var y = Dispatch.Unary<TF, TD>(op, this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ZeroBackward(this, op + "Backward0")) : y;
    }

    /// <summary>This tensor with value wherever mask (0/1, broadcast) is nonzero.</summary>
    public Tensor MaskedFill(Tensor mask, double value) => Where(mask, ScalarOf(value), this);

    /// <summary>this + weight·(end − this).</summary>
    public Tensor Lerp(Tensor end, double weight) => this + (end - this) * weight;

    public Tensor Lerp(Tensor end, Tensor weight) => this + weight * (end - this);

    private sealed class SinBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g * Input(0).Cos()]; // d sin x = cos x
    }

    private sealed class CosBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [-(g * Input(0).Sin())]; // d cos x = −sin x
    }

    private sealed class Expm1Backward(Tensor x, Tensor y) : Node([x], [y])
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g * (Saved(0) + 1.0)]; // d (eˣ − 1) = eˣ
    }
}
