namespace Nabla.NN;

/// <summary>σ(x) = 1 / (1 + e^{−x}).</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
