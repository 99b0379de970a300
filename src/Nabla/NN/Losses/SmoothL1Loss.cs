namespace Nabla.NN;

/// <summary>Huber loss divided by beta (beta = 0 is L1); see <see cref="Functional.SmoothL1Loss"/>.</summary>
public sealed class SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) : Loss(reduction)
{
    public double Beta { get; } = beta;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.SmoothL1Loss(input, target, Reduction, Beta);

    protected override string ExtraRepr() => ExtraReprWith(FormattableString.Invariant($"beta={Beta}"));
}
