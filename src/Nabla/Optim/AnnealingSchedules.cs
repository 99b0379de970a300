namespace Nabla.Optim;

/// <summary>
/// Cosine annealing from the base lr to etaMin over tMax epochs, then back up (torch.optim.lr_scheduler.CosineAnnealingLR,
/// without restarts): ηₜ = η_min + (η_base − η_min)(1 + cos(πt/T))/2, computed in PyTorch's chainable (recursive) form.
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    private readonly int tMax;
    private readonly double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        if (tMax <= 0) throw new ArgumentException($"CosineAnnealingLR: tMax must be positive, got {tMax}.");
        (this.tMax, this.etaMin) = (tMax, etaMin);
        Start();
    }

    protected override double ComputeLr(int group, double currentLr, double baseLr)
    {
        int t = LastEpoch;
        if (t == 0) return currentLr;
        if ((t - 1 - tMax) % (2 * tMax) == 0) // at the bottom: step back up by the first increment
            return currentLr + (baseLr - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2;
        return (1 + Math.Cos(Math.PI * t / tMax)) / (1 + Math.Cos(Math.PI * (t - 1) / tMax)) * (currentLr - etaMin) + etaMin;
    }

    protected override double ClosedFormLr(int group, double baseLr) =>
        etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * LastEpoch / tMax)) / 2;
}

/// <summary>
/// Scales the lr linearly from startFactor · base to endFactor · base over totalIters epochs, then holds it
/// (torch.optim.lr_scheduler.LinearLR). With startFactor &lt; 1 and endFactor = 1 this is a linear warm-up.
/// </summary>
public sealed class LinearLR : LRScheduler
{
    private readonly double startFactor, endFactor;
    private readonly int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5) : base(optimizer)
    {
        if (startFactor > 1 || startFactor <= 0)
            throw new ArgumentException($"LinearLR: startFactor must be in (0, 1], got {startFactor}.");
        if (endFactor > 1 || endFactor < 0)
            throw new ArgumentException($"LinearLR: endFactor must be in [0, 1], got {endFactor}.");
        if (totalIters <= 0) throw new ArgumentException($"LinearLR: totalIters must be positive, got {totalIters}.");
        (this.startFactor, this.endFactor, this.totalIters) = (startFactor, endFactor, totalIters);
        Start();
    }

    protected override double ComputeLr(int group, double currentLr, double baseLr)
    {
        int t = LastEpoch;
        if (t == 0) return currentLr * startFactor;
        if (t > totalIters) return currentLr;
        // ratio of consecutive factors: (s + (e − s)t/T) / (s + (e − s)(t − 1)/T)
        return currentLr * (1.0 + (endFactor - startFactor) / (totalIters * startFactor + (t - 1) * (endFactor - startFactor)));
    }

    protected override double ClosedFormLr(int group, double baseLr) =>
        baseLr * (startFactor + (endFactor - startFactor) * Math.Min(totalIters, LastEpoch) / totalIters);
}

/// <summary>
/// Runs schedules one after another, switching at the milestones (torch.optim.lr_scheduler.SequentialLR): e.g. a
/// LinearLR warm-up for 5 epochs, then CosineAnnealingLR. Each later schedule restarts at its epoch 0 (closed form)
/// when its milestone is reached. Build the inner schedules on the same optimizer first.
/// </summary>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] schedulers;
    private readonly int[] milestones;

    public SequentialLR(Optimizer optimizer, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<int> milestones) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedulers.Count == 0) throw new ArgumentException("SequentialLR: needs at least one schedule.");
        for (int i = 0; i < schedulers.Count; i++)
            if (!ReferenceEquals(schedulers[i].Optimizer, optimizer))
                throw new ArgumentException($"SequentialLR: schedule {i} ({schedulers[i].GetType().Name}) belongs to a different optimizer.");
        if (milestones.Count != schedulers.Count - 1)
            throw new ArgumentException($"SequentialLR: {schedulers.Count} schedules need {schedulers.Count - 1} milestones, got {milestones.Count}.");
        this.schedulers = schedulers.ToArray();
        this.milestones = milestones.ToArray();
        // As PyTorch: reset the lrs, undo the inner schedules' initial steps, and restart the first one.
        foreach (var group in optimizer.ParamGroups) group.Lr = group["initial_lr"];
        foreach (var s in this.schedulers) s.LastEpoch--;
        Start();
    }

    public IReadOnlyList<LRScheduler> Schedulers => schedulers;

    public override void Step()
    {
        LastEpoch++;
        int index = milestones.Count(m => m <= LastEpoch); // bisect_right
        var scheduler = schedulers[index];
        if (index > 0 && milestones[index - 1] == LastEpoch) scheduler.StepTo(0);
        else scheduler.Step();
        SetLastLr(scheduler.LastLr);
    }

    protected internal override void AddState(Dictionary<string, Tensor> dict)
    {
        for (int i = 0; i < schedulers.Length; i++)
            foreach (var (key, value) in schedulers[i].StateDict()) dict[$"{Prefix(i)}{key}"] = value;
    }

    protected internal override Action ReadState(IReadOnlyDictionary<string, Tensor> dict)
    {
        new StateDictReader(Name, dict).RejectUnknownKeys([], key => !key.StartsWith("_schedulers.", StringComparison.Ordinal)
            || Enumerable.Range(0, schedulers.Length).Any(i => key.StartsWith(Prefix(i), StringComparison.Ordinal)));
        var own = dict.Where(e => !e.Key.StartsWith("_schedulers.", StringComparison.Ordinal)).ToDictionary();
        var apply = new List<Action> { base.ReadState(own) };
        for (int i = 0; i < schedulers.Length; i++)
        {
            string prefix = Prefix(i);
            apply.Add(schedulers[i].ReadState(dict.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(e => e.Key[prefix.Length..], e => e.Value)));
        }
        return () => apply.ForEach(a => a());
    }

    private static string Prefix(int scheduler) => $"_schedulers.{scheduler}.";

    // The first Step (from Start) only needs to restart the first schedule: LastEpoch becomes 0 and index is 0.
    protected override double ComputeLr(int group, double currentLr, double baseLr) => currentLr;
}
