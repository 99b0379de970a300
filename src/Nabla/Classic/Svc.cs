namespace Nabla.Classic;

/// <summary>
/// A kernel support-vector classifier (scikit-learn's SVC): binary SVMs trained by SMO, one per pair of classes,
/// voting for the predicted class (one-vs-one). Pure managed; the data are Float64 rows.
/// <code>
/// var svc = Svc.Fit(x, labels, new Kernel(KernelKind.Rbf, Kernel.ScaleGamma(x)), c: 1.0);
/// long[] predicted = svc.Predict(testX);
/// </code>
/// </summary>
public sealed class Svc
{
    private const int MaxRows = 20_000;
    private readonly (long A, long B, BinarySvm Svm)[] pairs;

    private Svc(long[] classes, (long, long, BinarySvm)[] pairs) => (Classes, this.pairs) = (classes, pairs);

    /// <summary>The class labels seen in training, in increasing order.</summary>
    public IReadOnlyList<long> Classes { get; }

    /// <summary>Support vectors over all pairwise machines (a vector used by two machines counts twice).</summary>
    public int SupportVectorCount => pairs.Sum(p => p.Svm.SupportVectorCount);

    /// <exception cref="ArgumentException">empty or ragged X, a label count that differs from the rows, fewer than two
    /// classes, C ≤ 0, more rows than the kernel matrix allows.</exception>
    public static Svc Fit(double[][] x, long[] labels, Kernel kernel, double c = 1.0, double tolerance = 1e-3, int maxIterations = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(kernel);
        if (x.Length == 0 || x.Any(r => r is null || r.Length == 0 || r.Length != x[0].Length))
            throw new ArgumentException("Svc.Fit: X must be a non-empty list of rows of one positive length.", nameof(x));
        if (labels.Length != x.Length) throw new ArgumentException($"Svc.Fit: {x.Length} rows but {labels.Length} labels.", nameof(labels));
        if (x.Length > MaxRows) throw new ArgumentException($"Svc.Fit: {x.Length} rows; the kernel matrix is kept in memory, so at most {MaxRows}.", nameof(x));
        if (!(c > 0) || !double.IsFinite(c)) throw new ArgumentOutOfRangeException(nameof(c), $"Svc.Fit: C must be positive, got {c}.");
        if (!(kernel.Gamma > 0)) throw new ArgumentOutOfRangeException(nameof(kernel), $"Svc.Fit: gamma must be positive, got {kernel.Gamma}.");
        var classes = labels.Distinct().Order().ToArray();
        if (classes.Length < 2) throw new ArgumentException($"Svc.Fit: needs at least two classes, got only {classes.FirstOrDefault()}.", nameof(labels));
        var machines = new List<(long, long, BinarySvm)>();
        for (int a = 0; a < classes.Length; a++)
            for (int b = a + 1; b < classes.Length; b++)
            {
                var rows = Enumerable.Range(0, x.Length).Where(r => labels[r] == classes[a] || labels[r] == classes[b]).ToArray();
                var y = rows.Select(r => labels[r] == classes[a] ? 1 : -1).ToArray();
                machines.Add((classes[a], classes[b], new BinarySvm(rows.Select(r => x[r]).ToArray(), y, kernel, c, tolerance, maxIterations)));
            }
        return new Svc(classes, [.. machines]);
    }

    /// <summary>The class with the most pairwise votes (ties to the smaller class, as libsvm).</summary>
    public long Predict(ReadOnlySpan<double> x)
    {
        var votes = new Dictionary<long, int>();
        foreach (var (a, b, svm) in pairs)
        {
            long winner = svm.Decision(x) > 0 ? a : b;
            votes[winner] = votes.GetValueOrDefault(winner) + 1;
        }
        return Classes.OrderByDescending(k => votes.GetValueOrDefault(k)).ThenBy(k => k).First();
    }

    public long[] Predict(double[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Select(row => Predict(row)).ToArray();
    }

    /// <summary>Fraction of rows whose prediction equals the label.</summary>
    public double Score(double[][] x, long[] labels)
    {
        var predicted = Predict(x);
        if (labels.Length != predicted.Length) throw new ArgumentException($"Svc.Score: {predicted.Length} rows but {labels.Length} labels.", nameof(labels));
        return predicted.Length == 0 ? double.NaN : predicted.Where((p, i) => p == labels[i]).Count() / (double)predicted.Length;
    }
}
