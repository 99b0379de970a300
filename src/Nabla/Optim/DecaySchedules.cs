namespace Nabla.Optim;

/// <summary>Multiplies the lr by gamma every <c>stepSize</c> epochs (torch.optim.lr_scheduler.StepLR).</summary>
public sealed class StepLR : LRScheduler
{
    private readonly int stepSize;
    private readonly double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentException($"StepLR: stepSize must be positive, got {stepSize}.");
        (this.stepSize, this.gamma) = (stepSize, gamma);
        Start();
    }

    protected override double ComputeLr(int group, double currentLr, double baseLr) =>
        LastEpoch == 0 || LastEpoch % stepSize != 0 ? currentLr : currentLr * gamma;

    protected override double ClosedFormLr(int group, double baseLr) => baseLr * Math.Pow(gamma, LastEpoch / stepSize);
}

/// <summary>Multiplies the lr by gamma at each milestone epoch; a milestone listed k times multiplies by gamma^k
/// (torch.optim.lr_scheduler.MultiStepLR).</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly Dictionary<int, int> counts = [];
    private readonly int[] sorted;
    private readonly double gamma;

    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        sorted = milestones.Order().ToArray();
        foreach (int m in sorted) counts[m] = counts.GetValueOrDefault(m) + 1;
        this.gamma = gamma;
        Start();
    }

    protected override double ComputeLr(int group, double currentLr, double baseLr) =>
        counts.TryGetValue(LastEpoch, out int k) ? currentLr * Math.Pow(gamma, k) : currentLr;

    protected override double ClosedFormLr(int group, double baseLr) =>
        baseLr * Math.Pow(gamma, sorted.Count(m => m <= LastEpoch));
}

/// <summary>Multiplies the lr by gamma every epoch (torch.optim.lr_scheduler.ExponentialLR).</summary>
public sealed class ExponentialLR : LRScheduler
{
    private readonly double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        this.gamma = gamma;
        Start();
    }

    protected override double ComputeLr(int group, double currentLr, double baseLr) =>
        LastEpoch == 0 ? currentLr : currentLr * gamma;

    protected override double ClosedFormLr(int group, double baseLr) => baseLr * Math.Pow(gamma, LastEpoch);
}

/// <summary>lr = base lr · f(epoch), one function for all groups or one per group (torch.optim.lr_scheduler.LambdaLR).</summary>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<int, double>[] factors;

    public LambdaLR(Optimizer optimizer, Func<int, double> factor) : this(optimizer, [factor]) { }

    public LambdaLR(Optimizer optimizer, IReadOnlyList<Func<int, double>> factors) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(factors);
        int n = optimizer.ParamGroups.Count;
        if (factors.Count != 1 && factors.Count != n)
            throw new ArgumentException($"LambdaLR: expected {n} lr functions (one per param group), got {factors.Count}.");
        this.factors = factors.Count == 1 ? Enumerable.Repeat(factors[0], n).ToArray() : factors.ToArray();
        Start();
    }

    protected override double ComputeLr(int group, double currentLr, double baseLr) => baseLr * factors[group](LastEpoch);
}
