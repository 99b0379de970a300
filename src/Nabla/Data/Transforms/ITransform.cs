namespace Nabla.Data;

/// <summary>
/// A change applied to a whole batch of features at once (data augmentation, normalisation). Random transforms draw
/// only from the generator passed in, which the <see cref="DataLoader"/> seeds per batch, so augmented epochs are
/// reproducible and resume exactly.
/// </summary>
public interface ITransform
{
    /// <summary>The transformed batch (a new tensor; the input is not modified).</summary>
    Tensor Apply(Tensor batch, Generator generator);
}

/// <summary>Transforms applied one after another, all drawing from the same generator (torchvision's Compose).</summary>
public sealed class Compose(params ITransform[] transforms) : ITransform
{
    private readonly ITransform[] transforms = [.. transforms];

    public IReadOnlyList<ITransform> Transforms => transforms;

    public Tensor Apply(Tensor batch, Generator generator)
    {
        foreach (var t in transforms) batch = t.Apply(batch, generator);
        return batch;
    }
}

/// <summary>
/// Base of transforms on image batches: [N, C, H, W], [N, H, W] (one channel), or flat [N, C·H·W] with the image
/// shape given to the constructor ([C, H, W] or [H, W]). Subclasses work on one image plane at a time with span
/// operations; the result keeps the input's layout.
/// </summary>
public abstract class ImageTransform : ITransform
{
    private readonly int[]? imageShape;

    /// <param name="imageShape">[C, H, W] or [H, W]: needed only for flat [N, C·H·W] batches.</param>
    protected ImageTransform(int[]? imageShape)
    {
        if (imageShape is not null && (imageShape.Length is < 2 or > 3 || imageShape.Any(d => d <= 0)))
            throw new ArgumentException($"{Name}: imageShape must be [C, H, W] or [H, W] with positive sizes, got {ShapeUtil.Format(imageShape)}.", nameof(imageShape));
        this.imageShape = imageShape;
    }

    /// <summary>The transform's name, for error messages.</summary>
    protected string Name => GetType().Name;

    public Tensor Apply(Tensor batch, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(generator);
        if (batch.DType != DType.Float32) throw new ArgumentException($"{Name}: image batches must be Float32, got {batch.DType}.", nameof(batch));
        var layout = Layout(batch.ShapeRef);
        var source = batch.Contiguous().Span<float>();
        var (outH, outW) = OutputSize(layout.H, layout.W);
        var result = new Tensor(DType.Float32, ResultShape(batch.ShapeRef, layout, outH, outW));
        Run(source, result.Span<float>(), layout, generator);
        return result;
    }

    /// <summary>The output's height and width for an input of h × w (the same unless the transform crops).</summary>
    protected virtual (int H, int W) OutputSize(int h, int w) => (h, w);

    /// <summary>Writes the transformed images of source into destination (both contiguous, N·C planes each).</summary>
    protected abstract void Run(ReadOnlySpan<float> source, Span<float> destination, ImageLayout layout, Generator generator);

    private ImageLayout Layout(int[] shape)
    {
        switch (shape.Length)
        {
            case 4: return new ImageLayout(shape[0], shape[1], shape[2], shape[3]);
            case 3: return new ImageLayout(shape[0], 1, shape[1], shape[2]);
            case 2 when imageShape is not null:
                var (c, h, w) = imageShape.Length == 3 ? (imageShape[0], imageShape[1], imageShape[2]) : (1, imageShape[0], imageShape[1]);
                if ((long)c * h * w != shape[1])
                    throw new ArgumentException($"{Name}: batch rows of {shape[1]} values do not hold images of shape {ShapeUtil.Format(imageShape)}.");
                return new ImageLayout(shape[0], c, h, w);
            case 2: throw new ArgumentException($"{Name}: a flat batch {ShapeUtil.Format(shape)} needs the imageShape constructor argument.");
            default: throw new ArgumentException($"{Name}: expected an image batch [N, C, H, W], [N, H, W] or [N, C·H·W], got {ShapeUtil.Format(shape)}.");
        }
    }

    private static int[] ResultShape(int[] shape, ImageLayout layout, int outH, int outW) => shape.Length switch
    {
        4 => [layout.N, layout.C, outH, outW],
        3 => [layout.N, outH, outW],
        _ => [layout.N, layout.C * outH * outW],
    };
}

/// <summary>N images of C channels of H × W pixels, stored plane after plane.</summary>
public readonly record struct ImageLayout(int N, int C, int H, int W)
{
    public int PlaneSize => H * W;
    public int ImageSize => C * H * W;
}
