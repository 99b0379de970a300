using Nabla.Optim;

namespace Nabla.Training;

/// <summary>Steps a learning-rate schedule after every optimizer step (Batch: OneCycleLR, warm-ups) or after every
/// epoch (Epoch: StepLR, cosine annealing over epochs). Runs before the other callbacks.</summary>
public sealed class LRSchedulerCallback(LRScheduler scheduler, StepInterval interval = StepInterval.Epoch) : Callback
{
    public LRScheduler Scheduler { get; } = scheduler ?? throw new ArgumentNullException(nameof(scheduler));

    public StepInterval Interval { get; } = interval;

    public override int Order => -100;

    public override void OnBatchEnd(Trainer trainer, BatchInfo batch)
    {
        if (Interval == StepInterval.Batch) Scheduler.Step();
    }

    public override void OnEpochEnd(Trainer trainer, EpochRecord record)
    {
        if (Interval == StepInterval.Epoch) Scheduler.Step();
    }

    public override Dictionary<string, Tensor>? StateDict() => Scheduler.StateDict();

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) => Scheduler.LoadStateDict(state);
}

/// <summary>Feeds an epoch's monitored value (default "val_loss") to a <see cref="ReduceLROnPlateau"/> at the end of
/// every epoch, before the other callbacks.</summary>
public sealed class ReduceLROnPlateauCallback(ReduceLROnPlateau scheduler, string monitor = "val_loss") : Callback
{
    private readonly Monitor monitor = new(monitor);

    public ReduceLROnPlateau Scheduler { get; } = scheduler ?? throw new ArgumentNullException(nameof(scheduler));

    public override int Order => -100;

    public override void OnEpochEnd(Trainer trainer, EpochRecord record) =>
        Scheduler.Step(monitor.Read(record, nameof(ReduceLROnPlateauCallback)));

    public override Dictionary<string, Tensor>? StateDict() => Scheduler.StateDict();

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) => Scheduler.LoadStateDict(state);
}
