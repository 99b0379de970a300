namespace Nabla.Classic;

/// <summary>The kernel families of scikit-learn's SVC.</summary>
public enum KernelKind { Linear, Rbf, Polynomial }

/// <summary>
/// k(x, z): linear x·z, RBF exp(−γ‖x − z‖²), polynomial (γ x·z + coef0)^degree — scikit-learn's SVC kernels and
/// parameter names.
/// </summary>
public sealed record Kernel(KernelKind Kind, double Gamma = 1, int Degree = 3, double Coef0 = 0)
{
    /// <summary>scikit-learn's gamma="scale": 1 / (features · Var(X)), the variance over every entry of X.</summary>
    public static double ScaleGamma(double[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0 || x[0].Length == 0) throw new ArgumentException("Kernel.ScaleGamma: X is empty.", nameof(x));
        double sum = 0, sumSquares = 0;
        long count = 0;
        foreach (var row in x)
            foreach (double v in row) { sum += v; count++; }
        double mean = sum / count;
        foreach (var row in x)
            foreach (double v in row) sumSquares += (v - mean) * (v - mean);
        double variance = sumSquares / count;
        return variance > 0 ? 1.0 / (x[0].Length * variance) : 1.0;
    }

    public double Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> z)
    {
        switch (Kind)
        {
            case KernelKind.Linear:
                return Dot(x, z);
            case KernelKind.Rbf:
                double squared = 0;
                for (int i = 0; i < x.Length; i++) squared += (x[i] - z[i]) * (x[i] - z[i]);
                return Math.Exp(-Gamma * squared);
            default:
                return Math.Pow(Gamma * Dot(x, z) + Coef0, Degree);
        }
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> z)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * z[i];
        return s;
    }
}
