namespace Nabla.NN;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b (torch.nn.Linear): weight [out, in], bias [out]; x may have any leading dims
/// [..., in]. Parameters: inFeatures·outFeatures + outFeatures (with bias).
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public int InFeatures { get; }
    public int OutFeatures { get; }

    /// <summary>[outFeatures, inFeatures].</summary>
    public Tensor Weight { get; }

    /// <summary>[outFeatures], or null when built with bias: false.</summary>
    public Tensor? Bias { get; }

    public Linear(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (inFeatures < 0 || outFeatures < 0)
            throw new ArgumentException($"Linear: feature counts must be non-negative, got in_features={inFeatures}, out_features={outFeatures}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"Linear: dtype must be floating-point, got {dtype}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, inFeatures], dtype))!;
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros([outFeatures], dtype) : null);
        ResetParameters(generator);
    }

    /// <summary>
    /// PyTorch's default: weight by kaiming_uniform(a = √5), which is U(−1/√in, 1/√in); bias U(−1/√in, 1/√in).
    /// </summary>
    public void ResetParameters(Generator? generator = null)
    {
        Init.KaimingUniform_(Weight, a: Math.Sqrt(5), generator: generator);
        if (Bias is not null)
        {
            double bound = InFeatures > 0 ? 1 / Math.Sqrt(InFeatures) : 0;
            Init.Uniform_(Bias, -bound, bound, generator);
        }
    }

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank == 0 || input.ShapeRef[^1] != InFeatures)
            throw new ArgumentException(
                $"Linear: input of shape {ShapeUtil.Format(input.ShapeRef)} does not end in in_features={InFeatures} (weight {ShapeUtil.Format(Weight.ShapeRef)}).");
        var y = input.MatMul(Weight.T); // the GEMM reads Wᵀ by packing, without materialising it
        return Bias is null ? y : y + Bias;
    }

    protected override string ExtraRepr() =>
        $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}";
}
