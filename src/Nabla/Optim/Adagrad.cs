using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// Adagrad (torch.optim.Adagrad): each coordinate's step shrinks with the sum of its squared gradients.
/// g = g + λθ;  s = s + g²;  θ = θ − lr_t · g / (√s + ε),  lr_t = lr / (1 + (t − 1)·lr_decay).
/// </summary>
public sealed class Adagrad : PerParameterOptimizer
{
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this(OneGroup(parameters), lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize) { }

    public Adagrad(IEnumerable<ParamGroup> paramGroups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(paramGroups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["lr_decay"] = lrDecay, ["weight_decay"] = weightDecay,
            ["initial_accumulator_value"] = initialAccumulatorValue, ["eps"] = eps, ["maximize"] = Flag(maximize),
        }) { }

    protected override void Validate(OptionCheck check)
    {
        check.NonNegative("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps");
        check.Flag("maximize");
    }

    /// <summary>The hyperparameters of one Adagrad update; Step counts from 1.</summary>
    public readonly record struct Settings(double Lr, double LrDecay, double WeightDecay, double Eps, bool Maximize, long Step);

    protected override void Update<T>(ParamUpdate<T> p)
    {
        var group = p.Group;
        var sum = p.Buffer("sum", group["initial_accumulator_value"]);
        var s = new Settings(group.Lr, group["lr_decay"], group["weight_decay"], group["eps"], group.Flag("maximize"), ++p.State.Step);
        Update(p.Param, p.Grad, sum, s);
    }

    /// <summary>One Adagrad step on spans; <paramref name="sum"/> accumulates the squared gradients.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> sum, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double clr = s.Lr / (1 + (s.Step - 1) * s.LrDecay);
        T negClr = T.CreateTruncating(-clr), decay = T.CreateTruncating(s.WeightDecay), eps = T.CreateTruncating(s.Eps);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The scalar loop's operations in its order, element for element (no fused multiply-add): the same bits.
            var vNegClr = new Vector<T>(negClr);
            var vDecay = new Vector<T>(decay);
            var vEps = new Vector<T>(eps);
            for (; i <= param.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(grad[i..]);
                if (s.Maximize) g = -g;
                var p = new Vector<T>(param[i..]);
                if (s.WeightDecay != 0) g += vDecay * p;
                var acc = new Vector<T>(sum[i..]) + g * g;
                acc.CopyTo(sum[i..]);
                (p + vNegClr * g / (Vector.SquareRoot(acc) + vEps)).CopyTo(param[i..]);
            }
        }
        for (; i < param.Length; i++)
        {
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.WeightDecay != 0) g += decay * param[i];
            T acc = sum[i] + g * g;
            sum[i] = acc;
            param[i] += negClr * g / (T.Sqrt(acc) + eps);
        }
    }
}
