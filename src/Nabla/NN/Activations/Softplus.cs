namespace Nabla.NN;

/// <summary>ln(1 + e^{βx})/β, linear where βx &gt; threshold.</summary>
public sealed class Softplus(double beta = 1.0, double threshold = 20.0) : Module<Tensor, Tensor>
{
    public double Beta { get; } = beta;
    public double Threshold { get; } = threshold;

    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);

    protected override string ExtraRepr() => FormattableString.Invariant($"beta={Beta}, threshold={Threshold}");
}
