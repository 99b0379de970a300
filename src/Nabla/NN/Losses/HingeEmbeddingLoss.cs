namespace Nabla.NN;

/// <summary>x for label 1, max(0, margin − x) for label −1; see <see cref="Functional.HingeEmbeddingLoss"/>.</summary>
public sealed class HingeEmbeddingLoss(double margin = 1.0, Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public double Margin { get; } = margin;

    public override Tensor Forward(Tensor input, Tensor target) => Functional.HingeEmbeddingLoss(input, target, Margin, Reduction);
}
