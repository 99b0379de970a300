namespace Nabla.NN;

/// <summary>KL divergence of a target distribution from log-probabilities; see <see cref="Functional.KlDiv"/>.
/// Use Reduction.BatchMean for the true KL divergence per sample.</summary>
public sealed class KLDivLoss(Reduction reduction = Reduction.Mean, bool logTarget = false) : Loss(reduction)
{
    public bool LogTarget { get; } = logTarget;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.KlDiv(input, target, Reduction, LogTarget);
}
