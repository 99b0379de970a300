namespace Nabla.NN;

/// <summary>Multi-class hinge loss (p = 1 or 2, margin, per-class weights); see <see cref="Functional.MultiMarginLoss"/>.</summary>
public sealed class MultiMarginLoss : Loss
{
    public MultiMarginLoss(int p = 1, double margin = 1.0, Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (p is not (1 or 2)) throw new ArgumentException($"MultiMarginLoss: p must be 1 or 2, got {p}.");
        P = p;
        Margin = margin;
        Weight = RegisterBuffer("weight", weight);
    }

    public int P { get; }
    public double Margin { get; }
    public Tensor? Weight { get; }

    public override Tensor Forward(Tensor input, Tensor target) => Functional.MultiMarginLoss(input, target, P, Margin, Weight, Reduction);
}
