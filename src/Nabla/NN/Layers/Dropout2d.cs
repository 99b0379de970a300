namespace Nabla.NN;

/// <summary>
/// Channel dropout (torch.nn.Dropout2d): in training each channel of [N, C, H, W] (or [C, H, W]) is zeroed as a whole
/// with probability p and the others scaled by 1/(1 − p); in evaluation it is the identity. The mask comes from the
/// given Generator (Generator.Default when null).
/// </summary>
public sealed class Dropout2d : Module<Tensor, Tensor>
{
    private readonly Generator? generator;

    public double P { get; }

    public Dropout2d(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout2d: probability p must be between 0 and 1, got {p}.");
        P = p;
        this.generator = generator;
    }

    public override Tensor Forward(Tensor input) => Functional.Dropout2d(input, P, Training, generator);

    protected override string ExtraRepr() => $"p={P.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
