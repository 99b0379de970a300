namespace Nabla.NN;

/// <summary>A (height, width) pair for kernel sizes, strides, paddings and dilations, as PyTorch's int-or-tuple
/// arguments: a plain int means the same value for both, (h, w) sets them apart.</summary>
public readonly record struct Size2(int Height, int Width)
{
    public static implicit operator Size2(int size) => new(size, size);

    public static implicit operator Size2((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>PyTorch's repr: (h, w).</summary>
    public override string ToString() => $"({Height}, {Width})";
}
