namespace Nabla.NN;

/// <summary>
/// A lookup table (torch.nn.Embedding): Int64 indices of any shape [...] → rows of weight, shape [..., embeddingDim].
/// Weight starts N(0, 1); the row paddingIdx starts at zero and never receives a gradient (its value is still
/// returned, as in PyTorch).
/// </summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    public int NumEmbeddings { get; }
    public int EmbeddingDim { get; }
    public int? PaddingIdx { get; }

    /// <summary>[numEmbeddings, embeddingDim].</summary>
    public Tensor Weight { get; }

    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException($"Embedding: num_embeddings and embedding_dim must be positive, got {numEmbeddings} and {embeddingDim}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"Embedding: dtype must be floating-point, got {dtype}.");
        if (paddingIdx is { } p)
        {
            if (p < -numEmbeddings || p >= numEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"Embedding: padding_idx {p} must be within num_embeddings ({numEmbeddings}).");
            paddingIdx = p < 0 ? p + numEmbeddings : p; // PyTorch counts a negative padding_idx from the end
        }
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIdx = paddingIdx;
        Weight = RegisterParameter("weight", Tensor.Zeros([numEmbeddings, embeddingDim], dtype))!;
        ResetParameters(generator);
    }

    /// <summary>N(0, 1), then the padding row zeroed.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        Init.Normal_(Weight, 0, 1, generator);
        if (PaddingIdx is { } p)
            using (Tensor.NoGrad()) Weight.Select(0, p).Zero_();
    }

    public override Tensor Forward(Tensor input)
    {
        if (input.DType != DType.Int64)
            throw new ArgumentException($"Embedding: indices must be an Int64 tensor, got {input.DType} of shape {ShapeUtil.Format(input.ShapeRef)}.");
        var flat = input.Reshape(-1).Contiguous();
        var indices = flat.ToArray<long>();
        bool hitsPadding = false;
        foreach (long i in indices)
        {
            if (i < 0 || i >= NumEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(input), $"Embedding: index {i} is out of range for {NumEmbeddings} embeddings.");
            hitsPadding |= i == PaddingIdx;
        }
        var rows = Weight.IndexSelect(0, flat);
        if (hitsPadding)
        {
            // Padding positions take the padding row as a constant: same value, no gradient into that row.
            var keep = flat.Ne((double)PaddingIdx!.Value).Reshape(-1, 1);
            var paddingRow = Weight.Detach().Select(0, PaddingIdx.Value).Unsqueeze(0);
            rows = Tensor.Where(keep, rows, paddingRow);
        }
        return rows.Reshape([.. input.ShapeRef, EmbeddingDim]);
    }

    protected override string ExtraRepr() =>
        $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is { } p ? $", padding_idx={p}" : "");
}
