namespace Nabla.NN;

/// <summary>max(0, −y·(x1 − x2) + margin); see <see cref="Functional.MarginRankingLoss"/>.</summary>
public sealed class MarginRankingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) : PairLoss(reduction)
{
    public double Margin { get; } = margin;

    public override Tensor Forward(Tensor input1, Tensor input2, Tensor target) =>
        Functional.MarginRankingLoss(input1, input2, target, Margin, Reduction);
}
