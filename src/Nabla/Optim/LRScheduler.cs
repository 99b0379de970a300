namespace Nabla.Optim;

/// <summary>
/// Base of the learning-rate schedules (torch.optim.lr_scheduler._LRScheduler). A schedule counts epochs (or
/// iterations) in <see cref="LastEpoch"/>; each <see cref="Step"/> advances it and writes a new lr into every param
/// group. Schedules use PyTorch's chainable forms: the new lr is computed from the group's current lr, so changes made
/// from outside (another schedule, a user) carry through. Construction performs the first step (epoch 0), as in
/// PyTorch; call Step after each optimizer.Step(). <see cref="StateDict"/> and <see cref="LoadStateDict"/> save and
/// restore the progress, so a resumed run continues on the same lrs.
/// </summary>
public abstract class LRScheduler
{
    private double[] baseLrs = [];
    private double[] lastLr = [];

    protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
    }

    public Optimizer Optimizer { get; }

    /// <summary>Each group's "initial_lr" (its lr when the first schedule was attached).</summary>
    public IReadOnlyList<double> BaseLrs => baseLrs;

    /// <summary>The number of steps taken: 0 right after construction.</summary>
    public int LastEpoch { get; internal set; } = -1;

    /// <summary>The lr of each group after the latest step (PyTorch's get_last_lr()).</summary>
    public IReadOnlyList<double> LastLr => lastLr;

    /// <summary>The end of construction: records each group's "initial_lr" (kept if a schedule already set it), then
    /// takes the step to epoch 0. Subclasses call it once their own fields are set.</summary>
    protected void Start()
    {
        foreach (var group in Optimizer.ParamGroups)
            if (!group.HasOption("initial_lr")) group["initial_lr"] = group.Lr;
        baseLrs = Optimizer.ParamGroups.Select(g => g["initial_lr"]).ToArray();
        Step();
    }

    /// <summary>Advances one epoch and sets every group's lr.</summary>
    public virtual void Step()
    {
        LastEpoch++;
        Apply(ComputeLr);
    }

    /// <summary>The name in messages ("StepLR", ...).</summary>
    public string Name => GetType().Name;

    /// <summary>
    /// The progress, as tensors under PyTorch's keys (so a safetensors checkpoint can hold it next to the optimizer's
    /// state dict): <c>last_epoch</c> (0-d Float64), <c>base_lrs</c> and <c>_last_lr</c> (Float64, one value per param
    /// group), and whatever the schedule adds (SequentialLR: <c>_schedulers.{i}.*</c>). Settings passed to the
    /// constructor, and LambdaLR's functions, are not saved (PyTorch does not save lambdas either): to resume, build the
    /// optimizer and the schedule as before, then load the optimizer's state dict and this one.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["last_epoch"] = Tensor.Scalar(LastEpoch, DType.Float64),
            ["base_lrs"] = Tensor.FromArray(baseLrs.ToArray()),
            ["_last_lr"] = Tensor.FromArray(lastLr.ToArray()),
        };
        AddState(dict);
        return dict;
    }

    /// <summary>Restores <see cref="StateDict"/>'s output; nothing changes if it is rejected (ArgumentException naming
    /// the key and the problem).</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        ReadState(stateDict)();
    }

    /// <summary>Adds the schedule's own entries to its state dict.</summary>
    protected internal virtual void AddState(Dictionary<string, Tensor> dict) { }

    /// <summary>Reads and checks a state dict; returns the action that applies it (so that a rejected dict changes
    /// nothing, also in nested schedules).</summary>
    protected internal virtual Action ReadState(IReadOnlyDictionary<string, Tensor> dict)
    {
        var reader = new StateDictReader(Name, dict);
        reader.RejectUnknownKeys(["last_epoch", "base_lrs", "_last_lr"]);
        int groups = Optimizer.ParamGroups.Count;
        int epoch = (int)reader.Count("last_epoch", reader.Tensor("last_epoch"), "last_epoch", min: -1, max: int.MaxValue);
        var bases = reader.Vector("base_lrs", groups);
        var last = reader.Vector("_last_lr", groups);
        return () => (LastEpoch, baseLrs, lastLr) = (epoch, bases, last);
    }

    /// <summary>The lr of group <paramref name="group"/> at <see cref="LastEpoch"/> (already advanced), from its
    /// current lr (chainable form).</summary>
    protected abstract double ComputeLr(int group, double currentLr, double baseLr);

    /// <summary>The lr at <see cref="LastEpoch"/> from the base lr alone (closed form); used when SequentialLR restarts
    /// a schedule at epoch 0. Schedules without one use their chainable form.</summary>
    protected virtual double ClosedFormLr(int group, double baseLr) =>
        ComputeLr(group, Optimizer.ParamGroups[group].Lr, baseLr);

    /// <summary>Jumps to <paramref name="epoch"/> with the closed form (PyTorch's deprecated step(epoch)).</summary>
    internal void StepTo(int epoch)
    {
        LastEpoch = epoch;
        Apply((g, _, baseLr) => ClosedFormLr(g, baseLr));
    }

    private protected void Apply(Func<int, double, double, double> lr)
    {
        var groups = Optimizer.ParamGroups;
        var values = new double[groups.Count];
        for (int g = 0; g < groups.Count; g++) values[g] = lr(g, groups[g].Lr, baseLrs[g]);
        for (int g = 0; g < groups.Count; g++) groups[g].Lr = values[g];
        lastLr = values;
    }

    private protected void SetLastLr(IReadOnlyList<double> values) => lastLr = values.ToArray();

    /// <summary>One value per group: a single value repeated, or a list that must have one entry per group.</summary>
    private protected static double[] PerGroup(string scheduler, string name, Optimizer optimizer, IReadOnlyList<double> values)
    {
        int n = optimizer.ParamGroups.Count;
        if (values.Count == 1) return Enumerable.Repeat(values[0], n).ToArray();
        if (values.Count != n)
            throw new ArgumentException($"{scheduler}: expected {n} values for {name} (one per param group), got {values.Count}.");
        return values.ToArray();
    }
}
