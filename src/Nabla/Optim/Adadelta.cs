using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adadelta (torch.optim.Adadelta): a step measured in the units of the parameter, the ratio of two running root mean
/// squares. g = g + λθ;  v = ρv + (1 − ρ)g²;  δ = √(u + ε) / √(v + ε) · g;  u = ρu + (1 − ρ)δ²;  θ = θ − lr·δ.
/// Written on the public optimizer API only (<see cref="PerParameterOptimizer"/>, <see cref="ParamUpdate{T}"/>), as a
/// user's optimizer would be: its buffers square_avg and acc_delta go into the state dict without further code.
/// </summary>
public sealed class Adadelta : PerParameterOptimizer
{
    public Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
        double weightDecay = 0, bool maximize = false)
        : this(OneGroup(parameters), lr, rho, eps, weightDecay, maximize) { }

    public Adadelta(IEnumerable<ParamGroup> paramGroups, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
        double weightDecay = 0, bool maximize = false)
        : base(paramGroups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["rho"] = rho, ["eps"] = eps, ["weight_decay"] = weightDecay, ["maximize"] = Flag(maximize),
        }) { }

    protected override void Validate(OptionCheck check)
    {
        check.NonNegative("lr", "eps", "weight_decay");
        check.Require("rho", v => v >= 0 && v <= 1, "in [0, 1]");
        check.Flag("maximize");
    }

    /// <summary>The hyperparameters of one Adadelta update.</summary>
    public readonly record struct Settings(double Lr, double Rho, double Eps, double WeightDecay, bool Maximize);

    protected override void Update<T>(ParamUpdate<T> p)
    {
        var group = p.Group;
        var s = new Settings(group.Lr, group["rho"], group["eps"], group["weight_decay"], group.Flag("maximize"));
        var squareAvg = p.Buffer("square_avg");
        var accDelta = p.Buffer("acc_delta");
        p.State.Step++;
        Update(p.Param, p.Grad, squareAvg, accDelta, s);
    }

    /// <summary>One Adadelta step on spans, in PyTorch's order of operations.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> accDelta, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T rho = T.CreateTruncating(s.Rho), oneMinusRho = T.CreateTruncating(1 - s.Rho);
        T eps = T.CreateTruncating(s.Eps), decay = T.CreateTruncating(s.WeightDecay), negLr = T.CreateTruncating(-s.Lr);
        for (int i = 0; i < param.Length; i++)
        {
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.WeightDecay != 0) g += decay * param[i];
            T v = squareAvg[i] * rho + oneMinusRho * g * g;
            squareAvg[i] = v;
            T delta = T.Sqrt(accDelta[i] + eps) / T.Sqrt(v + eps) * g;
            accDelta[i] = accDelta[i] * rho + oneMinusRho * delta * delta;
            param[i] += negLr * delta;
        }
    }
}
