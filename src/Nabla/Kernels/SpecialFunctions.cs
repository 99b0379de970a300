using System.Numerics;

namespace Nabla.Kernels;

/// <summary>Scalar special functions that System.Math lacks, accurate to a few ulp in double.</summary>
internal static class SpecialMath
{
    // W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631–637;
    // the coefficients of Netlib's specfun CALERF. A/B: erf on |x| ≤ 0.46875; C/D: erfc·e^{x²} on (0.46875, 4];
    // P/Q: asymptotic erfc·x·e^{x²} on (4, ∞).
    private static readonly double[] A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] C =
    [
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
        8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8,
    ];
    private static readonly double[] D =
    [
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
        3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03,
    ];
    private static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    private const double OneOverSqrtPi = 5.6418958354775628695e-1;

    /// <summary>erf(x) = 2/√π ∫₀ˣ e^{−t²} dt (relative error ≲ 1e-16 over the whole line).</summary>
    public static double Erf(double x)
    {
        double y = Math.Abs(x);
        if (double.IsNaN(x)) return x;
        if (y <= 0.46875)
        {
            double ysq = y > 1.11e-16 ? y * y : 0;
            double num = A[4] * ysq, den = ysq;
            for (int i = 0; i < 3; i++)
            {
                num = (num + A[i]) * ysq;
                den = (den + B[i]) * ysq;
            }
            return x * (num + A[3]) / (den + B[3]);
        }
        double erfc = y >= 26.543 ? 0 : ScaledErfc(y) * ExpMinusSquare(y);
        double r = (0.5 - erfc) + 0.5;
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(y)·e^{y²} for y &gt; 0.46875 (Cody's second and third intervals).</summary>
    private static double ScaledErfc(double y)
    {
        if (y <= 4)
        {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        double z = 1 / (y * y);
        double pn = P[5] * z, qd = z;
        for (int i = 0; i < 4; i++)
        {
            pn = (pn + P[i]) * z;
            qd = (qd + Q[i]) * z;
        }
        double r = z * (pn + P[4]) / (qd + Q[4]);
        return (OneOverSqrtPi - r) / y;
    }

    /// <summary>e^{−y²} without the rounding error of forming y² directly: y = ŷ + δ with ŷ a multiple of 1/16.</summary>
    private static double ExpMinusSquare(double y)
    {
        double head = Math.Truncate(y * 16) / 16;
        double del = (y - head) * (y + head);
        return Math.Exp(-head * head) * Math.Exp(-del);
    }

    /// <summary>ln(1 + x), accurate for tiny x (Goldberg's trick: the rounding of 1 + x is divided back out).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * (x / (u - 1));
    }
}

/// <summary>erf, evaluated in double for both float and double.</summary>
internal readonly struct ErfOp<T> : IUnaryOp<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d)
    {
        for (int i = 0; i < s.Length; i++) d[i] = T.CreateTruncating(SpecialMath.Erf(double.CreateTruncating(s[i])));
    }
}

/// <summary>ln(1 + x), evaluated in double for both float and double.</summary>
internal readonly struct Log1pOp<T> : IUnaryOp<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> s, Span<T> d)
    {
        for (int i = 0; i < s.Length; i++) d[i] = T.CreateTruncating(SpecialMath.Log1p(double.CreateTruncating(s[i])));
    }
}
