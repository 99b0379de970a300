namespace Nabla.NN;

/// <summary>2-D average pooling (torch.nn.AvgPool2d) over [N, C, H, W] or [C, H, W]; stride defaults to the kernel
/// size; countIncludePad: padded zeros count in each window's divisor.</summary>
public sealed class AvgPool2d(Size2 kernelSize, Size2? stride = null, Size2 padding = default, bool ceilMode = false, bool countIncludePad = true)
    : Module<Tensor, Tensor>
{
    public Size2 KernelSize { get; } = kernelSize;
    public Size2 Stride { get; } = stride ?? kernelSize;
    public Size2 Padding { get; } = padding;
    public bool CeilMode { get; } = ceilMode;
    public bool CountIncludePad { get; } = countIncludePad;

    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    protected override string ExtraRepr() =>
        $"kernel_size={PoolRepr.Of(KernelSize)}, stride={PoolRepr.Of(Stride)}, padding={PoolRepr.Of(Padding)}";
}
