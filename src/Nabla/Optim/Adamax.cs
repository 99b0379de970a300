using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adamax (torch.optim.Adamax): Adam with the infinity norm in place of the root mean square.
/// m = β₁m + (1 − β₁)g;  u = max(β₂u, |g| + ε);  θ = θ − (lr / (1 − β₁ᵗ)) · m / u.
/// </summary>
public sealed class Adamax : PerParameterOptimizer
{
    /// <param name="betas">(β₁, β₂): the decay rates of the mean and of the infinity norm; (0.9, 0.999) when null.</param>
    public Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : this(OneGroup(parameters), lr, betas, eps, weightDecay, maximize) { }

    /// <param name="betas">(β₁, β₂): the decay rates of the mean and of the infinity norm; (0.9, 0.999) when null.</param>
    public Adamax(IEnumerable<ParamGroup> paramGroups, double lr = 2e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : base(paramGroups, Adam.Options(lr, betas, eps, weightDecay, maximize)) { }

    protected override void Validate(OptionCheck check) => Adam.ValidateCommon(check);

    /// <summary>The hyperparameters of one Adamax update; Step counts from 1.</summary>
    public readonly record struct Settings(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, bool Maximize, long Step);

    protected override void Update<T>(ParamUpdate<T> p)
    {
        var group = p.Group;
        var expAvg = p.Buffer("exp_avg");
        var expInf = p.Buffer("exp_inf");
        var s = new Settings(group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"], group.Flag("maximize"), ++p.State.Step);
        Update(p.Param, p.Grad, expAvg, expInf, s);
    }

    /// <summary>One Adamax step on spans.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expInf, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T negClr = T.CreateTruncating(-(s.Lr / (1 - Math.Pow(s.Beta1, s.Step))));
        T beta1 = T.CreateTruncating(s.Beta1), oneMinusBeta1 = T.CreateTruncating(1 - s.Beta1);
        T beta2 = T.CreateTruncating(s.Beta2), eps = T.CreateTruncating(s.Eps), decay = T.CreateTruncating(s.WeightDecay);
        for (int i = 0; i < param.Length; i++)
        {
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.WeightDecay != 0) g += decay * param[i];
            T m = expAvg[i] * beta1 + oneMinusBeta1 * g;
            T u = T.Max(expInf[i] * beta2, T.Abs(g) + eps);
            expAvg[i] = m;
            expInf[i] = u;
            param[i] += negClr * m / u;
        }
    }
}
