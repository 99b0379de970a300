namespace Nabla.NN;

/// <summary>Mean squared error (x − y)²; input and target must have the same shape.</summary>
public sealed class MSELoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}
