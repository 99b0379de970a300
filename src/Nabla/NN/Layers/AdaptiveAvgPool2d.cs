namespace Nabla.NN;

/// <summary>Adaptive 2-D average pooling (torch.nn.AdaptiveAvgPool2d) to a fixed output size, whatever the input's
/// H×W; AdaptiveAvgPool2d(1) is global average pooling.</summary>
public sealed class AdaptiveAvgPool2d(Size2 outputSize) : Module<Tensor, Tensor>
{
    public Size2 OutputSize { get; } = outputSize;

    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    protected override string ExtraRepr() => $"output_size={PoolRepr.Of(OutputSize)}";
}
