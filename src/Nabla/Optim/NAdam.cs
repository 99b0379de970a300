using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// NAdam (torch.optim.NAdam): Adam with Nesterov momentum and the momentum schedule μₜ = β₁(1 − ½·0.96^(t·ψ)).
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  Πₜ = Π μᵢ (i ≤ t);  d = √v / √(1 − β₂ᵗ) + ε;
/// θ = θ − lr(1 − μₜ)/(1 − Πₜ) · g/d − lr·μₜ₊₁/(1 − Πₜμₜ₊₁) · m/d.
/// Πₜμₜ₊₁ follows PyTorch's corrected form (pytorch#92699; 1.13's single-tensor code multiplied μₜ in twice).
/// </summary>
public sealed class NAdam : PerParameterOptimizer
{
    /// <param name="betas">(β₁, β₂): the decay rates of the two moments; (0.9, 0.999) when null.</param>
    public NAdam(IEnumerable<Tensor> parameters, double lr = 2e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
        : this(OneGroup(parameters), lr, betas, eps, weightDecay, momentumDecay, maximize) { }

    /// <param name="betas">(β₁, β₂): the decay rates of the two moments; (0.9, 0.999) when null.</param>
    public NAdam(IEnumerable<ParamGroup> paramGroups, double lr = 2e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
        : base(paramGroups, Adam.Options(lr, betas, eps, weightDecay, maximize, ("momentum_decay", momentumDecay))) { }

    protected override IReadOnlyCollection<string> ScalarStateNames => ["mu_product"];

    protected override void Validate(OptionCheck check)
    {
        Adam.ValidateCommon(check);
        check.NonNegative("momentum_decay");
    }

    /// <summary>The hyperparameters of one NAdam update; Step counts from 1 and MuProduct is Πₜ including this step's μₜ.</summary>
    public readonly record struct Settings(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay,
        double MomentumDecay, bool Maximize, long Step, double MuProduct);

    /// <summary>μₜ = β₁(1 − ½·0.96^(t·ψ)).</summary>
    public static double Mu(double beta1, double momentumDecay, long step) =>
        beta1 * (1.0 - 0.5 * Math.Pow(0.96, step * momentumDecay));

    protected override void Update<T>(ParamUpdate<T> p)
    {
        var (group, state) = (p.Group, p.State);
        var expAvg = p.Buffer("exp_avg");
        var expAvgSq = p.Buffer("exp_avg_sq");
        state.Step++;
        double muProduct = state.Scalar("mu_product", 1.0) * Mu(group["beta1"], group["momentum_decay"], state.Step);
        state.SetScalar("mu_product", muProduct);
        var s = new Settings(group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"],
            group["momentum_decay"], group.Flag("maximize"), state.Step, muProduct);
        Update(p.Param, p.Grad, expAvg, expAvgSq, s);
    }

    /// <summary>One NAdam step on spans.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double mu = Mu(s.Beta1, s.MomentumDecay, s.Step), muNext = Mu(s.Beta1, s.MomentumDecay, s.Step + 1);
        T gradStep = T.CreateTruncating(s.Lr * (1.0 - mu) / (1.0 - s.MuProduct) * -1);
        T avgStep = T.CreateTruncating(s.Lr * muNext / (1.0 - s.MuProduct * muNext) * -1);
        T bc2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(s.Beta2, s.Step)));
        T beta1 = T.CreateTruncating(s.Beta1), oneMinusBeta1 = T.CreateTruncating(1 - s.Beta1);
        T beta2 = T.CreateTruncating(s.Beta2), oneMinusBeta2 = T.CreateTruncating(1 - s.Beta2);
        T eps = T.CreateTruncating(s.Eps), decay = T.CreateTruncating(s.WeightDecay);
        for (int i = 0; i < param.Length; i++)
        {
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.WeightDecay != 0) g += decay * param[i];
            T m = expAvg[i] * beta1 + oneMinusBeta1 * g;
            T v = expAvgSq[i] * beta2 + oneMinusBeta2 * g * g;
            expAvg[i] = m;
            expAvgSq[i] = v;
            T denom = T.Sqrt(v) / bc2Sqrt + eps;
            T p = param[i] + gradStep * g / denom;
            param[i] = p + avgStep * m / denom;
        }
    }
}
