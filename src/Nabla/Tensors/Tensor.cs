using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// An n-dimensional array of Float32, Float64 or Int64 values: a view (shape, strides, offset) onto a shared
/// <see cref="Storage"/>, plus what autograd needs (RequiresGrad, Grad, GradFn).
/// </summary>
public sealed partial class Tensor
{
    internal Storage Storage;
    internal readonly int[] shape;
    internal int[] strides;
    internal int Offset;
    private bool requiresGrad;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        this.shape = shape;
        this.strides = strides;
        Offset = offset;
        Numel = ShapeUtil.Numel(shape);
        IsContiguous = ShapeUtil.IsContiguous(shape, strides);
    }

    /// <summary>A new contiguous tensor over its own (uninitialised) storage.</summary>
    internal Tensor(DType dtype, int[] shape)
        : this(Storage.Allocate(dtype, ShapeUtil.Numel(shape)), shape, ShapeUtil.ContiguousStrides(shape), 0) { }

    internal static Tensor Wrap<T>(T[] data, int[] shape) where T : unmanaged =>
        new(new Storage<T>(data), shape, ShapeUtil.ContiguousStrides(shape), 0);

    public DType DType => Storage.DType;

    /// <summary>The size of each dim (PyTorch's x.shape); reading it allocates nothing.</summary>
    public Shape Shape => new(shape);

    /// <summary>Elements to step in storage per unit of each dim (a copy).</summary>
    public int[] Strides => (int[])strides.Clone();

    public int Rank => shape.Length;

    /// <summary>Total element count (1 for a 0-d tensor).</summary>
    public int Numel { get; }

    /// <summary>True when elements lie in row-major order without gaps, starting at Offset.</summary>
    public bool IsContiguous { get; private set; }

    public int Size(int dim)
    {
        ShapeUtil.RequireDims("Size", shape);
        return shape[ShapeUtil.NormalizeDim("Size", dim, Rank)];
    }


    /// <summary>The node that produced this tensor (null for leaves).</summary>
    public Node? GradFn { get; internal set; }

    public bool IsLeaf => GradFn is null;

    /// <summary>Whether autograd tracks operations on this tensor. Only leaves may be switched on or off.</summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (!IsLeaf)
                throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() to get a leaf.");
            if (value && !DType.IsFloatingPoint())
                throw new InvalidOperationException($"Only floating-point tensors can require gradients, not {DType}.");
            requiresGrad = value;
        }
    }

    internal void SetRequiresGradFromOp(Node node)
    {
        GradFn = node;
        requiresGrad = true;
    }

    /// <summary>Sets RequiresGrad and returns this tensor, for chaining (PyTorch's requires_grad_()).</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>Typed storage array (the whole buffer, not only this view).</summary>
    internal T[] Data<T>() where T : unmanaged => ((Storage<T>)Storage).Data;

    /// <summary>The elements of a contiguous tensor as a span.</summary>
    internal Span<T> Span<T>() where T : unmanaged
    {
        if (!IsContiguous) throw new InvalidOperationException("Span() needs a contiguous tensor.");
        return Data<T>().AsSpan(Offset, Numel);
    }

    /// <summary>Points this tensor at other's elements (same shape, any dtype): how Module.To(dtype) converts a
    /// parameter while keeping its identity, so optimizers holding it stay valid.</summary>
    internal void SetData(Tensor other)
    {
        if (!ShapeUtil.SameShape(shape, other.shape))
            throw new ArgumentException($"SetData: shape {ShapeUtil.Format(other.shape)} does not match {ShapeUtil.Format(shape)}.");
        Storage = other.Storage;
        strides = other.strides;
        Offset = other.Offset;
        IsContiguous = other.IsContiguous;
    }

    internal void BumpVersion() => Interlocked.Increment(ref Storage.Version);

    internal int[] ShapeRef
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => shape;
    }
}

public sealed partial class Tensor
{
    public override string ToString() => TensorFormatter.Format(this);
}
