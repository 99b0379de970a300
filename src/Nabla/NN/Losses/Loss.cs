namespace Nabla.NN;

/// <summary>
/// Base of the loss modules (torch.nn._Loss): a loss compares an input with a target, so the one-argument
/// <see cref="Module.Forward(Tensor)"/> is not meaningful and throws; call Forward(input, target) (or, for the
/// pairwise losses, Forward(input1, input2, target)).
/// </summary>
public abstract class Loss(Reduction reduction) : Module
{
    public Reduction Reduction { get; } = reduction;

    /// <summary>The arguments Forward takes, for the error message of the one-argument form.</summary>
    protected virtual string Arguments => "(input, target)";

    public sealed override Tensor Forward(Tensor input) =>
        throw new NotSupportedException($"{GetType().Name} takes {Arguments}: call Forward{Arguments}, not Forward(input).");

    /// <summary>The loss of input against target.</summary>
    public virtual Tensor Forward(Tensor input, Tensor target) =>
        throw new NotSupportedException($"{GetType().Name} takes {Arguments}: call Forward{Arguments}.");

    protected override string ExtraRepr() => Reduction == Reduction.Mean ? "" : $"reduction={Reduction}";

    /// <summary>The reduction (when not the default) followed by one more setting.</summary>
    protected string ExtraReprWith(string setting) => Reduction == Reduction.Mean ? setting : $"reduction={Reduction}, {setting}";
}

/// <summary>A loss over a pair of inputs and a label (CosineEmbeddingLoss, MarginRankingLoss).</summary>
public abstract class PairLoss(Reduction reduction) : Loss(reduction)
{
    protected override string Arguments => "(input1, input2, target)";

    public abstract Tensor Forward(Tensor input1, Tensor input2, Tensor target);
}
