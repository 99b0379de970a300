using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla;

/// <summary>In-place updates (PyTorch's trailing underscore): for optimizers and initialisers, never recorded.</summary>
public sealed partial class Tensor
{
    private void CheckInPlace(string op)
    {
        if (GradMode.IsEnabled && (RequiresGrad || GradFn is not null))
            throw new InvalidOperationException(
                $"{op}: a tensor that requires grad cannot be modified in place while autograd is recording; wrap the update in Tensor.NoGrad().");
    }

    /// <summary>this += alpha · other (other broadcast to this shape).</summary>
    public Tensor Add_(Tensor other, double alpha = 1)
    {
        CheckInPlace("Add_");
        if (IsContiguous && other.IsContiguous && other.DType == DType && ShapeUtil.SameShape(shape, other.shape))
        {
            if (DType == DType.Float32) AddScaled(Span<float>(), other.Span<float>(), (float)alpha);
            else if (DType == DType.Float64) AddScaled(Span<double>(), other.Span<double>(), alpha);
            else AddScaled(Span<long>(), other.Span<long>(), (long)alpha);
            BumpVersion();
            return this;
        }
        using (NoGrad()) return Copy_(alpha == 1 ? this + other : this + other * alpha);
    }

    private static void AddScaled<T>(Span<T> dst, ReadOnlySpan<T> src, T alpha) where T : System.Numerics.INumber<T>
    {
        if (alpha == T.One) TensorPrimitives.Add(dst, src, dst);
        else TensorPrimitives.MultiplyAdd(src, alpha, dst, dst);
    }

    internal void AddInPlace(Tensor other)
    {
        using (NoGrad()) Add_(other);
    }

    /// <summary>this *= factor.</summary>
    public Tensor Mul_(double factor)
    {
        CheckInPlace("Mul_");
        using (NoGrad()) return Copy_(this * factor);
    }

    /// <summary>this *= other (broadcast).</summary>
    public Tensor Mul_(Tensor other)
    {
        CheckInPlace("Mul_");
        using (NoGrad()) return Copy_(this * other);
    }

    /// <summary>this −= alpha · other (other broadcast to this shape).</summary>
    public Tensor Sub_(Tensor other, double alpha = 1)
    {
        CheckInPlace("Sub_");
        return Add_(other, -alpha);
    }

    /// <summary>this /= other (broadcast); a floating-point tensor only, as the quotient is.</summary>
    public Tensor Div_(Tensor other)
    {
        CheckInPlace("Div_");
        Dispatch.RequireFloat("Div_", this);
        using (NoGrad()) return Copy_(this / other);
    }

    /// <summary>Clamps every element into [min, max] in place.</summary>
    public Tensor Clamp_(double? min = null, double? max = null)
    {
        CheckInPlace("Clamp_");
        using (NoGrad()) return Copy_(Clamp(min, max));
    }

    /// <summary>Fills with samples of N(mean, std²) (PyTorch's normal_).</summary>
    public Tensor Normal_(double mean = 0, double std = 1, Generator? generator = null)
    {
        CheckInPlace("Normal_");
        using (NoGrad()) return Copy_(Normal(mean, std, shape, generator, DType));
    }

    public Tensor Zero_() => Fill_(0);

    public Tensor Fill_(double value)
    {
        CheckInPlace("Fill_");
        if (IsContiguous) FillRaw(value);
        else using (NoGrad()) Copy_(Full([], value, DType));
        BumpVersion();
        return this;
    }

    /// <summary>Copies src (broadcast to this shape, converted to this dtype) into this tensor's elements.</summary>
    public Tensor Copy_(Tensor src)
    {
        CheckInPlace("Copy_");
        return CopyRaw("Copy_", src);
    }

    /// <summary>Copy_ without the autograd check, for ops that record the write themselves.</summary>
    internal Tensor CopyRaw(string op, Tensor src)
    {
        if (!ShapeUtil.SameShape(ShapeUtil.Broadcast(op, shape, src.shape), shape))
            throw new ArgumentException($"{op}: a source of shape {ShapeUtil.Format(src.shape)} does not fit a destination of shape {ShapeUtil.Format(shape)}.");
        var values = (src.DType == DType ? src : src.To(DType)).Detach().Expand(shape).CloneDetached();
        switch (DType)
        {
            case DType.Float32: Elementwise.Scatter<float>(shape, values.Span<float>(), Data<float>(), Offset, strides); break;
            case DType.Float64: Elementwise.Scatter<double>(shape, values.Span<double>(), Data<double>(), Offset, strides); break;
            default: Elementwise.Scatter<long>(shape, values.Span<long>(), Data<long>(), Offset, strides); break;
        }
        BumpVersion();
        return this;
    }
}
