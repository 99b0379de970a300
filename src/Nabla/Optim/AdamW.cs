namespace Nabla.Optim;

/// <summary>
/// AdamW (torch.optim.AdamW): Adam with decoupled weight decay, θ = θ(1 − lr·λ) before the Adam step, instead of adding
/// λθ to the gradient. Same options and state as <see cref="Adam"/>; weight decay defaults to 0.01.
/// </summary>
public sealed class AdamW : PerParameterOptimizer
{
    /// <param name="betas">(β₁, β₂): the decay rates of the two moments; (0.9, 0.999) when null.</param>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this(OneGroup(parameters), lr, betas, eps, weightDecay, amsgrad, maximize) { }

    /// <param name="betas">(β₁, β₂): the decay rates of the two moments; (0.9, 0.999) when null.</param>
    public AdamW(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(paramGroups, Adam.Options(lr, betas, eps, weightDecay, maximize, ("amsgrad", Flag(amsgrad)))) { }

    protected override void Validate(OptionCheck check)
    {
        Adam.ValidateCommon(check);
        check.Flag("amsgrad");
    }

    protected override void Update<T>(ParamUpdate<T> p) => Adam.Step(p, decoupled: true);
}
