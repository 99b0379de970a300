namespace Nabla.NN;

/// <summary>Negative log-likelihood of class-index targets given log-probabilities; see <see cref="Functional.NllLoss"/>.</summary>
public sealed class NLLLoss : Loss
{
    public NLLLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
    }

    public Tensor? Weight { get; }
    public long IgnoreIndex { get; }

    public override Tensor Forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
