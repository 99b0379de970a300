namespace Nabla;

// Unbind, Chunk, Split: pieces of a tensor along a dim, each a view (Select or Narrow), so gradients flow back.
public sealed partial class Tensor
{
    /// <summary>The slices along dim, with that dim removed: x.Unbind(0)[i] is x[i].</summary>
    public Tensor[] Unbind(int dim = 0)
    {
        ShapeUtil.RequireDims("Unbind", shape);
        int d = ShapeUtil.NormalizeDim("Unbind", dim, Rank);
        var pieces = new Tensor[shape[d]];
        for (int i = 0; i < pieces.Length; i++) pieces[i] = Select(d, i);
        return pieces;
    }

    /// <summary>Pieces of splitSize along dim (the last one smaller when the size does not divide), as torch.split.</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        ShapeUtil.RequireDims("Split", shape);
        int d = ShapeUtil.NormalizeDim("Split", dim, Rank);
        if (splitSize <= 0 && !(splitSize == 0 && shape[d] == 0))
            throw new ArgumentOutOfRangeException(nameof(splitSize), $"Split: splitSize must be positive, got {splitSize} for dim {d} of shape {ShapeUtil.Format(shape)}.");
        if (shape[d] == 0) return [this];
        int count = (shape[d] + splitSize - 1) / splitSize;
        var sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = Math.Min(splitSize, shape[d] - i * splitSize);
        return SplitInto(d, sizes);
    }

    /// <summary>Pieces of the given sizes along dim; the sizes must add up to the dim's size.</summary>
    public Tensor[] Split(int[] splitSizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(splitSizes);
        ShapeUtil.RequireDims("Split", shape);
        int d = ShapeUtil.NormalizeDim("Split", dim, Rank);
        long total = 0;
        foreach (int s in splitSizes)
        {
            if (s < 0) throw new ArgumentException($"Split: sizes must be non-negative, got {ShapeUtil.Format(splitSizes)}.");
            total += s;
        }
        if (total != shape[d])
            throw new ArgumentException($"Split: sizes {ShapeUtil.Format(splitSizes)} add up to {total}, not to the size {shape[d]} of dim {d} (shape {ShapeUtil.Format(shape)}).");
        return SplitInto(d, splitSizes);
    }

    /// <summary>At most `chunks` pieces of equal size ⌈n / chunks⌉ along dim (the last smaller), as torch.chunk.</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        ShapeUtil.RequireDims("Chunk", shape);
        int d = ShapeUtil.NormalizeDim("Chunk", dim, Rank);
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), $"Chunk: chunks must be positive, got {chunks}.");
        int size = shape[d];
        return Split(size == 0 ? 0 : (size + chunks - 1) / chunks, d);
    }

    private Tensor[] SplitInto(int d, int[] sizes)
    {
        var pieces = new Tensor[sizes.Length];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++) pieces[i] = Narrow(d, start, sizes[i]);
        return pieces;
    }
}
