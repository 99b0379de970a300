namespace Nabla.NN;

/// <summary>Base of the loss modules (torch.nn._Loss): Forward(input, target) gives the loss under a reduction.</summary>
public abstract class Loss(Reduction reduction) : Module<Tensor, Tensor, Tensor>
{
    public Reduction Reduction { get; } = reduction;

    protected override string ExtraRepr() => ReductionRepr(Reduction, "");

    /// <summary>The reduction (when not the default) followed by one more setting.</summary>
    protected string ExtraReprWith(string setting) => ReductionRepr(Reduction, setting);

    internal static string ReductionRepr(Reduction reduction, string setting) =>
        reduction == Reduction.Mean ? setting
        : setting.Length == 0 ? $"reduction={reduction}" : $"reduction={reduction}, {setting}";
}

/// <summary>A loss over a pair of inputs and a label (CosineEmbeddingLoss, MarginRankingLoss):
/// Forward(input1, input2, target).</summary>
public abstract class PairLoss(Reduction reduction) : Module<Tensor, Tensor, Tensor, Tensor>
{
    public Reduction Reduction { get; } = reduction;

    protected override string ExtraRepr() => Loss.ReductionRepr(Reduction, "");

    /// <summary>The reduction (when not the default) followed by one more setting.</summary>
    protected string ExtraReprWith(string setting) => Loss.ReductionRepr(Reduction, setting);
}
