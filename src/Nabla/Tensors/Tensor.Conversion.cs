using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>A copy in another dtype (differentiable between float types).</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var src = Contiguous();
        var y = new Tensor(dtype, (int[])shape.Clone());
        switch (src.DType, dtype)
        {
            case (DType.Float32, DType.Float64): Convert<float, double>(src.Span<float>(), y.Span<double>()); break;
            case (DType.Float32, DType.Int64): Convert<float, long>(src.Span<float>(), y.Span<long>()); break;
            case (DType.Float64, DType.Float32): Convert<double, float>(src.Span<double>(), y.Span<float>()); break;
            case (DType.Float64, DType.Int64): Convert<double, long>(src.Span<double>(), y.Span<long>()); break;
            case (DType.Int64, DType.Float32): Convert<long, float>(src.Span<long>(), y.Span<float>()); break;
            default: Convert<long, double>(src.Span<long>(), y.Span<double>()); break;
        }
        if (Dispatch.NeedsGrad(this) && dtype.IsFloatingPoint()) Dispatch.Record(y, new ToCopyBackward(this));
        return y;
    }

    public Tensor Float() => To(DType.Float32);
    public Tensor Double() => To(DType.Float64);
    public Tensor Long() => To(DType.Int64);

    /// <summary>The engine casts the gradient back to the input's dtype, so backward passes it through.</summary>
    private sealed class ToCopyBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g];
    }

    /// <summary>A tensor sharing this one's storage, cut from the graph (a new leaf).</summary>
    public Tensor Detach() => new(Storage, shape, strides, Offset);

    /// <summary>A contiguous copy with its own storage, recorded by autograd (gradient passes through).</summary>
    public Tensor Clone()
    {
        var y = CloneDetached();
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new CloneBackward(this)) : y;
    }

    private sealed class CloneBackward(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g];
    }

    /// <summary>This tensor if already contiguous, else a contiguous copy (recorded by autograd).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A contiguous copy with its own storage and no autograd history.</summary>
    internal Tensor CloneDetached()
    {
        var y = new Tensor(DType, (int[])shape.Clone());
        switch (DType)
        {
            case DType.Float32: Elementwise.Copy<float>(shape, Data<float>(), Offset, strides, y.Span<float>()); break;
            case DType.Float64: Elementwise.Copy<double>(shape, Data<double>(), Offset, strides, y.Span<double>()); break;
            default: Elementwise.Copy<long>(shape, Data<long>(), Offset, strides, y.Span<long>()); break;
        }
        return y;
    }

    /// <summary>The elements in row-major order as T (T must match the dtype).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        if (Storage is not Storage<T>)
            throw new InvalidOperationException($"ToArray<{typeof(T).Name}>: the tensor holds {DType}; use To() first or ToDoubleArray().");
        var result = new T[Numel];
        Elementwise.Copy<T>(shape, Data<T>(), Offset, strides, result);
        return result;
    }

    public float[] ToFloatArray() => To(DType.Float32).ToArray<float>();
    public double[] ToDoubleArray() => To(DType.Float64).ToArray<double>();
    public long[] ToLongArray() => To(DType.Int64).ToArray<long>();

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        if (Numel != 1)
            throw new InvalidOperationException($"Item: only one-element tensors can be converted to a number, this one has shape {ShapeUtil.Format(shape)}.");
        return DType switch
        {
            DType.Float32 => Data<float>()[Offset],
            DType.Float64 => Data<double>()[Offset],
            _ => Data<long>()[Offset],
        };
    }

    public T Item<T>() where T : unmanaged => ToArray<T>() is [var v] ? v
        : throw new InvalidOperationException($"Item: only one-element tensors can be converted to a number, this one has shape {ShapeUtil.Format(shape)}.");
}
