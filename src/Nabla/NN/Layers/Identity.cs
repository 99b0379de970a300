namespace Nabla.NN;

/// <summary>Returns its input unchanged (torch.nn.Identity): a placeholder, e.g. a residual block's shortcut.</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input;
}
