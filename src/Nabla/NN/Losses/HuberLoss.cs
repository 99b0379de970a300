namespace Nabla.NN;

/// <summary>Quadratic for |x − y| &lt; delta, linear beyond; see <see cref="Functional.HuberLoss"/>.</summary>
public sealed class HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) : Loss(reduction)
{
    public double Delta { get; } = delta;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);

    protected override string ExtraRepr() => ExtraReprWith(FormattableString.Invariant($"delta={Delta}"));
}
