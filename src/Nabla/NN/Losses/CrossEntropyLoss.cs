namespace Nabla.NN;

/// <summary>Cross-entropy from logits (LogSoftmax + NLL); see <see cref="Functional.CrossEntropy"/>.</summary>
public sealed class CrossEntropyLoss : Loss
{
    public CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean,
        double labelSmoothing = 0.0) : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Per-class weights [C] (a buffer, as in PyTorch), or null.</summary>
    public Tensor? Weight { get; }
    public long IgnoreIndex { get; }
    public double LabelSmoothing { get; }

    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
