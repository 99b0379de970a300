namespace Nabla.NN;

/// <summary>
/// x for x &gt; 0, else a·x with a learned slope a: the parameter "weight" of shape [numParameters] (1 shared
/// slope, or one per channel = dim 1 of the input), initialised to init (0.25).
/// </summary>
public sealed class PReLU : Module<Tensor, Tensor>
{
    public PReLU(int numParameters = 1, double init = 0.25, DType dtype = DType.Float32)
    {
        if (numParameters < 1) throw new ArgumentException($"PReLU: numParameters must be at least 1, got {numParameters}.");
        Weight = RegisterParameter("weight", Tensor.Full([numParameters], init, dtype))!;
    }

    public Tensor Weight { get; }

    public override Tensor Forward(Tensor input) => Functional.Prelu(input, Weight);

    protected override string ExtraRepr() => FormattableString.Invariant($"num_parameters={Weight.Numel}");
}
