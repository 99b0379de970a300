namespace Nabla.Data;

/// <summary>Small synthetic 2-D classification sets for first experiments (no download).</summary>
public static class Datasets2D
{
    /// <summary>
    /// Two concentric circles (scikit-learn's make_circles): half the points on the unit circle (class 0), half on a
    /// circle of radius factor (class 1), each coordinate plus Gaussian noise of standard deviation noise.
    /// Returns features [n, 2] (Float32) and labels [n] (Int64), shuffled.
    /// </summary>
    public static (Tensor Features, Tensor Labels) Circles(int n, double noise = 0.1, double factor = 0.5, Generator? generator = null)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), $"Circles: need at least 2 points, got {n}.");
        if (factor is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(factor), $"Circles: factor must be in (0, 1), got {factor}.");
        var g = generator ?? Generator.Default;
        int outer = n / 2;
        var points = new float[n * 2];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            bool inner = i >= outer;
            double radius = inner ? factor : 1.0;
            int k = inner ? i - outer : i;
            int count = inner ? n - outer : outer;
            double angle = 2 * Math.PI * k / count;
            points[2 * i] = (float)(radius * Math.Cos(angle) + noise * g.NextNormal());
            points[2 * i + 1] = (float)(radius * Math.Sin(angle) + noise * g.NextNormal());
            labels[i] = inner ? 1 : 0;
        }
        var order = Tensor.RandPerm(n, g);
        return (Tensor.FromArray(points, n, 2).IndexSelect(0, order), Tensor.FromArray(labels).IndexSelect(0, order));
    }
}
