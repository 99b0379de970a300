namespace Nabla.Training;

/// <summary>Stops training as soon as a batch's loss is NaN or infinite; <see cref="Trainer.StopReason"/> names the
/// epoch and the batch.</summary>
public sealed class TerminateOnNaN : Callback
{
    public override void OnBatchEnd(Trainer trainer, BatchInfo batch)
    {
        if (!double.IsFinite(batch.Loss))
            trainer.Stop($"TerminateOnNaN: the loss is {batch.Loss} at epoch {batch.Epoch}, batch {batch.Index + 1} of {batch.Count}; training stopped.");
    }
}
