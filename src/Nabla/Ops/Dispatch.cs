using Nabla.Kernels;

namespace Nabla;

/// <summary>Turns a dtype into a kernel's type argument, and records nodes when autograd is on.</summary>
internal static class Dispatch
{
    /// <summary>True when an op on these inputs must record a node.</summary>
    public static bool NeedsGrad(Tensor a) => a.RequiresGrad && GradMode.IsEnabled;

    public static bool NeedsGrad(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && GradMode.IsEnabled;

    public static bool NeedsGrad(ReadOnlySpan<Tensor> ts)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (var t in ts) if (t.RequiresGrad) return true;
        return false;
    }

    /// <summary>Attaches node as output's grad_fn and returns output.</summary>
    public static Tensor Record(Tensor output, Node node)
    {
        output.SetRequiresGradFromOp(node);
        return output;
    }

    public static void RequireFloat(string op, Tensor t)
    {
        if (!t.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected a floating-point tensor, got {t.DType} of shape {ShapeUtil.Format(t.ShapeRef)}.");
    }

    /// <summary>Applies a unary span kernel to a floating-point tensor, giving a new contiguous tensor.</summary>
    public static Tensor Unary<TF, TD>(string op, Tensor x) where TF : IUnaryOp<float> where TD : IUnaryOp<double>
    {
        RequireFloat(op, x);
        var y = new Tensor(x.DType, (int[])x.ShapeRef.Clone());
        if (x.DType == DType.Float32) UnaryTyped<float, TF>(x, y);
        else UnaryTyped<double, TD>(x, y);
        return y;
    }

    private static void UnaryTyped<T, TOp>(Tensor x, Tensor y) where T : unmanaged where TOp : IUnaryOp<T>
    {
        var dst = y.Span<T>();
        if (x.IsContiguous) TOp.Apply(x.Span<T>(), dst);
        else
        {
            Elementwise.Copy<T>(x.ShapeRef, x.Data<T>(), x.Offset, x.strides, dst);
            TOp.Apply(dst, dst);
        }
    }

    /// <summary>Broadcasting binary op over floating-point tensors (Int64 inputs are promoted to Float32).</summary>
    public static Tensor Binary<TF, TD>(string op, Tensor a, Tensor b) where TF : IBinaryOp<float> where TD : IBinaryOp<double>
    {
        var dtype = ResultType(a, b);
        if (dtype == DType.Int64) dtype = DType.Float32;
        return BinaryIn<TF, TD, NoInt64Op>(op, a, b, dtype);
    }

    /// <summary>Broadcasting binary op that also works on Int64 tensors (add, sub, mul, comparisons, max/min).</summary>
    public static Tensor BinaryNumeric<TF, TD, TL>(string op, Tensor a, Tensor b)
        where TF : IBinaryOp<float> where TD : IBinaryOp<double> where TL : IBinaryOp<long> =>
        BinaryIn<TF, TD, TL>(op, a, b, ResultType(a, b));

    /// <summary>The dtype of a binary op's result: the promoted dtype, except that a C# number
    /// (<see cref="Tensor.IsWrappedNumber"/>) takes the tensor's dtype, a fractional one with Int64 giving Float32.</summary>
    public static DType ResultType(Tensor a, Tensor b)
    {
        if (a.IsWrappedNumber == b.IsWrappedNumber) return DTypeExtensions.Promote(a.DType, b.DType);
        var (number, tensor) = a.IsWrappedNumber ? (a, b) : (b, a);
        return tensor.DType.IsFloatingPoint() || number.DType == DType.Int64 ? tensor.DType : DType.Float32;
    }

    private static Tensor BinaryIn<TF, TD, TL>(string op, Tensor a, Tensor b, DType dtype)
        where TF : IBinaryOp<float> where TD : IBinaryOp<double> where TL : IBinaryOp<long>
    {
        if (a.DType != dtype) a = a.To(dtype);
        if (b.DType != dtype) b = b.To(dtype);
        if (TryContiguous<TF, TD, TL>(a, b, dtype) is { } quick) return quick;
        var shape = ShapeUtil.Broadcast(op, a.ShapeRef, b.ShapeRef);
        var y = new Tensor(dtype, shape);
        var sa = ShapeUtil.BroadcastStrides(a.ShapeRef, a.strides, shape);
        var sb = ShapeUtil.BroadcastStrides(b.ShapeRef, b.strides, shape);
        switch (dtype)
        {
            case DType.Float32: Elementwise.Binary<float, TF>(shape, a.Data<float>(), a.Offset, sa, b.Data<float>(), b.Offset, sb, y.Span<float>()); break;
            case DType.Float64: Elementwise.Binary<double, TD>(shape, a.Data<double>(), a.Offset, sa, b.Data<double>(), b.Offset, sb, y.Span<double>()); break;
            default: Elementwise.Binary<long, TL>(shape, a.Data<long>(), a.Offset, sa, b.Data<long>(), b.Offset, sb, y.Span<long>()); break;
        }
        return y;
    }

    /// <summary>The common cases without stride bookkeeping: equal contiguous shapes, or a contiguous tensor and a scalar.</summary>
    private static Tensor? TryContiguous<TF, TD, TL>(Tensor a, Tensor b, DType dtype)
        where TF : IBinaryOp<float> where TD : IBinaryOp<double> where TL : IBinaryOp<long>
    {
        if (!a.IsContiguous || !b.IsContiguous) return null;
        bool same = ShapeUtil.SameShape(a.ShapeRef, b.ShapeRef);
        bool scalarB = !same && b.Numel == 1 && b.Rank <= a.Rank;
        bool scalarA = !same && !scalarB && a.Numel == 1 && a.Rank <= b.Rank;
        if (!same && !scalarA && !scalarB) return null;
        var y = new Tensor(dtype, (int[])(scalarA ? b : a).ShapeRef.Clone());
        switch (dtype)
        {
            case DType.Float32: Apply<float, TF>(a, b, y, scalarA, scalarB); break;
            case DType.Float64: Apply<double, TD>(a, b, y, scalarA, scalarB); break;
            default: Apply<long, TL>(a, b, y, scalarA, scalarB); break;
        }
        return y;
    }

    private static void Apply<T, TOp>(Tensor a, Tensor b, Tensor y, bool scalarA, bool scalarB) where T : unmanaged where TOp : IBinaryOp<T>
    {
        var dst = y.Span<T>();
        if (dst.Length == 0) return;
        if (scalarB) TOp.Apply(a.Span<T>(), b.Span<T>()[0], dst);
        else if (scalarA) TOp.Apply(a.Span<T>()[0], b.Span<T>(), dst);
        else TOp.Apply(a.Span<T>(), b.Span<T>(), dst);
    }

    /// <summary>Stands in for ops that have no Int64 kernel; never called because such inputs are promoted first.</summary>
    private readonly struct NoInt64Op : IBinaryOp<long>
    {
        public static long Apply(long a, long b) => throw new System.Diagnostics.UnreachableException();
        public static void Apply(ReadOnlySpan<long> a, ReadOnlySpan<long> b, Span<long> d) => throw new System.Diagnostics.UnreachableException();
        public static void Apply(ReadOnlySpan<long> a, long b, Span<long> d) => throw new System.Diagnostics.UnreachableException();
        public static void Apply(long a, ReadOnlySpan<long> b, Span<long> d) => throw new System.Diagnostics.UnreachableException();
    }
}
