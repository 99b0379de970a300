namespace Nabla.NN;

/// <summary>Binary cross-entropy on probabilities, with optional per-element weights; see <see cref="Functional.BinaryCrossEntropy"/>.</summary>
public sealed class BCELoss : Loss
{
    public BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) =>
        Weight = RegisterBuffer("weight", weight);

    public Tensor? Weight { get; }

    public override Tensor Forward(Tensor input, Tensor target) => Functional.BinaryCrossEntropy(input, target, Weight, Reduction);
}
