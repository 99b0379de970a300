using Nabla.Data;

namespace Nabla.Tests.Data;

public class TransformTests
{
    // Two 1-channel 3 × 3 images with pixel values 1 … 9 and 11 … 19.
    private static Tensor Images() => Tensor.FromArray(Enumerable.Range(0, 18).Select(i => (float)(i / 9 * 10 + i % 9 + 1)).ToArray(), 2, 1, 3, 3);

    [Fact]
    public void FlipMirrorsRowsAndTwiceIsIdentity()
    {
        var flip = new RandomHorizontalFlip(p: 1);
        var once = flip.Apply(Images(), new Generator(1));
        Assert.Equal(new float[] { 3, 2, 1, 6, 5, 4, 9, 8, 7 }, once[0].Flatten().ToFloatArray());
        Assert.Equal(Images().ToFloatArray(), flip.Apply(once, new Generator(2)).ToFloatArray());
        Assert.Equal(Images().ToFloatArray(), new RandomHorizontalFlip(p: 0).Apply(Images(), new Generator(1)).ToFloatArray());
    }

    [Fact]
    public void FlipAppliesToAboutHalfTheImages()
    {
        var batch = Tensor.FromArray(Enumerable.Range(0, 1000).SelectMany(_ => new float[] { 0, 1 }).ToArray(), 1000, 2);
        var flipped = new RandomHorizontalFlip(imageShape: [1, 2]).Apply(batch, new Generator(3)).ToFloatArray();
        Assert.InRange(Enumerable.Range(0, 1000).Count(i => flipped[2 * i] == 1), 430, 570);
    }

    [Fact]
    public void CropWithPaddingCutsTheWindowAtTheDrawnPosition()
    {
        var g = new Generator(5);
        var copy = new Generator(5);
        var cropped = new RandomCrop(size: 3, padding: 1).Apply(Images(), g);
        Assert.Equal(new[] { 2, 1, 3, 3 }, cropped.Shape);
        var source = Images().ToFloatArray();
        var result = cropped.ToFloatArray();
        for (int n = 0; n < 2; n++)
        {
            int top = (int)copy.NextInt64(3), left = (int)copy.NextInt64(3); // window corner in the 5 × 5 padded image
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    int si = i + top - 1, sj = j + left - 1;
                    float expected = si is >= 0 and < 3 && sj is >= 0 and < 3 ? source[n * 9 + si * 3 + sj] : 0;
                    Assert.Equal(expected, result[n * 9 + i * 3 + j]);
                }
        }
    }

    [Fact]
    public void CropCoversEveryOffsetAndShrinksFlatImages()
    {
        var ones = Tensor.Ones([400, 16]);
        var cropped = new RandomCrop(size: 2, padding: 0, imageShape: [4, 4]).Apply(ones, new Generator(1));
        Assert.Equal(new[] { 400, 4 }, cropped.Shape);
        Assert.All(cropped.ToFloatArray(), v => Assert.Equal(1f, v));
        var padded = new RandomCrop(size: 4, padding: 1, imageShape: [4, 4]).Apply(ones, new Generator(1)).ToFloatArray();
        var zeros = Enumerable.Range(0, 400).Select(n => padded.AsSpan(16 * n, 16).ToArray().Count(v => v == 0)).ToHashSet();
        Assert.Equal(new[] { 0, 4, 7 }, zeros.Order()); // no shift, a row or column of zeros, or both
    }

    [Fact]
    public void TranslateShiftsWithZerosWithinTheFraction()
    {
        var translated = new RandomTranslate(0.34, 0.34).Apply(Images(), new Generator(2)).ToFloatArray();
        var copy = new Generator(2);
        for (int n = 0; n < 2; n++)
        {
            int dx = (int)Math.Round((2 * copy.NextDouble() - 1) * 1.02), dy = (int)Math.Round((2 * copy.NextDouble() - 1) * 1.02);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    int si = i - dy, sj = j - dx;
                    float expected = si is >= 0 and < 3 && sj is >= 0 and < 3 ? 10 * n + si * 3 + sj + 1 : 0;
                    Assert.Equal(expected, translated[n * 9 + i * 3 + j]);
                }
        }
    }

    [Fact]
    public void NormalizeUsesEachChannelsMeanAndStd()
    {
        var batch = Tensor.FromArray([1f, 3, 10, 20], 1, 2, 1, 2);
        var normalized = new Normalize([1.0, 10.0], [2.0, 5.0]).Apply(batch, new Generator(0));
        Assert.Equal(new float[] { 0, 1, 0, 2 }, normalized.ToFloatArray());
        var e = Assert.Throws<ArgumentException>(() => new Normalize(0.5, 0.5).Apply(Tensor.Zeros([2, 784]), new Generator(0)));
        Assert.Equal("Normalize: a flat batch [2, 784] needs the imageShape constructor argument.", e.Message);
        Assert.Equal(new[] { 2, 784 }, new Normalize(0.1307, 0.3081, imageShape: [28, 28]).Apply(Tensor.Zeros([2, 784]), new Generator(0)).Shape);
    }

    [Fact]
    public void GaussianNoiseHasItsStdAndComposeChains()
    {
        var noisy = new GaussianNoise(0.5).Apply(Tensor.Zeros([100, 100]), new Generator(6)).ToDoubleArray();
        double mean = noisy.Average(), std = Math.Sqrt(noisy.Select(v => v * v).Average());
        Assert.Equal(0, mean, 0.02);
        Assert.Equal(0.5, std, 0.02);
        var twice = new Compose(new RandomHorizontalFlip(p: 1), new RandomHorizontalFlip(p: 1)).Apply(Images(), new Generator(1));
        Assert.Equal(Images().ToFloatArray(), twice.ToFloatArray());
    }
}
