namespace Nabla.NN;

/// <summary>log Softmax along dim, computed stably (x − logsumexp x).</summary>
public sealed class LogSoftmax(int dim) : Module<Tensor, Tensor>
{
    public int Dim { get; } = dim;

    public override Tensor Forward(Tensor input) => Functional.LogSoftmax(input, Dim);

    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dim}");
}
