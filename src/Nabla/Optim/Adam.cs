using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adam (torch.optim.Adam) with optional AMSGrad and L2 weight decay added to the gradient.
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  v̂ = max(v̂, v) with AMSGrad;
/// θ = θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)  (eps outside the square root, as in PyTorch).
/// </summary>
public sealed class Adam : Optimizer
{
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(OneGroup(parameters), lr, beta1, beta2, eps, weightDecay, amsgrad, maximize) { }

    public Adam(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(paramGroups, Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)) { }

    internal static Dictionary<string, double> Options(double lr, double beta1, double beta2, double eps,
        double weightDecay, bool amsgrad, bool maximize) => new()
    {
        ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
        ["amsgrad"] = Flag(amsgrad), ["maximize"] = Flag(maximize),
    };

    protected override void Validate(ParamGroup group, int index)
    {
        RequireNonNegative(group, index, "lr", "eps", "weight_decay");
        RequireBeta(group, index, "beta1", "beta2");
    }

    /// <summary>The hyperparameters of one Adam/AdamW update. Step counts from 1; Decoupled selects AdamW's
    /// θ = θ(1 − lr·λ) instead of adding λθ to the gradient.</summary>
    public readonly record struct Settings(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay,
        bool Amsgrad, bool Maximize, long Step, bool Decoupled = false);

    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParamState state) =>
        Step(group, parameter, grad, state, decoupled: false);

    /// <summary>Shared by Adam and AdamW: gathers the state buffers and calls the span update.</summary>
    internal static void Step(ParamGroup group, Tensor parameter, Tensor grad, ParamState state, bool decoupled)
    {
        var expAvg = state.Buffer("exp_avg", parameter);
        var expAvgSq = state.Buffer("exp_avg_sq", parameter);
        bool amsgrad = group.Flag("amsgrad");
        var maxExpAvgSq = amsgrad ? state.Buffer("max_exp_avg_sq", parameter) : null;
        state.Step++;
        var s = new Settings(group.Lr, group["beta1"], group["beta2"], group["eps"], group["weight_decay"], amsgrad,
            group.Flag("maximize"), state.Step, decoupled);
        if (parameter.DType == DType.Float32)
            Update(parameter.Span<float>(), grad.Span<float>(), expAvg.Span<float>(), expAvgSq.Span<float>(),
                maxExpAvgSq is null ? default : maxExpAvgSq.Span<float>(), s);
        else
            Update(parameter.Span<double>(), grad.Span<double>(), expAvg.Span<double>(), expAvgSq.Span<double>(),
                maxExpAvgSq is null ? default : maxExpAvgSq.Span<double>(), s);
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
        for (int i = 0; i < param.Length; i++)
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
