namespace Nabla.NN;

/// <summary>Sigmoid + binary cross-entropy in one stable expression, with per-element weights and positive-class
/// weights; see <see cref="Functional.BinaryCrossEntropyWithLogits"/>.</summary>
public sealed class BCEWithLogitsLoss : Loss
{
    public BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null) : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
        PosWeight = RegisterBuffer("pos_weight", posWeight);
    }

    public Tensor? Weight { get; }

    /// <summary>Weight of the positive term, broadcast against the target (e.g. [C], or negatives/positives for imbalance).</summary>
    public Tensor? PosWeight { get; }

    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.BinaryCrossEntropyWithLogits(input, target, Weight, PosWeight, Reduction);
}
