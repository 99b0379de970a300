namespace Nabla.NN;

/// <summary>
/// Inverted dropout (torch.nn.Dropout): in training each element is zeroed with probability p and the survivors are
/// scaled by 1/(1 − p), so the expected output equals the input; in evaluation it is the identity. p = 1 gives zeros.
/// The mask is drawn from the given Generator (Generator.Default when null), so a seeded run is reproducible.
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? generator;

    public double P { get; }

    /// <summary>The mask's own random source (null: Generator.Default); training checkpoints save its state.</summary>
    internal Generator? Generator => generator;

    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability p must be between 0 and 1, got {p}.");
        P = p;
        this.generator = generator;
    }

    public override Tensor Forward(Tensor input)
    {
        if (!Training || P == 0) return input;
        if (!input.DType.IsFloatingPoint())
            throw new ArgumentException($"Dropout: expected a floating-point input, got {input.DType} of shape {ShapeUtil.Format(input.ShapeRef)}.");
        if (P == 1) return input * 0.0; // still connected to the graph: the gradient is zero everywhere
        // keep where u < 1 − p (u ~ U[0, 1)), i.e. with probability 1 − p; mask values are 0 or 1/(1 − p)
        var mask = Tensor.Rand(input.Shape, generator, input.DType).Lt(1 - P) * (1 / (1 - P));
        return input * mask;
    }

    protected override string ExtraRepr() => $"p={P.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
