namespace Nabla.NN;

/// <summary>For Siamese networks: pulls pairs labelled 1 together and pushes pairs labelled −1 below a cosine margin;
/// see <see cref="Functional.CosineEmbeddingLoss"/>.</summary>
public sealed class CosineEmbeddingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) : PairLoss(reduction)
{
    public double Margin { get; } = margin;

    public override Tensor Forward(Tensor input1, Tensor input2, Tensor target) =>
        Functional.CosineEmbeddingLoss(input1, input2, target, Margin, Reduction);
}
