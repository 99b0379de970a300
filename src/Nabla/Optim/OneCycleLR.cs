namespace Nabla.Optim;

public enum AnnealStrategy { Cos, Linear }

/// <summary>
/// The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR): the lr rises from maxLr/divFactor to maxLr over the first
/// pctStart of totalSteps, then falls to maxLr/(divFactor·finalDivFactor); with threePhase it first returns to the
/// initial lr symmetrically, then falls. Momentum (SGD, RMSprop) or beta1 (Adam family) moves the opposite way between
/// maxMomentum and baseMomentum. Step once per batch; stepping past totalSteps is an error.
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly (double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum)[] phases;
    private readonly AnnealStrategy anneal;
    private readonly string? momentumOption;

    public OneCycleLR(Optimizer optimizer, double maxLr, int? totalSteps = null, int? epochs = null, int? stepsPerEpoch = null,
        double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true,
        double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4,
        bool threePhase = false)
        : this(optimizer, [maxLr], totalSteps, epochs, stepsPerEpoch, pctStart, annealStrategy, cycleMomentum,
            [baseMomentum], [maxMomentum], divFactor, finalDivFactor, threePhase) { }

    /// <summary>Per-group peaks and momenta (a single value applies to every group).</summary>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> maxLr, int? totalSteps = null, int? epochs = null,
        int? stepsPerEpoch = null, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true, IReadOnlyList<double>? baseMomentum = null, IReadOnlyList<double>? maxMomentum = null,
        double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(maxLr);
        TotalSteps = (totalSteps, epochs, stepsPerEpoch) switch
        {
            ({ } t, _, _) when t > 0 => t,
            ({ } t, _, _) => throw new ArgumentException($"OneCycleLR: totalSteps must be positive, got {t}."),
            (null, { } e, { } s) when e > 0 && s > 0 => e * s,
            (null, { } e, { } s) => throw new ArgumentException($"OneCycleLR: epochs and stepsPerEpoch must be positive, got {e} and {s}."),
            _ => throw new ArgumentException("OneCycleLR: give totalSteps, or epochs and stepsPerEpoch."),
        };
        if (pctStart < 0 || pctStart > 1) throw new ArgumentException($"OneCycleLR: pctStart must be in [0, 1], got {pctStart}.");
        anneal = annealStrategy;
        double warmEnd = pctStart * TotalSteps - 1;
        phases = threePhase
            ? [(warmEnd, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               (2 * pctStart * TotalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
               (TotalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
            : [(warmEnd, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               (TotalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")];

        var groups = optimizer.ParamGroups;
        var peaks = PerGroup("OneCycleLR", "maxLr", optimizer, maxLr);
        for (int g = 0; g < groups.Count; g++)
        {
            groups[g]["initial_lr"] = peaks[g] / divFactor;
            groups[g]["max_lr"] = peaks[g];
            groups[g]["min_lr"] = groups[g]["initial_lr"] / finalDivFactor;
        }
        if (cycleMomentum)
        {
            momentumOption = optimizer.Defaults.ContainsKey("momentum") ? "momentum"
                : optimizer.Defaults.ContainsKey("beta1") ? "beta1"
                : throw new ArgumentException($"OneCycleLR: cycleMomentum needs an optimizer with momentum or beta1; {optimizer.Name} has neither (pass cycleMomentum: false).");
            var highs = PerGroup("OneCycleLR", "maxMomentum", optimizer, maxMomentum ?? [0.95]);
            var lows = PerGroup("OneCycleLR", "baseMomentum", optimizer, baseMomentum ?? [0.85]);
            for (int g = 0; g < groups.Count; g++)
            {
                groups[g][momentumOption] = highs[g];
                groups[g]["max_momentum"] = highs[g];
                groups[g]["base_momentum"] = lows[g];
            }
        }
        Start();
    }

    public int TotalSteps { get; }

    protected override double ComputeLr(int group, double currentLr, double baseLr)
    {
        int step = LastEpoch;
        if (step > TotalSteps)
            throw new InvalidOperationException($"OneCycleLR: tried to step {step + 1} times; the schedule has {TotalSteps} steps.");
        var options = Optimizer.ParamGroups[group];
        double start = 0;
        for (int i = 0; i < phases.Length; i++)
        {
            var phase = phases[i];
            if (step <= phase.EndStep || i == phases.Length - 1)
            {
                double pct = (step - start) / (phase.EndStep - start);
                if (momentumOption is not null)
                    options[momentumOption] = Anneal(options[phase.StartMomentum], options[phase.EndMomentum], pct);
                return Anneal(options[phase.StartLr], options[phase.EndLr], pct);
            }
            start = phase.EndStep;
        }
        throw new InvalidOperationException("OneCycleLR: no phase"); // unreachable: the last phase always matches
    }

    private double Anneal(double start, double end, double pct) => anneal == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;
}
