namespace Nabla.Classic;

/// <summary>
/// A two-class soft-margin SVM trained by SMO with libsvm's second-order working-set selection (Fan, Chen, Lin 2005):
/// minimise ½ αᵀQα − Σα subject to 0 ≤ αₜ ≤ C and Σ yₜαₜ = 0, with Qₜₛ = yₜ yₛ k(xₜ, xₛ); stop when the maximal KKT
/// violation is below tolerance (scikit-learn's tol = 1e-3). Decision f(x) = Σ αₜ yₜ k(xₜ, x) − ρ.
/// </summary>
internal sealed class BinarySvm
{
    private const double Tau = 1e-12;
    private readonly double[][] supportVectors;
    private readonly double[] coefficients;   // αₜ yₜ of the support vectors
    private readonly double rho;
    private readonly Kernel kernel;

    /// <param name="y">+1 or −1 per row.</param>
    public BinarySvm(double[][] x, int[] y, Kernel kernel, double c, double tolerance, int maxIterations)
    {
        this.kernel = kernel;
        int n = x.Length;
        var k = new double[n][];
        for (int t = 0; t < n; t++)
        {
            k[t] = new double[n];
            for (int s = 0; s <= t; s++) k[t][s] = k[s][t] = kernel.Compute(x[t], x[s]);
        }
        var alpha = new double[n];
        var gradient = new double[n];
        Array.Fill(gradient, -1.0);                       // G = Qα − e at α = 0
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var (i, j) = WorkingSet(k, y, alpha, gradient, c, tolerance);
            if (i < 0) break;
            double a = k[i][i] + k[j][j] - 2 * k[i][j];
            if (a <= 0) a = Tau;
            // Move αᵢ by yᵢλ and αⱼ by −yⱼλ (keeps Σyα fixed); λ is the Newton step, clipped to the box.
            double lambda = (-y[i] * gradient[i] + y[j] * gradient[j]) / a;
            lambda = Math.Min(lambda, y[i] > 0 ? c - alpha[i] : alpha[i]);
            lambda = Math.Min(lambda, y[j] > 0 ? alpha[j] : c - alpha[j]);
            alpha[i] += y[i] * lambda;
            alpha[j] -= y[j] * lambda;
            for (int t = 0; t < n; t++) gradient[t] += y[t] * lambda * (k[t][i] - k[t][j]);
        }
        rho = Rho(y, alpha, gradient, c);
        var support = Enumerable.Range(0, n).Where(t => alpha[t] > 0).ToArray();
        supportVectors = support.Select(t => x[t]).ToArray();
        coefficients = support.Select(t => alpha[t] * y[t]).ToArray();
    }

    public int SupportVectorCount => supportVectors.Length;

    public double Decision(ReadOnlySpan<double> x)
    {
        double sum = -rho;
        for (int s = 0; s < supportVectors.Length; s++) sum += coefficients[s] * kernel.Compute(supportVectors[s], x);
        return sum;
    }

    private static bool InUp(int y, double alpha, double c) => y > 0 ? alpha < c : alpha > 0;

    private static bool InLow(int y, double alpha, double c) => y > 0 ? alpha > 0 : alpha < c;

    /// <summary>i maximises −yG over I_up; j among I_low maximises the second-order gain b²/a; (−1, −1) once optimal.</summary>
    private static (int I, int J) WorkingSet(double[][] k, int[] y, double[] alpha, double[] gradient, double c, double tolerance)
    {
        int n = y.Length, i = -1;
        double gMax = double.NegativeInfinity, gMin = double.PositiveInfinity;
        for (int t = 0; t < n; t++)
            if (InUp(y[t], alpha[t], c) && -y[t] * gradient[t] >= gMax) (gMax, i) = (-y[t] * gradient[t], t);
        if (i < 0) return (-1, -1);
        int j = -1;
        double best = double.PositiveInfinity;
        for (int t = 0; t < n; t++)
        {
            if (!InLow(y[t], alpha[t], c)) continue;
            double v = -y[t] * gradient[t];
            gMin = Math.Min(gMin, v);
            double b = gMax - v;
            if (b <= 0) continue;
            double a = k[i][i] + k[t][t] - 2 * k[i][t];
            double gain = -(b * b) / (a > 0 ? a : Tau);
            if (gain <= best) (best, j) = (gain, t);
        }
        return gMax - gMin < tolerance || j < 0 ? (-1, -1) : (i, j);
    }

    /// <summary>ρ = mean of yG over free vectors (0 &lt; α &lt; C), else the middle of the feasible interval (libsvm).</summary>
    private static double Rho(int[] y, double[] alpha, double[] gradient, double c)
    {
        double sum = 0, upper = double.PositiveInfinity, lower = double.NegativeInfinity;
        int free = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double yg = y[t] * gradient[t];
            if (alpha[t] > 0 && alpha[t] < c) { sum += yg; free++; }
            else if (alpha[t] >= c) { if (y[t] < 0) upper = Math.Min(upper, yg); else lower = Math.Max(lower, yg); }
            else { if (y[t] > 0) upper = Math.Min(upper, yg); else lower = Math.Max(lower, yg); }
        }
        return free > 0 ? sum / free : (upper + lower) / 2;
    }
}
