using System.Numerics;

namespace Nabla.Optim;

/// <summary>
/// RMSprop (torch.optim.RMSprop): divides by a running root-mean-square of the gradients, optionally centered (minus
/// the squared running mean) and with momentum.
/// v = αv + (1 − α)g²;  centered: m = αm + (1 − α)g, a = √(v − m²) + ε, else a = √v + ε;
/// momentum: b = μb + g/a, θ = θ − lr·b;  else θ = θ − lr·g/a.
/// </summary>
public sealed class RMSprop : PerParameterOptimizer
{
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : this(OneGroup(parameters), lr, alpha, eps, weightDecay, momentum, centered, maximize) { }

    public RMSprop(IEnumerable<ParamGroup> paramGroups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(paramGroups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum"] = momentum,
            ["centered"] = Flag(centered), ["maximize"] = Flag(maximize),
        }) { }

    protected override void Validate(OptionCheck check)
    {
        check.NonNegative("lr", "alpha", "eps", "weight_decay", "momentum");
        check.Flag("centered", "maximize");
    }

    /// <summary>The hyperparameters of one RMSprop update.</summary>
    public readonly record struct Settings(double Lr, double Alpha, double Eps, double WeightDecay, double Momentum, bool Centered, bool Maximize);

    protected override void Update<T>(ParamUpdate<T> p)
    {
        var group = p.Group;
        var s = new Settings(group.Lr, group["alpha"], group["eps"], group["weight_decay"], group["momentum"],
            group.Flag("centered"), group.Flag("maximize"));
        var squareAvg = p.Buffer("square_avg");
        var buffer = s.Momentum > 0 ? p.Buffer("momentum_buffer") : default;
        var gradAvg = s.Centered ? p.Buffer("grad_avg") : default;
        p.State.Step++;
        Update(p.Param, p.Grad, squareAvg, gradAvg, buffer, s);
    }

    /// <summary>One RMSprop step on spans; <paramref name="gradAvg"/> is empty unless centered,
    /// <paramref name="momentumBuffer"/> empty unless momentum &gt; 0.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in Settings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(s.Alpha), oneMinusAlpha = T.CreateTruncating(1 - s.Alpha);
        T eps = T.CreateTruncating(s.Eps), decay = T.CreateTruncating(s.WeightDecay);
        T momentum = T.CreateTruncating(s.Momentum), negLr = T.CreateTruncating(-s.Lr);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The scalar loop's operations in its order, element for element (no fused multiply-add): the same bits.
            var vAlpha = new Vector<T>(alpha);
            var vOneMinusAlpha = new Vector<T>(oneMinusAlpha);
            var vEps = new Vector<T>(eps);
            var vDecay = new Vector<T>(decay);
            var vMomentum = new Vector<T>(momentum);
            var vNegLr = new Vector<T>(negLr);
            for (; i <= param.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(grad[i..]);
                if (s.Maximize) g = -g;
                var p = new Vector<T>(param[i..]);
                if (s.WeightDecay != 0) g += vDecay * p;
                var v = new Vector<T>(squareAvg[i..]) * vAlpha + vOneMinusAlpha * g * g;
                v.CopyTo(squareAvg[i..]);
                Vector<T> avg;
                if (s.Centered)
                {
                    var m = new Vector<T>(gradAvg[i..]) * vAlpha + vOneMinusAlpha * g;
                    m.CopyTo(gradAvg[i..]);
                    avg = Vector.SquareRoot(v + -m * m) + vEps;
                }
                else avg = Vector.SquareRoot(v) + vEps;
                if (s.Momentum > 0)
                {
                    var b = new Vector<T>(momentumBuffer[i..]) * vMomentum + g / avg;
                    b.CopyTo(momentumBuffer[i..]);
                    (p + vNegLr * b).CopyTo(param[i..]);
                }
                else (p + vNegLr * g / avg).CopyTo(param[i..]);
            }
        }
        for (; i < param.Length; i++)
        {
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.WeightDecay != 0) g += decay * param[i];
            T v = squareAvg[i] * alpha + oneMinusAlpha * g * g;
            squareAvg[i] = v;
            T avg;
            if (s.Centered)
            {
                T m = gradAvg[i] * alpha + oneMinusAlpha * g;
                gradAvg[i] = m;
                avg = T.Sqrt(v + -m * m) + eps;
            }
            else avg = T.Sqrt(v) + eps;
            if (s.Momentum > 0)
            {
                T b = momentumBuffer[i] * momentum + g / avg;
                momentumBuffer[i] = b;
                param[i] += negLr * b;
            }
            else param[i] += negLr * g / avg;
        }
    }
}
