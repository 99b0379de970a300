using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay (torch.optim.SGD).
/// d = g + λθ;  b = d on the first step, else b = μb + (1 − τ)d;  d = d + μb (Nesterov) or b;  θ = θ − lr·d.
/// </summary>
public sealed class SGD : PerParameterOptimizer
{
    public SGD(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : this(OneGroup(parameters), lr, momentum, dampening, weightDecay, nesterov, maximize) { }

    public SGD(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(paramGroups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay,
            ["nesterov"] = Flag(nesterov), ["maximize"] = Flag(maximize),
        }) { }

    protected override void Validate(OptionCheck check)
    {
        check.NonNegative("lr", "momentum", "weight_decay");
        check.Flag("nesterov", "maximize");
        var group = check.Group;
        if (group.Flag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw check.Fail($"Nesterov momentum requires a momentum and zero dampening (param group {check.Index} has momentum {group["momentum"]}, dampening {group["dampening"]}).");
    }

    /// <summary>The hyperparameters of one SGD update.</summary>
    public readonly record struct Settings(double Lr, double Momentum, double Dampening, double WeightDecay, bool Nesterov, bool Maximize);

    protected override void Update<T>(ParamUpdate<T> p)
    {
        var s = SettingsOf(p.Group);
        bool first = !p.State.HasBuffer("momentum_buffer");
        var buffer = s.Momentum != 0 ? p.Buffer("momentum_buffer") : default;
        p.State.Step++;
        Update(p.Param, p.Grad, buffer, first, s);
    }

    // The settings of the group last read, and the group's option version they were read at: six dictionary lookups
    // per parameter per step were a tenth of a tiny network's step.
    private (ParamGroup? Group, int Version, Settings Settings) cache;

    private Settings SettingsOf(ParamGroup group)
    {
        if (ReferenceEquals(cache.Group, group) && cache.Version == group.Version) return cache.Settings;
        var s = new Settings(group.Lr, group["momentum"], group["dampening"], group["weight_decay"], group.Flag("nesterov"), group.Flag("maximize"));
        cache = (group, group.Version, s);
        return s;
    }

    /// <summary>One SGD step on spans. <paramref name="momentumBuffer"/> is empty when momentum is 0;
    /// <paramref name="firstStep"/> makes it start as the first (decayed) gradient, as in PyTorch.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, bool firstStep, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T negLr = T.CreateTruncating(-s.Lr);
        if (s.Momentum == 0 && s.WeightDecay == 0 && !s.Maximize)
        {
            TensorPrimitives.MultiplyAdd(grad, negLr, param, param); // θ + (−lr)·g
            return;
        }
        T decay = T.CreateTruncating(s.WeightDecay), momentum = T.CreateTruncating(s.Momentum);
        T keep = T.CreateTruncating(1 - s.Dampening);
        bool useMomentum = s.Momentum != 0;
        if (useMomentum && !firstStep && s.WeightDecay == 0 && !s.Maximize && !s.Nesterov && s.Dampening == 0)
        {
            // The common case, one vectorised pass with the same roundings as the loop below: b = b·μ + g; θ = θ + (−lr)·b.
            Kernels.MomentumStep.Run(param, grad, momentumBuffer, momentum, negLr);
            return;
        }
        for (int i = 0; i < param.Length; i++)
        {
            T d = s.Maximize ? -grad[i] : grad[i];
            if (s.WeightDecay != 0) d += decay * param[i];
            if (useMomentum)
            {
                T b = firstStep ? d : momentumBuffer[i] * momentum + keep * d;
                momentumBuffer[i] = b;
                d = s.Nesterov ? d + momentum * b : b;
            }
            param[i] += negLr * d;
        }
    }
}
