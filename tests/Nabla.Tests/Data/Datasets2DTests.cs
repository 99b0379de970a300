using Nabla.Data;

namespace Nabla.Tests.Data;

public class Datasets2DTests
{
    [Fact]
    public void CirclesHaveTwoBalancedClassesAtTheirRadii()
    {
        var (x, y) = Datasets2D.Circles(1000, noise: 0, factor: 0.4, generator: new Generator(3));
        Assert.Equal(new[] { 1000, 2 }, x.Shape);
        Assert.Equal(DType.Int64, y.DType);
        var radius = x.Pow(2).Sum(1).Sqrt().ToDoubleArray();
        var labels = y.ToLongArray();
        Assert.Equal(500, labels.Count(l => l == 1));
        for (int i = 0; i < labels.Length; i++) Assert.Equal(labels[i] == 1 ? 0.4 : 1.0, radius[i], 5);
    }

    [Fact]
    public void CirclesAreReproducibleFromASeed()
    {
        var a = Datasets2D.Circles(200, 0.1, 0.5, new Generator(9));
        var b = Datasets2D.Circles(200, 0.1, 0.5, new Generator(9));
        Assert.Equal(a.Features.ToFloatArray(), b.Features.ToFloatArray());
        Assert.Equal(a.Labels.ToLongArray(), b.Labels.ToLongArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets2D.Circles(10, factor: 1.5));
    }
}
