using Nabla.Kernels;

namespace Nabla;

// Special functions that activations and losses are built from: erf (exact GELU) and log1p (softplus).
public sealed partial class Tensor
{
    /// <summary>The error function erf(x) = 2/√π ∫₀ˣ e^{−t²} dt (W. J. Cody's rational approximation).</summary>
    public Tensor Erf()
    {
        var y = Dispatch.Unary<ErfOp<float>, ErfOp<double>>("Erf", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new ErfBackward(this)) : y;
    }

    /// <summary>ln(1 + x), accurate where x is tiny (where Log(1 + x) loses every digit).</summary>
    public Tensor Log1p()
    {
        var y = Dispatch.Unary<Log1pOp<float>, Log1pOp<double>>("Log1p", this);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new Log1pBackward(this)) : y;
    }

    // d erf(x) = 2/√π · e^{−x²}
    private sealed class ErfBackward(Tensor x) : Node(x)
    {
        private const double TwoOverSqrtPi = 1.1283791670955125739;

        protected internal override Tensor?[] Backward(Tensor g) => [g * ((-(Input(0) * Input(0))).Exp() * TwoOverSqrtPi)];
    }

    // d ln(1 + x) = 1 / (1 + x)
    private sealed class Log1pBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g / (Input(0) + 1.0)];
    }
}
