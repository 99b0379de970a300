namespace Nabla.Optim;

/// <summary>
/// AdamW (torch.optim.AdamW): Adam with decoupled weight decay, θ = θ(1 − lr·λ) before the Adam step, instead of adding
/// λθ to the gradient. Same options and state as <see cref="Adam"/>; weight decay defaults to 0.01.
/// </summary>
public sealed class AdamW : Optimizer
{
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this(OneGroup(parameters), lr, beta1, beta2, eps, weightDecay, amsgrad, maximize) { }

    public AdamW(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(paramGroups, Adam.Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)) { }

    protected override void Validate(ParamGroup group, int index)
    {
        RequireNonNegative(group, index, "lr", "eps", "weight_decay");
        RequireBeta(group, index, "beta1", "beta2");
    }

    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParamState state) =>
        Adam.Step(group, parameter, grad, state, decoupled: true);
}
