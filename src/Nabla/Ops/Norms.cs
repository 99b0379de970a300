namespace Nabla;

// Vector p-norms. The value is computed scaled by m = max|x| (‖x‖ = m·‖x/m‖), so that float32 neither overflows
// for [1e20, 1e20] nor underflows for [1e-30, 1e-30]; the backward uses the subgradient 0 at zero entries.
public sealed partial class Tensor
{
    /// <summary>Vector p-norm over dims (null = all): p = 1 (Σ|x|), 2 (√Σx²), ∞ (max |x|), or any other p &gt; 0.</summary>
    public Tensor Norm(double p = 2, int[]? dims = null, bool keepDim = false)
    {
        Dispatch.RequireFloat("Norm", this);
        if (!(p > 0)) throw new ArgumentException($"Norm: p must be positive (or infinity), got {p}.");
        var plan = ReductionPlan.Create("Norm", this, dims);
        Tensor y;
        using (NoGrad()) y = plan.Length == 0 ? Sum(dims, keepDim) : ScaledNorm(p, dims, keepDim);
        return Dispatch.NeedsGrad(this) ? Dispatch.Record(y, new NormBackward(this, y, p, plan.KeptShape, plan.Dims)) : y;
    }

    /// <summary>m·(Σ (|x|/m)^p)^(1/p) with m = max|x| (m = 0 or ∞ gives m itself).</summary>
    private Tensor ScaledNorm(double p, int[]? dims, bool keepDim)
    {
        var abs = Abs();
        var m = abs.Amax(dims, keepDim: true);
        if (double.IsPositiveInfinity(p)) return keepDim ? m : m.Sum(dims, keepDim);
        var special = m.Eq(0.0) + m.Eq(double.PositiveInfinity); // all zero, or an infinite entry: the norm is m
        var scale = Where(special, OnesLike(m), m);
        var ratio = abs / scale;
        var sum = p == 1 ? ratio.Sum(dims, keepDim: true) : p == 2 ? (ratio * ratio).Sum(dims, keepDim: true) : ratio.Pow(p).Sum(dims, keepDim: true);
        var root = p == 1 ? sum : p == 2 ? sum.Sqrt() : sum.Pow(1 / p);
        var norm = Where(special, m, root * scale);
        return keepDim ? norm : norm.Sum(dims, keepDim: false);
    }

    // ∂‖x‖ₚ/∂x = sign(x)·(|x|/‖x‖)^(p−1): 0 where x = 0 (for every p, also p < 1) and where ‖x‖ = 0, as PyTorch.
    // p = ∞: sign(x) shared equally among the entries where |x| = max|x|.
    private sealed class NormBackward(Tensor x, Tensor y, double p, int[] keptShape, int[] dims) : Node([x], [y])
    {
        public override string Name => "LinalgVectorNormBackward0";

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var x = Input(0);
            var norm = Saved(0).Reshape(keptShape);
            var gk = g.Reshape(keptShape);
            if (p == 1) return [gk * x.Sign()];
            Tensor share;
            if (double.IsPositiveInfinity(p))
            {
                using (NoGrad())
                {
                    var hits = x.Abs().Eq(norm);
                    share = x.Sign() * hits / hits.Sum(dims, keepDim: true);
                }
                return [gk * share];
            }
            Tensor normIsZero, xIsZero;
            using (NoGrad())
            {
                normIsZero = norm.Eq(0.0);
                xIsZero = x.Eq(0.0);
            }
            var safeNorm = Where(normIsZero, OnesLike(norm), norm);
            if (p == 2) return [gk * x / safeNorm];
            var ratio = Where(xIsZero, OnesLike(x), x.Abs() / safeNorm); // 1 at zeros, where sign(x) = 0 cancels it
            return [gk * x.Sign() * ratio.Pow(p - 1)];
        }
    }
}
