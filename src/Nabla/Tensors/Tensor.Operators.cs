namespace Nabla;

// Operators beyond arithmetic: comparisons as masks (x > 0 is x.Gt(0)), ~ as logical not, and numbers standing in
// for tensors (x[mask] = 0). == stays .NET's reference equality; compare values with Eq.
public sealed partial class Tensor
{
    /// <summary>True for a 0-d tensor made from a C# number: like PyTorch's wrapped numbers it does not widen the
    /// dtype of the tensor it meets (a Float32 tensor plus 0.5 stays Float32).</summary>
    internal bool IsWrappedNumber { get; private init; }

    /// <summary>A number where a tensor is expected (<c>x[mask] = 0.5</c>, <c>Where(c, x, 0.0)</c>): a 0-d Float64
    /// tensor that takes the other operand's dtype in binary ops.</summary>
    public static implicit operator Tensor(double value) => Wrapped(value, DType.Float64);

    /// <summary>An integer where a tensor is expected (<c>x[idx] = 0</c>): a 0-d Int64 tensor that takes the other
    /// operand's dtype in binary ops.</summary>
    public static implicit operator Tensor(long value) => Wrapped(value, DType.Int64);

    private static Tensor Wrapped(double value, DType dtype)
    {
        var t = new Tensor(dtype, []) { IsWrappedNumber = true };
        t.FillRaw(value);
        return t;
    }

    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);
    public static Tensor operator >(double a, Tensor b) => b.Lt(a);
    public static Tensor operator <(double a, Tensor b) => b.Gt(a);
    public static Tensor operator >=(double a, Tensor b) => b.Le(a);
    public static Tensor operator <=(double a, Tensor b) => b.Ge(a);

    /// <summary>~mask: 1 − mask for a 0/1 mask (PyTorch's ~ on bool); bitwise not (−x − 1) for Int64.</summary>
    public static Tensor operator ~(Tensor a) => a.DType == DType.Int64 ? a.BitwiseNot() : a.LogicalNot();

    /// <summary>1 where this tensor is zero, else 0, in its floating dtype (Float32 for Int64), like Eq(0).</summary>
    public Tensor LogicalNot() => Eq(0.0);

    /// <summary>~x for Int64 (two's complement: −x − 1).</summary>
    public Tensor BitwiseNot()
    {
        if (DType != DType.Int64)
            throw new ArgumentException($"BitwiseNot: expected an Int64 tensor, got {DType} of shape {ShapeUtil.Format(shape)}; for a 0/1 mask use LogicalNot().");
        return -this - 1L;
    }
}
