namespace Nabla.NN;

/// <summary>2-D max pooling (torch.nn.MaxPool2d) over [N, C, H, W] or [C, H, W]; stride defaults to the kernel size.
/// <see cref="ForwardWithIndices"/> also gives each maximum's flat position h·W + w (return_indices=True).</summary>
public sealed class MaxPool2d(Size2 kernelSize, Size2? stride = null, Size2 padding = default, bool ceilMode = false) : Module<Tensor, Tensor>
{
    public Size2 KernelSize { get; } = kernelSize;
    public Size2 Stride { get; } = stride ?? kernelSize;
    public Size2 Padding { get; } = padding;
    public bool CeilMode { get; } = ceilMode;

    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding, CeilMode);

    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) =>
        Functional.MaxPool2dWithIndices(input, KernelSize, Stride, Padding, CeilMode);

    protected override string ExtraRepr() =>
        $"kernel_size={PoolRepr.Of(KernelSize)}, stride={PoolRepr.Of(Stride)}, padding={PoolRepr.Of(Padding)}, dilation=1, ceil_mode={PoolRepr.Of(CeilMode)}";
}

/// <summary>PyTorch's pooling reprs print a square size as one number and booleans as True/False.</summary>
internal static class PoolRepr
{
    public static string Of(Size2 size) => size.Height == size.Width ? size.Height.ToString(System.Globalization.CultureInfo.InvariantCulture) : size.ToString();

    public static string Of(bool flag) => flag ? "True" : "False";
}
