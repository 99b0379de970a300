namespace Nabla.Training;

/// <summary>One finished training batch, as callbacks see it.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Index">0-based batch index within the epoch.</param>
/// <param name="Count">batches in the epoch.</param>
/// <param name="Size">samples in this batch.</param>
/// <param name="Loss">this batch's loss.</param>
/// <param name="RunningLoss">mean loss over the epoch's samples so far.</param>
public readonly record struct BatchInfo(int Epoch, int Index, int Count, int Size, double Loss, double RunningLoss);

/// <summary>
/// Hooks into <see cref="Trainer.Fit"/> (Keras' Callback): override what you need. Call <see cref="Trainer.Stop"/>
/// to end training after the current batch (from OnBatchEnd) or epoch. Callbacks run in ascending
/// <see cref="Order"/>, then in the order they were added: schedules (−100) run before the defaults (0), so a
/// checkpoint (+100) written at the end of an epoch holds the stepped schedule.
/// </summary>
public abstract class Callback
{
    /// <summary>Where this callback runs among the others (lower first).</summary>
    public virtual int Order => 0;

    public virtual void OnTrainBegin(Trainer trainer) { }

    /// <summary>Before the first batch of epoch <paramref name="epoch"/> (1-based).</summary>
    public virtual void OnEpochBegin(Trainer trainer, int epoch) { }

    /// <summary>After the optimizer step of each training batch.</summary>
    public virtual void OnBatchEnd(Trainer trainer, BatchInfo batch) { }

    /// <summary>After the validation pass; the record is already in the trainer's History.</summary>
    public virtual void OnEpochEnd(Trainer trainer, EpochRecord record) { }

    /// <summary>After the last epoch, or when training was stopped.</summary>
    public virtual void OnTrainEnd(Trainer trainer) { }

    /// <summary>This callback's state for a training checkpoint (null when it has none), so a resumed run behaves as
    /// if it had not stopped.</summary>
    public virtual Dictionary<string, Tensor>? StateDict() => null;

    /// <summary>Restores what <see cref="StateDict"/> saved.</summary>
    public virtual void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) { }
}

/// <summary>Whether a monitored value improves by going down (a loss) or up (an accuracy).</summary>
public enum MonitorMode
{
    /// <summary>Max for keys that name a score (accuracy, precision, recall, f1, auc), Min otherwise.</summary>
    Auto,
    Min,
    Max,
}

/// <summary>A value from each epoch's record (e.g. "val_loss") and the direction in which it improves.</summary>
public sealed class Monitor
{
    private static readonly string[] ScoreWords = ["accuracy", "precision", "recall", "f1", "auc"];

    public Monitor(string key, MonitorMode mode = MonitorMode.Auto, double minDelta = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), $"Monitor: minDelta must be ≥ 0, got {minDelta}.");
        Key = key;
        Mode = mode != MonitorMode.Auto ? mode
            : ScoreWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)) ? MonitorMode.Max : MonitorMode.Min;
        MinDelta = minDelta;
    }

    public string Key { get; }

    /// <summary>Min or Max (Auto is resolved at construction).</summary>
    public MonitorMode Mode { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The worst possible value: what "best" starts at.</summary>
    public double Worst => Mode == MonitorMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>The monitored value of an epoch.</summary>
    /// <exception cref="InvalidOperationException">the record has no such key (e.g. "val_loss" without a validation loader).</exception>
    public double Read(EpochRecord record, string owner) => record.Get(Key)
        ?? throw new InvalidOperationException(
            $"{owner}: epoch {record.Epoch} logged no '{Key}'; it has: {string.Join(", ", record.Keys())}. (val_ keys need a validation loader.)");

    /// <summary>True when <paramref name="current"/> beats <paramref name="best"/> by more than MinDelta (NaN never does).</summary>
    public bool IsImprovement(double current, double best) =>
        Mode == MonitorMode.Min ? current < best - MinDelta : current > best + MinDelta;
}
