using Nabla;
using Nabla.NN;

namespace ManualBackprop;

/// <summary>A module around <see cref="LinearTanhFunction"/>: the hand-derived layer trains like a built-in one.</summary>
public sealed class LinearTanhLayer : Module<Tensor, Tensor>
{
    private static readonly LinearTanhFunction Function = new();

    public LinearTanhLayer(int inFeatures, int outFeatures, Generator generator, DType dtype = DType.Float32)
    {
        // PyTorch's Linear initialisation: U(−1/√fan_in, 1/√fan_in) for weight and bias.
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", ((Tensor.Rand([outFeatures, inFeatures], generator, dtype) * 2 - 1) * bound).Detach())!;
        Bias = RegisterParameter("bias", ((Tensor.Rand([outFeatures], generator, dtype) * 2 - 1) * bound).Detach())!;
    }

    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public override Tensor Forward(Tensor input) => Function.Apply(input, Weight, Bias);
}
