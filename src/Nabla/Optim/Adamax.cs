using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adamax (torch.optim.Adamax): Adam with the infinity norm in place of the root mean square.
/// m = β₁m + (1 − β₁)g;  u = max(β₂u, |g| + ε);  θ = θ − (lr / (1 − β₁ᵗ)) · m / u.
/// </summary>
public sealed class Adamax : Optimizer
{
    public Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : this(OneGroup(parameters), lr, beta1, beta2, eps, weightDecay, maximize) { }

    public Adamax(IEnumerable<ParamGroup> paramGroups, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : base(paramGroups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
            ["maximize"] = Flag(maximize),
        }) { }

    protected override void Validate(ParamGroup group, int index)
    {
        RequireNonNegative(group, index, "lr", "eps", "weight_decay");
        RequireBeta(group, index, "beta1", "beta2");
    }

    /// <summary>The hyperparameters of one Adamax update; Step counts from 1.</summary>
    public readonly record struct Settings(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, bool Maximize, long Step);

    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParamState state)
    {
        var expAvg = state.Buffer("exp_avg", parameter);
        var expInf = state.Buffer("exp_inf", parameter);
        state.Step++;
        var s = new Settings(group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"], group.Flag("maximize"), state.Step);
        if (parameter.DType == DType.Float32)
            Update(parameter.Span<float>(), grad.Span<float>(), expAvg.Span<float>(), expInf.Span<float>(), s);
        else
            Update(parameter.Span<double>(), grad.Span<double>(), expAvg.Span<double>(), expInf.Span<double>(), s);
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
