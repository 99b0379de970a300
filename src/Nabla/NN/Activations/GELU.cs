namespace Nabla.NN;

/// <summary>x·Φ(x), exact (approximate "none", via erf) or with the tanh approximation ("tanh").</summary>
public sealed class GELU : Module<Tensor, Tensor>
{
    public GELU(string approximate = "none")
    {
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"GELU: approximate must be \"none\" or \"tanh\", got \"{approximate}\".");
        Approximate = approximate;
    }

    public string Approximate { get; }

    public override Tensor Forward(Tensor input) => Functional.Gelu(input, Approximate);

    protected override string ExtraRepr() => FormattableString.Invariant($"approximate='{Approximate}'");
}
