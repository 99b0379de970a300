using Nabla.Optim;

namespace Nabla.Training;

/// <summary>A schedule's position for a training checkpoint. Chainable schedules compute the next lr from the group's
/// current lr, which the optimizer's state dict holds, so the step count is their whole state.</summary>
internal static class SchedulerState
{
    public static Dictionary<string, Tensor> StateDict(LRScheduler scheduler) => new(StringComparer.Ordinal)
    {
        ["last_epoch"] = Tensor.Scalar(scheduler.LastEpoch, DType.Int64),
    };

    public static void LoadStateDict(LRScheduler scheduler, IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("last_epoch", out var lastEpoch) || lastEpoch.Numel != 1)
            throw new ArgumentException($"{scheduler.GetType().Name}: the checkpoint has no scheduler state 'last_epoch'.");
        scheduler.LastEpoch = checked((int)lastEpoch.Item());
    }
}
