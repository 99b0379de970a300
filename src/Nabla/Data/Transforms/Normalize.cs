using System.Numerics.Tensors;

namespace Nabla.Data;

/// <summary>Per channel (x − mean[c]) / std[c] (torchvision's Normalize); one mean and std serve every channel when
/// a single value is given. Not random.</summary>
public sealed class Normalize : ImageTransform
{
    private readonly float[] mean, std;

    public Normalize(double[] mean, double[] std, int[]? imageShape = null) : base(imageShape)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"Normalize: mean and std need the same non-zero length, got {mean.Length} and {std.Length}.");
        if (std.Any(s => !(s > 0) || !double.IsFinite(s))) throw new ArgumentException("Normalize: every std must be positive and finite.", nameof(std));
        this.mean = mean.Select(m => (float)m).ToArray();
        this.std = std.Select(s => (float)s).ToArray();
    }

    /// <summary>One mean and std for all channels, e.g. MNIST's 0.1307 and 0.3081.</summary>
    public Normalize(double mean, double std, int[]? imageShape = null) : this([mean], [std], imageShape) { }

    protected override void Run(ReadOnlySpan<float> source, Span<float> destination, ImageLayout layout, Generator generator)
    {
        if (mean.Length != 1 && mean.Length != layout.C)
            throw new ArgumentException($"Normalize: {mean.Length} channel means for images of {layout.C} channels.");
        int plane = layout.PlaneSize;
        for (int p = 0; p < layout.N * layout.C; p++)
        {
            int c = mean.Length == 1 ? 0 : p % layout.C;
            var to = destination.Slice(p * plane, plane);
            TensorPrimitives.Subtract(source.Slice(p * plane, plane), mean[c], to);
            TensorPrimitives.Divide(to, std[c], to);
        }
    }
}

/// <summary>Adds Gaussian noise mean + std · N(0, 1) to every value, independently. Random.</summary>
public sealed class GaussianNoise : ITransform
{
    public GaussianNoise(double std, double mean = 0)
    {
        if (!(std >= 0) || !double.IsFinite(std) || !double.IsFinite(mean))
            throw new ArgumentException($"GaussianNoise: std must be finite and non-negative and mean finite, got std {std}, mean {mean}.");
        (Std, Mean) = (std, mean);
    }

    public double Std { get; }
    public double Mean { get; }

    public Tensor Apply(Tensor batch, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(generator);
        if (batch.DType != DType.Float32) throw new ArgumentException($"GaussianNoise: batches must be Float32, got {batch.DType}.", nameof(batch));
        var result = batch.Contiguous().Clone();
        var values = result.Span<float>();
        for (int i = 0; i < values.Length; i++) values[i] += (float)(Mean + Std * generator.NextNormal());
        return result;
    }
}
