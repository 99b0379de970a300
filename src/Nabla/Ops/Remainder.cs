using Nabla.Kernels;

namespace Nabla;

// Remainders: torch.remainder (Python's %, the divisor's sign; C#'s % operator on tensors) and torch.fmod (C's fmod,
// the dividend's sign). Both broadcast and work on Int64, where a zero divisor is an error as in PyTorch.
public sealed partial class Tensor
{
    /// <summary>a − floor(a / b)·b elementwise: the result has the sign of the divisor (PyTorch's remainder, x % y).</summary>
    public Tensor Remainder(Tensor other)
    {
        CheckIntegerDivisor("Remainder", other);
        var y = Dispatch.BinaryNumeric<ElementLoop<float, RemainderOp<float>>, ElementLoop<double, RemainderOp<double>>, ElementLoop<long, RemainderOp<long>>>(
            "Remainder", this, other);
        return Dispatch.NeedsGrad(this, other) ? Dispatch.Record(y, new RemainderBackward(this, other, floor: true)) : y;
    }

    public Tensor Remainder(double other) => Remainder(ScalarOf(other));

    /// <summary>a − trunc(a / b)·b elementwise: the result has the sign of the dividend (PyTorch's fmod).</summary>
    public Tensor Fmod(Tensor other)
    {
        CheckIntegerDivisor("Fmod", other);
        var y = Dispatch.BinaryNumeric<ElementLoop<float, FmodOp<float>>, ElementLoop<double, FmodOp<double>>, ElementLoop<long, FmodOp<long>>>(
            "Fmod", this, other);
        return Dispatch.NeedsGrad(this, other) ? Dispatch.Record(y, new RemainderBackward(this, other, floor: false)) : y;
    }

    public Tensor Fmod(double other) => Fmod(ScalarOf(other));

    public static Tensor operator %(Tensor a, Tensor b) => a.Remainder(b);
    public static Tensor operator %(Tensor a, double b) => a.Remainder(b);
    public static Tensor operator %(double a, Tensor b) => b.ScalarOf(a).Remainder(b);

    private void CheckIntegerDivisor(string op, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (DType == DType.Int64 && other.DType == DType.Int64 && other.Numel > 0 && other.ToArray<long>().Contains(0))
            throw new ArgumentException($"{op}: integer division by zero (divisor of shape {ShapeUtil.Format(other.shape)} holds a 0).");
    }

    // ∂/∂a = 1; ∂/∂b = −floor(a / b) for remainder, −trunc(a / b) for fmod (the quotient is piecewise constant).
    private sealed class RemainderBackward(Tensor a, Tensor b, bool floor) : Node(a, b)
    {
        public override string Name => floor ? "RemainderBackward0" : "FmodBackward0";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            if (!NeedsGrad(1)) return [g, null];
            Tensor quotient;
            using (NoGrad())
                quotient = floor
                    ? Dispatch.Binary<ElementLoop<float, FloorDivideOp<float>>, ElementLoop<double, FloorDivideOp<double>>>("Remainder", Input(0), Input(1))
                    : Dispatch.Binary<ElementLoop<float, TruncDivideOp<float>>, ElementLoop<double, TruncDivideOp<double>>>("Fmod", Input(0), Input(1));
            return [g, -g * quotient];
        }
    }
}
