namespace Nabla.Optim;

/// <summary>
/// The strong-Wolfe line search of torch.optim.LBFGS (after minFunc): find t along d with sufficient decrease
/// f(t) ≤ f + c₁·t·gᵀd and small slope |g(t)ᵀd| ≤ −c₂·gᵀd, by bracketing then zooming with cubic interpolation.
/// </summary>
internal static class StrongWolfe
{
    private const double C1 = 1e-4, C2 = 0.9;
    private const int MaxLs = 25;

    /// <summary>Returns the loss, gradient and t of the accepted point and how many evaluations it took.
    /// <paramref name="evaluate"/>(t, d) gives the loss and flat gradient at x + t·d.</summary>
    public static (double F, double[] G, double T, int Evals) Search(Func<double, double[], (double, double[])> evaluate,
        double t, double[] d, double f, double[] g, double gtd, double toleranceChange)
    {
        double dNorm = FlatVector.AbsMax(d);
        var (fNew, gNew) = evaluate(t, d);
        int evals = 1;
        double gtdNew = FlatVector.Dot(gNew, d);

        // bracket an interval containing a point satisfying the Wolfe criteria
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        double[] gPrev = g;
        bool done = false;
        int lsIter = 0;
        double[] bracket = [], bracketF = [], bracketGtd = [];
        double[][] bracketG = [];
        while (lsIter < MaxLs)
        {
            bool sufficientDecreaseFails = fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev);
            if (!sufficientDecreaseFails && Math.Abs(gtdNew) <= -C2 * gtd)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([t], [fNew], [gNew], [gtdNew]);
                done = true;
                break;
            }
            if (sufficientDecreaseFails || gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            (tPrev, fPrev, gPrev, gtdPrev) = (tmp, fNew, gNew, gtdNew);
            (fNew, gNew) = evaluate(t, d);
            evals++;
            gtdNew = FlatVector.Dot(gNew, d);
            lsIter++;
        }
        if (lsIter == MaxLs) (bracket, bracketF, bracketG, bracketGtd) = ([0, t], [f, fNew], [g, gNew], [gtd, gtdNew]);

        // zoom: shrink the bracket until a point satisfies the criteria
        bool insufficientProgress = false;
        var (low, high) = bracketF[0] <= bracketF[^1] ? (0, 1) : (1, 0);
        while (!done && lsIter < MaxLs)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null);

            // too close to a boundary: if progress was already insufficient (or t is outside), move 10% inside
            double top = Math.Max(bracket[0], bracket[1]), bottom = Math.Min(bracket[0], bracket[1]);
            double eps = 0.1 * (top - bottom);
            if (Math.Min(top - t, t - bottom) < eps)
            {
                if (insufficientProgress || t >= top || t <= bottom)
                {
                    t = Math.Abs(t - top) < Math.Abs(t - bottom) ? top - eps : bottom + eps;
                    insufficientProgress = false;
                }
                else insufficientProgress = true;
            }
            else insufficientProgress = false;

            (fNew, gNew) = evaluate(t, d);
            evals++;
            gtdNew = FlatVector.Dot(gNew, d);
            lsIter++;

            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low])
            {
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew, gtdNew);
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -C2 * gtd) done = true;
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0) // the old high becomes the new low
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]);
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew);
            }
        }
        return (bracketF[low], bracketG[low], bracket[low], evals);
    }

    /// <summary>The minimiser of the cubic through (x₁, f₁, g₁) and (x₂, f₂, g₂), clamped to the bounds (default: the
    /// interval between the points); their midpoint when the cubic has no minimum.</summary>
    private static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, (double Min, double Max)? bounds)
    {
        var (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (!(d2Square >= 0)) return (lo + hi) / 2;
        double d2 = Math.Sqrt(d2Square);
        double minPos = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minPos, lo), hi);
    }
}
