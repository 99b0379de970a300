namespace Nabla.NN;

/// <summary>x for x &gt; 0, else negativeSlope·x.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module<Tensor, Tensor>
{
    public double NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);

    protected override string ExtraRepr() => FormattableString.Invariant($"negative_slope={NegativeSlope}");
}
