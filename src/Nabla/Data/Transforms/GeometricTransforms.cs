namespace Nabla.Data;

/// <summary>Mirrors each image left–right with probability p (torchvision's RandomHorizontalFlip).</summary>
public sealed class RandomHorizontalFlip : ImageTransform
{
    public RandomHorizontalFlip(double p = 0.5, int[]? imageShape = null) : base(imageShape)
    {
        if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), $"RandomHorizontalFlip: p must be in [0, 1], got {p}.");
        P = p;
    }

    public double P { get; }

    protected override void Run(ReadOnlySpan<float> source, Span<float> destination, ImageLayout layout, Generator generator)
    {
        source.CopyTo(destination);
        for (int n = 0; n < layout.N; n++)
        {
            if (!(generator.NextDouble() < P)) continue;
            var image = destination.Slice(n * layout.ImageSize, layout.ImageSize);
            for (int row = 0; row < layout.C * layout.H; row++) image.Slice(row * layout.W, layout.W).Reverse();
        }
    }
}

/// <summary>
/// Pads each image with zeros by padding pixels on every side, then cuts a size × size window at a uniformly random
/// position (torchvision's RandomCrop with zero padding).
/// </summary>
public sealed class RandomCrop : ImageTransform
{
    public RandomCrop(int size, int padding = 0, int[]? imageShape = null) : base(imageShape)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"RandomCrop: size must be positive, got {size}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"RandomCrop: padding must be non-negative, got {padding}.");
        (Size, Padding) = (size, padding);
    }

    public int Size { get; }
    public int Padding { get; }

    protected override (int H, int W) OutputSize(int h, int w)
    {
        if (h + 2 * Padding < Size || w + 2 * Padding < Size)
            throw new ArgumentException($"RandomCrop: a {Size} × {Size} crop does not fit in {h} × {w} images padded by {Padding}.");
        return (Size, Size);
    }

    protected override void Run(ReadOnlySpan<float> source, Span<float> destination, ImageLayout layout, Generator generator)
    {
        for (int n = 0; n < layout.N; n++)
        {
            // Top-left corner of the window in padded coordinates, then as a shift of the unpadded image.
            int top = (int)generator.NextInt64(layout.H + 2 * Padding - Size + 1);
            int left = (int)generator.NextInt64(layout.W + 2 * Padding - Size + 1);
            ImageShift.Image(source, destination, layout, n, Size, Size, top - Padding, left - Padding);
        }
    }
}

/// <summary>
/// Shifts each image by a random whole number of pixels, filling with zeros (the translation of torchvision's
/// RandomAffine): horizontally by round(U(−fx·W, fx·W)), vertically by round(U(−fy·H, fy·H)).
/// </summary>
public sealed class RandomTranslate : ImageTransform
{
    public RandomTranslate(double fractionX, double fractionY, int[]? imageShape = null) : base(imageShape)
    {
        if (fractionX is < 0 or > 1 || fractionY is < 0 or > 1 || double.IsNaN(fractionX) || double.IsNaN(fractionY))
            throw new ArgumentOutOfRangeException(nameof(fractionX), $"RandomTranslate: fractions must be in [0, 1], got {fractionX} and {fractionY}.");
        (FractionX, FractionY) = (fractionX, fractionY);
    }

    public double FractionX { get; }
    public double FractionY { get; }

    protected override void Run(ReadOnlySpan<float> source, Span<float> destination, ImageLayout layout, Generator generator)
    {
        double maxX = FractionX * layout.W, maxY = FractionY * layout.H;
        for (int n = 0; n < layout.N; n++)
        {
            int dx = (int)Math.Round((2 * generator.NextDouble() - 1) * maxX);
            int dy = (int)Math.Round((2 * generator.NextDouble() - 1) * maxY);
            // Moving the content by (dy, dx) reads the source at (i − dy, j − dx).
            ImageShift.Image(source, destination, layout, n, layout.H, layout.W, -dy, -dx);
        }
    }
}

/// <summary>Copies a window of an image, row by row, with zeros where the window leaves the image.</summary>
internal static class ImageShift
{
    /// <summary>Output pixel (i, j) of every channel of image n = source pixel (i + top, j + left), or 0 outside.</summary>
    public static void Image(ReadOnlySpan<float> source, Span<float> destination, ImageLayout layout, int n, int outH, int outW, int top, int left)
    {
        int from = Math.Max(0, -left), to = Math.Min(outW, layout.W - left); // output columns with a source pixel
        for (int c = 0; c < layout.C; c++)
        {
            var plane = source.Slice((n * layout.C + c) * layout.PlaneSize, layout.PlaneSize);
            var output = destination.Slice((n * layout.C + c) * outH * outW, outH * outW);
            for (int i = 0; i < outH; i++)
            {
                var row = output.Slice(i * outW, outW);
                int sourceRow = i + top;
                if (sourceRow < 0 || sourceRow >= layout.H || from >= to) { row.Clear(); continue; }
                row[..from].Clear();
                plane.Slice(sourceRow * layout.W + from + left, to - from).CopyTo(row[from..to]);
                row[to..].Clear();
            }
        }
    }
}
