namespace Nabla.Data;

/// <summary>
/// Synthetic classification sets with scikit-learn's semantics (sklearn.datasets.make_circles, make_moons,
/// make_blobs) plus two-arm spirals and XOR: features Float32 [n, d] and labels Int64 [n], drawn from a seeded
/// <see cref="Nabla.Generator"/> (default <see cref="Nabla.Generator.Default"/>). Points are made class by class,
/// shuffled when shuffle is true, then noise is added — scikit-learn's order. Every generator takes
/// minorityFraction: null for scikit-learn's balanced class sizes, or the fraction of samples in the last class
/// (the minority) with the others sharing the rest.
/// </summary>
public static class Datasets
{
    /// <summary>Writes point i (of count) of class label into point.</summary>
    private delegate void PointWriter(int label, int i, int count, Span<float> point, Generator generator);

    /// <summary>
    /// A large circle (class 0, radius 1) around a small one (class 1, radius factor), make_circles: angles evenly
    /// spaced from 0 (end excluded); class 0 gets n / 2 points and class 1 the rest; Gaussian noise of standard
    /// deviation noise on each coordinate.
    /// </summary>
    public static (Tensor Features, Tensor Labels) MakeCircles(int nSamples = 100, bool shuffle = true, double noise = 0,
        double factor = 0.8, Generator? generator = null, double? minorityFraction = null)
    {
        if (!(factor >= 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), $"MakeCircles: factor must be in [0, 1), got {factor}.");
        return Make("MakeCircles", BinarySizes("MakeCircles", nSamples, minorityFraction), 2, shuffle, noise, generator,
            (label, i, count, point, _) =>
            {
                double radius = label == 0 ? 1 : factor, angle = 2 * Math.PI * i / count;
                point[0] = (float)(radius * Math.Cos(angle));
                point[1] = (float)(radius * Math.Sin(angle));
            });
    }

    /// <summary>
    /// Two interleaving half circles, make_moons: class 0 on (cos t, sin t) and class 1 on (1 − cos t, 0.5 − sin t)
    /// for t evenly spaced over [0, π] (both ends included); class 0 gets n / 2 points and class 1 the rest.
    /// </summary>
    public static (Tensor Features, Tensor Labels) MakeMoons(int nSamples = 100, bool shuffle = true, double noise = 0,
        Generator? generator = null, double? minorityFraction = null) =>
        Make("MakeMoons", BinarySizes("MakeMoons", nSamples, minorityFraction), 2, shuffle, noise, generator,
            (label, i, count, point, _) =>
            {
                double t = count == 1 ? 0 : Math.PI * i / (count - 1);
                point[0] = (float)(label == 0 ? Math.Cos(t) : 1 - Math.Cos(t));
                point[1] = (float)(label == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t));
            });

    /// <summary>
    /// Isotropic Gaussian blobs, make_blobs: centers random centers drawn uniformly in centerBox (default
    /// [−10, 10]) in every feature, then class c's points are center c + clusterStd · N(0, I). Balanced sizes
    /// follow scikit-learn: n / k each, the first n mod k classes one more.
    /// </summary>
    public static (Tensor Features, Tensor Labels) MakeBlobs(int nSamples = 100, int nFeatures = 2, int centers = 3,
        double clusterStd = 1.0, (double Low, double High)? centerBox = null, bool shuffle = true, Generator? generator = null,
        double? minorityFraction = null)
    {
        if (centers <= 0) throw new ArgumentOutOfRangeException(nameof(centers), $"MakeBlobs: centers must be positive, got {centers}.");
        if (nFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(nFeatures), $"MakeBlobs: nFeatures must be positive, got {nFeatures}.");
        var (low, high) = centerBox ?? (-10, 10);
        if (!(low <= high)) throw new ArgumentException($"MakeBlobs: centerBox ({low}, {high}) is empty.", nameof(centerBox));
        var g = generator ?? Generator.Default;
        var points = new double[centers][];
        lock (g)
            for (int c = 0; c < centers; c++)
            {
                points[c] = new double[nFeatures];
                for (int f = 0; f < nFeatures; f++) points[c][f] = low + (high - low) * g.NextDouble();
            }
        return MakeBlobs(nSamples, points, clusterStd, shuffle, generator, minorityFraction);
    }

    /// <summary>make_blobs around given centers (one row per class, all of the same length).</summary>
    public static (Tensor Features, Tensor Labels) MakeBlobs(int nSamples, double[][] centers, double clusterStd = 1.0,
        bool shuffle = true, Generator? generator = null, double? minorityFraction = null)
    {
        ArgumentNullException.ThrowIfNull(centers);
        if (centers.Length == 0 || centers.Any(c => c is null || c.Length == 0 || c.Length != centers[0].Length))
            throw new ArgumentException("MakeBlobs: centers must be a non-empty list of points of one positive length.", nameof(centers));
        if (!(clusterStd >= 0) || !double.IsFinite(clusterStd)) throw new ArgumentOutOfRangeException(nameof(clusterStd), $"MakeBlobs: clusterStd must be finite and non-negative, got {clusterStd}.");
        return Make("MakeBlobs", Sizes("MakeBlobs", nSamples, centers.Length, minorityFraction), centers[0].Length, shuffle, 0, generator,
            (label, _, _, point, g) =>
            {
                for (int f = 0; f < point.Length; f++) point[f] = (float)(centers[label][f] + clusterStd * g.NextNormal());
            });
    }

    /// <summary>
    /// Interleaved spiral arms, one per class: point i of count on arm c is r (cos θ, sin θ) with r = (i + 0.5) /
    /// count and θ = 2π (turns · r + c / classes); Gaussian noise of standard deviation noise on each coordinate.
    /// </summary>
    public static (Tensor Features, Tensor Labels) MakeSpirals(int nSamples = 100, int classes = 2, double turns = 1, double noise = 0,
        bool shuffle = true, Generator? generator = null, double? minorityFraction = null)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"MakeSpirals: need at least 2 classes, got {classes}.");
        if (!(turns > 0) || !double.IsFinite(turns)) throw new ArgumentOutOfRangeException(nameof(turns), $"MakeSpirals: turns must be positive, got {turns}.");
        return Make("MakeSpirals", Sizes("MakeSpirals", nSamples, classes, minorityFraction), 2, shuffle, noise, generator,
            (label, i, count, point, _) =>
            {
                double r = (i + 0.5) / count, angle = 2 * Math.PI * (turns * r + (double)label / classes);
                point[0] = (float)(r * Math.Cos(angle));
                point[1] = (float)(r * Math.Sin(angle));
            });
    }

    /// <summary>
    /// XOR: points uniform in the square [−1, 1]², class 0 in the quadrants where x and y have the same sign, class 1
    /// where they differ (each point's quadrant picked at random); Gaussian noise of standard deviation noise.
    /// </summary>
    public static (Tensor Features, Tensor Labels) MakeXor(int nSamples = 100, double noise = 0, bool shuffle = true,
        Generator? generator = null, double? minorityFraction = null) =>
        Make("MakeXor", Sizes("MakeXor", nSamples, 2, minorityFraction), 2, shuffle, noise, generator,
            (label, _, _, point, g) =>
            {
                float sign = g.NextDouble() < 0.5 ? -1 : 1;
                point[0] = sign * (float)(1 - g.NextDouble());                     // (0, 1] away from the axis
                point[1] = (label == 0 ? sign : -sign) * (float)(1 - g.NextDouble());
            });

    /// <summary>scikit-learn's two-class split (class 0 gets n / 2, class 1 the rest), or the minority split.</summary>
    private static int[] BinarySizes(string op, int nSamples, double? minorityFraction)
    {
        if (minorityFraction is not null) return Sizes(op, nSamples, 2, minorityFraction);
        CheckCount(op, nSamples);
        return [nSamples / 2, nSamples - nSamples / 2];
    }

    /// <summary>Class sizes: n / k each with the first n mod k one more; or the last class round(n · fraction) and
    /// the others sharing the rest that way.</summary>
    internal static int[] Sizes(string op, int nSamples, int classes, double? minorityFraction)
    {
        CheckCount(op, nSamples);
        int minority = 0, rest = nSamples, shared = classes;
        if (minorityFraction is { } fraction)
        {
            if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(minorityFraction), $"{op}: minorityFraction must be in (0, 1), got {fraction}.");
            minority = (int)Math.Round(nSamples * fraction);
            (rest, shared) = (nSamples - minority, classes - 1);
        }
        var sizes = new int[classes];
        for (int c = 0; c < shared; c++) sizes[c] = rest / shared + (c < rest % shared ? 1 : 0);
        if (minorityFraction is not null) sizes[^1] = minority;
        return sizes;
    }

    private static void CheckCount(string op, int nSamples)
    {
        if (nSamples < 0) throw new ArgumentOutOfRangeException(nameof(nSamples), $"{op}: nSamples must be non-negative, got {nSamples}.");
    }

    private static (Tensor Features, Tensor Labels) Make(string op, int[] sizes, int features, bool shuffle, double noise,
        Generator? generator, PointWriter write)
    {
        if (!(noise >= 0) || !double.IsFinite(noise)) throw new ArgumentOutOfRangeException(nameof(noise), $"{op}: noise must be finite and non-negative, got {noise}.");
        int n = sizes.Sum();
        var points = new float[n * features];
        var labels = new long[n];
        var g = generator ?? Generator.Default;
        lock (g)
        {
            for (int label = 0, row = 0; label < sizes.Length; label++)
                for (int i = 0; i < sizes[label]; i++, row++)
                {
                    write(label, i, sizes[label], points.AsSpan(row * features, features), g);
                    labels[row] = label;
                }
            if (shuffle) (points, labels) = Shuffled(points, labels, features, g);
            if (noise > 0)
                for (int i = 0; i < points.Length; i++) points[i] += (float)(noise * g.NextNormal());
        }
        return (Tensor.FromArray(points, n, features), Tensor.FromArray(labels));
    }

    private static (float[], long[]) Shuffled(float[] points, long[] labels, int features, Generator g)
    {
        var order = new int[labels.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Sampler.Shuffle(order, g);
        return (RowGather.Rows(Tensor.FromArray(points, labels.Length, features), order).ToArray<float>(),
            RowGather.Rows(Tensor.FromArray(labels), order).ToArray<long>());
    }
}
