using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adam (torch.optim.Adam) with optional AMSGrad and L2 weight decay added to the gradient.
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  v̂ = max(v̂, v) with AMSGrad;
/// θ = θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)  (eps outside the square root, as in PyTorch).
/// </summary>
public sealed class Adam : PerParameterOptimizer
{
    /// <param name="betas">(β₁, β₂): the decay rates of the two moments; (0.9, 0.999) when null.</param>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(OneGroup(parameters), lr, betas, eps, weightDecay, amsgrad, maximize) { }

    /// <param name="betas">(β₁, β₂): the decay rates of the two moments; (0.9, 0.999) when null.</param>
    public Adam(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(paramGroups, Options(lr, betas, eps, weightDecay, maximize, ("amsgrad", Flag(amsgrad)))) { }

    /// <summary>The options of the Adam family in PyTorch's order, <paramref name="extra"/> before maximize. The betas
    /// are stored as two options, "beta1" and "beta2" (options are numbers), defaulting to (0.9, 0.999).</summary>
    internal static Dictionary<string, double> Options(double lr, (double Beta1, double Beta2)? betas, double eps,
        double weightDecay, bool maximize, params (string Name, double Value)[] extra)
    {
        var (beta1, beta2) = betas ?? (0.9, 0.999);
        var options = new Dictionary<string, double>
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
        };
        foreach (var (name, value) in extra) options[name] = value;
        options["maximize"] = Flag(maximize);
        return options;
    }

    protected override void Validate(OptionCheck check)
    {
        ValidateCommon(check);
        check.Flag("amsgrad");
    }

    /// <summary>The rules every Adam-family optimizer shares.</summary>
    internal static void ValidateCommon(OptionCheck check)
    {
        check.NonNegative("lr", "eps", "weight_decay");
        check.Beta("beta1", "beta2");
        check.Flag("maximize");
    }

    /// <summary>The hyperparameters of one Adam/AdamW update. Step counts from 1; Decoupled selects AdamW's
    /// θ = θ(1 − lr·λ) instead of adding λθ to the gradient.</summary>
    public readonly record struct Settings(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay,
        bool Amsgrad, bool Maximize, long Step, bool Decoupled = false);

    protected override void Update<T>(ParamUpdate<T> p) => Step(p, decoupled: false);

    /// <summary>Shared by Adam and AdamW: gathers the state buffers and calls the span update.</summary>
    internal static void Step<T>(ParamUpdate<T> p, bool decoupled) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var group = p.Group;
        bool amsgrad = group.Flag("amsgrad");
        var expAvg = p.Buffer("exp_avg");
        var expAvgSq = p.Buffer("exp_avg_sq");
        var maxExpAvgSq = amsgrad ? p.Buffer("max_exp_avg_sq") : default;
        var s = new Settings(group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"], amsgrad,
            group.Flag("maximize"), ++p.State.Step, decoupled);
        Update(p.Param, p.Grad, expAvg, expAvgSq, maxExpAvgSq, s);
    }

    /// <summary>One Adam (or AdamW) step on spans; <paramref name="maxExpAvgSq"/> is empty unless AMSGrad.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double biasCorrection1 = 1 - Math.Pow(s.Beta1, s.Step);
        double biasCorrection2 = 1 - Math.Pow(s.Beta2, s.Step);
        T negStepSize = T.CreateTruncating(-(s.Lr / biasCorrection1));
        T bc2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2));
        T beta1 = T.CreateTruncating(s.Beta1), oneMinusBeta1 = T.CreateTruncating(1 - s.Beta1);
        T beta2 = T.CreateTruncating(s.Beta2), oneMinusBeta2 = T.CreateTruncating(1 - s.Beta2);
        T eps = T.CreateTruncating(s.Eps), decay = T.CreateTruncating(s.WeightDecay);
        T shrink = T.CreateTruncating(1 - s.Lr * s.WeightDecay);
        bool coupledDecay = !s.Decoupled && s.WeightDecay != 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && !s.Amsgrad)
        {
            // The scalar loop's operations in its order, element for element (no fused multiply-add), so both paths
            // give the same bits; amsgrad stays scalar for T.Max's NaN rule.
            var vBeta1 = new Vector<T>(beta1);
            var vOneMinusBeta1 = new Vector<T>(oneMinusBeta1);
            var vBeta2 = new Vector<T>(beta2);
            var vOneMinusBeta2 = new Vector<T>(oneMinusBeta2);
            var vNegStepSize = new Vector<T>(negStepSize);
            var vBc2Sqrt = new Vector<T>(bc2Sqrt);
            var vEps = new Vector<T>(eps);
            var vDecay = new Vector<T>(decay);
            var vShrink = new Vector<T>(shrink);
            for (; i <= param.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(grad[i..]);
                if (s.Maximize) g = -g;
                var p = new Vector<T>(param[i..]);
                if (s.Decoupled) p *= vShrink;
                else if (coupledDecay) g += vDecay * p;
                var m = new Vector<T>(expAvg[i..]) * vBeta1 + vOneMinusBeta1 * g;
                var v = new Vector<T>(expAvgSq[i..]) * vBeta2 + vOneMinusBeta2 * g * g;
                m.CopyTo(expAvg[i..]);
                v.CopyTo(expAvgSq[i..]);
                (p + vNegStepSize * m / (Vector.SquareRoot(v) / vBc2Sqrt + vEps)).CopyTo(param[i..]);
            }
        }
        for (; i < param.Length; i++)
        {
            T g = s.Maximize ? -grad[i] : grad[i];
            T p = param[i];
            if (s.Decoupled) p *= shrink;
            else if (coupledDecay) g += decay * p;
            T m = expAvg[i] * beta1 + oneMinusBeta1 * g;
            T v = expAvgSq[i] * beta2 + oneMinusBeta2 * g * g;
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (s.Amsgrad)
            {
                v = T.Max(maxExpAvgSq[i], v);
                maxExpAvgSq[i] = v;
            }
            param[i] = p + negStepSize * m / (T.Sqrt(v) / bc2Sqrt + eps);
        }
    }
}
