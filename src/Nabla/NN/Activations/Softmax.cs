namespace Nabla.NN;

/// <summary>Softmax along dim: e^{x_i} / Σ_j e^{x_j}.</summary>
public sealed class Softmax(int dim) : Module<Tensor, Tensor>
{
    public int Dim { get; } = dim;

    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);

    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dim}");
}
