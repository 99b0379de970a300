namespace Nabla.NN;

/// <summary>Mean absolute error |x − y|; input and target must have the same shape.</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    public override Tensor Forward(Tensor input, Tensor target) => Functional.L1Loss(input, target, Reduction);
}
