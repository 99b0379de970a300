namespace Nabla.NN;

/// <summary>x·σ(x) (swish).</summary>
public sealed class SiLU : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => Functional.Silu(input);
}
