using Nabla.Data;

namespace Nabla.Tests.Data;

public class DatasetsTests
{
    private static double[] Radii(Tensor x) => x.Pow(2).Sum(1).Sqrt().ToDoubleArray();

    [Fact]
    public void CirclesFollowMakeCircles()
    {
        var (x, y) = Datasets.MakeCircles(1001, noise: 0, factor: 0.4, generator: new Generator(3));
        Assert.Equal(new[] { 1001, 2 }, x.Shape);
        Assert.Equal(DType.Int64, y.DType);
        var radius = Radii(x);
        var labels = y.ToLongArray();
        Assert.Equal(500, labels.Count(l => l == 0)); // n // 2 on the outer circle, the rest inside
        Assert.Equal(501, labels.Count(l => l == 1));
        for (int i = 0; i < labels.Length; i++) Assert.Equal(labels[i] == 1 ? 0.4 : 1.0, radius[i], 5);
        Assert.InRange(labels[..500].Sum(), 150, 350); // shuffled, not 500 zeros then 501 ones
        Assert.Equal(0.8, Radii(Datasets.MakeCircles(10, shuffle: false).Features)[^1], 5); // scikit-learn's default factor
    }

    [Fact]
    public void UnshuffledCirclesStartAtAngleZeroWithoutTheEndpoint()
    {
        var x = Datasets.MakeCircles(8, shuffle: false, factor: 0.5).Features.ToFloatArray();
        Assert.Equal(new float[] { 1, 0 }, x[..2]);
        Assert.Equal(0f, x[2], 6); Assert.Equal(1f, x[3], 6);  // outer point 1 at 90°: 4 points, end excluded
        Assert.Equal(0.5f, x[8], 6);                            // inner circle starts at (factor, 0)
    }

    [Fact]
    public void GeneratorsAreReproducibleFromASeed()
    {
        var a = Datasets.MakeMoons(200, noise: 0.1, generator: new Generator(9));
        var b = Datasets.MakeMoons(200, noise: 0.1, generator: new Generator(9));
        Assert.Equal(a.Features.ToFloatArray(), b.Features.ToFloatArray());
        Assert.Equal(a.Labels.ToLongArray(), b.Labels.ToLongArray());
        Assert.NotEqual(a.Features.ToFloatArray(), Datasets.MakeMoons(200, noise: 0.1, generator: new Generator(10)).Features.ToFloatArray());
    }

    [Fact]
    public void MoonsLieOnTwoShiftedHalfCircles()
    {
        var (x, y) = Datasets.MakeMoons(101, shuffle: false);
        var p = x.ToFloatArray();
        var labels = y.ToLongArray();
        Assert.Equal(50, labels.Count(l => l == 0));
        for (int i = 0; i < 101; i++)
        {
            double cx = labels[i] == 0 ? 0 : 1, cy = labels[i] == 0 ? 0 : 0.5;
            Assert.Equal(1.0, Math.Sqrt(Math.Pow(p[2 * i] - cx, 2) + Math.Pow(p[2 * i + 1] - cy, 2)), 5);
        }
        Assert.Equal(-1f, p[98], 6); Assert.Equal(0f, p[99], 6); // t runs to π inclusive
        Assert.Equal(0f, p[100], 6); Assert.Equal(0.5f, p[101], 6); // the inner moon starts at (1 − 1, 0.5 − 0)
    }

    [Fact]
    public void BlobsFollowMakeBlobsSizesAndSpread()
    {
        var centers = new[] { new[] { 0.0, 0.0 }, new[] { 20.0, 0.0 }, new[] { 0.0, 20.0 } };
        var (x, y) = Datasets.MakeBlobs(3001, centers, clusterStd: 2.0, generator: new Generator(1));
        var labels = y.ToLongArray();
        Assert.Equal(new[] { 1001, 1000, 1000 }, Enumerable.Range(0, 3).Select(c => labels.Count(l => l == c)).ToArray());
        var p = x.ToDoubleArray();
        for (int c = 0; c < 3; c++)
        {
            var xs = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => p[2 * i]).ToArray();
            double mean = xs.Average(), std = Math.Sqrt(xs.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(centers[c][0], mean, 0.2);
            Assert.Equal(2.0, std, 0.15);
        }
        var (random, _) = Datasets.MakeBlobs(300, nFeatures: 5, centers: 4, clusterStd: 0, generator: new Generator(2));
        Assert.Equal(new[] { 300, 5 }, random.Shape);
        Assert.All(random.ToDoubleArray(), v => Assert.InRange(v, -10, 10)); // std 0: exactly the centers, inside the box
    }

    [Fact]
    public void SpiralsAndXorHaveTheirShapes()
    {
        var (s, sy) = Datasets.MakeSpirals(300, classes: 3, generator: new Generator(4));
        Assert.Equal(new[] { 300, 2 }, s.Shape);
        Assert.All(Radii(s), r => Assert.InRange(r, 0, 1));
        Assert.Equal(100, sy.ToLongArray().Count(l => l == 2));

        var (x, y) = Datasets.MakeXor(400, generator: new Generator(5));
        var p = x.ToFloatArray();
        var labels = y.ToLongArray();
        for (int i = 0; i < labels.Length; i++) Assert.Equal(labels[i], p[2 * i] * p[2 * i + 1] > 0 ? 0L : 1L);
        Assert.Equal(200, labels.Count(l => l == 1));
    }

    [Fact]
    public void MinorityFractionSetsTheLastClassSize()
    {
        Assert.Equal(100, Datasets.MakeCircles(1000, minorityFraction: 0.1, generator: new Generator(1)).Labels.ToLongArray().Count(l => l == 1));
        Assert.Equal(50, Datasets.MakeXor(500, minorityFraction: 0.1, generator: new Generator(1)).Labels.ToLongArray().Count(l => l == 1));
        var blobs = Datasets.MakeBlobs(1000, centers: 3, minorityFraction: 0.05, generator: new Generator(1)).Labels.ToLongArray();
        Assert.Equal(new[] { 475, 475, 50 }, Enumerable.Range(0, 3).Select(c => blobs.Count(l => l == c)).ToArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.MakeMoons(10, minorityFraction: 1.5));
        Assert.StartsWith("MakeMoons: minorityFraction must be in (0, 1), got 1.5.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.MakeCircles(10, factor: 1.5));
    }
}
