namespace Nabla.NN;

/// <summary>x for x &gt; 0, else α(eˣ − 1).</summary>
public sealed class ELU(double alpha = 1.0) : Module<Tensor, Tensor>
{
    public double Alpha { get; } = alpha;

    public override Tensor Forward(Tensor input) => Functional.Elu(input, Alpha);

    protected override string ExtraRepr() => FormattableString.Invariant($"alpha={Alpha}");
}
