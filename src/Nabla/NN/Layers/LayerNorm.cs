using System.Globalization;

namespace Nabla.NN;

/// <summary>
/// Layer normalisation over the trailing dims given by normalizedShape (torch.nn.LayerNorm):
/// y = (x − μ) / √(σ² + eps) · γ + β, with μ and the biased σ² taken per sample over those dims. Same behaviour in
/// training and evaluation; γ (weight) = 1 and β (bias) = 0 of shape normalizedShape when elementwiseAffine.
/// </summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly int[] normalizedShape;

    public int[] NormalizedShape => (int[])normalizedShape.Clone();
    public double Eps { get; }
    public bool ElementwiseAffine { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }

    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
        : this([normalizedShape], eps, elementwiseAffine, dtype) { }

    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: normalized_shape must be non-empty with positive dims, got {ShapeUtil.Format(normalizedShape)}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"LayerNorm: dtype must be floating-point, got {dtype}.");
        this.normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        Weight = RegisterParameter("weight", elementwiseAffine ? Tensor.Ones(normalizedShape, dtype) : null);
        Bias = RegisterParameter("bias", elementwiseAffine ? Tensor.Zeros(normalizedShape, dtype) : null);
    }

    /// <summary>γ = 1, β = 0.</summary>
    public void ResetParameters()
    {
        if (Weight is not null) Init.Ones_(Weight);
        if (Bias is not null) Init.Zeros_(Bias);
    }

    public override Tensor Forward(Tensor input)
    {
        int k = normalizedShape.Length;
        if (input.Rank < k || !input.ShapeRef.AsSpan(input.Rank - k).SequenceEqual(normalizedShape))
            throw new ArgumentException(
                $"LayerNorm: input of shape {ShapeUtil.Format(input.ShapeRef)} does not end in normalized_shape {ShapeUtil.Format(normalizedShape)}.");
        if (!input.DType.IsFloatingPoint())
            throw new ArgumentException($"LayerNorm: expected a floating-point input, got {input.DType} of shape {ShapeUtil.Format(input.ShapeRef)}.");
        var dims = Enumerable.Range(input.Rank - k, k).ToArray();
        var centered = input - input.Mean(dims, keepDim: true);
        var variance = (centered * centered).Mean(dims, keepDim: true); // biased, as PyTorch
        var y = centered / (variance + Eps).Sqrt();
        if (Weight is not null) y = y * Weight;
        if (Bias is not null) y = y + Bias;
        return y;
    }

    protected override string ExtraRepr() =>
        string.Create(CultureInfo.InvariantCulture,
            $"({string.Join(", ", normalizedShape)}{(normalizedShape.Length == 1 ? "," : "")}), eps={Eps.ToString(CultureInfo.InvariantCulture).Replace('E', 'e')}, elementwise_affine={(ElementwiseAffine ? "True" : "False")}");
}
