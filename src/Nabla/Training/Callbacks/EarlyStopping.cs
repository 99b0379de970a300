namespace Nabla.Training;

/// <summary>
/// Stops training when a monitored value has not improved by more than minDelta for <c>patience</c> epochs in a row
/// (Keras' EarlyStopping). With restoreBestWeights, the model gets back the weights of its best epoch when training
/// ends, whether it stopped early or ran out of epochs.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly Monitor monitor;
    private Dictionary<string, Tensor>? bestWeights;

    public EarlyStopping(string monitor = "val_loss", MonitorMode mode = MonitorMode.Auto, double minDelta = 0, int patience = 0,
        bool restoreBestWeights = false)
    {
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), $"EarlyStopping: patience must be ≥ 0, got {patience}.");
        this.monitor = new Monitor(monitor, mode, minDelta);
        (Patience, RestoreBestWeights) = (patience, restoreBestWeights);
        Best = this.monitor.Worst;
    }

    public string Monitor => monitor.Key;

    public MonitorMode Mode => monitor.Mode;

    public int Patience { get; }

    public bool RestoreBestWeights { get; }

    /// <summary>The best value so far.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch that reached <see cref="Best"/> (0 before any).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch after which training was stopped, or 0.</summary>
    public int StoppedEpoch { get; private set; }

    public override void OnEpochEnd(Trainer trainer, EpochRecord record)
    {
        double current = monitor.Read(record, nameof(EarlyStopping));
        if (monitor.IsImprovement(current, Best))
        {
            (Best, BestEpoch, Wait) = (current, record.Epoch, 0);
            if (RestoreBestWeights) bestWeights = Snapshot(trainer);
            return;
        }
        if (++Wait >= Patience)
        {
            StoppedEpoch = record.Epoch;
            trainer.Stop($"EarlyStopping: {Monitor} has not improved on {Best:G6} (epoch {BestEpoch}) for {Wait} epoch(s).");
        }
    }

    public override void OnTrainEnd(Trainer trainer)
    {
        if (bestWeights is not null && BestEpoch != trainer.Epoch) trainer.Model.LoadStateDict(bestWeights);
    }

    private static Dictionary<string, Tensor> Snapshot(Trainer trainer) =>
        trainer.Model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.CloneDetached());

    public override Dictionary<string, Tensor>? StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["best"] = Tensor.Scalar(Best, DType.Float64),
            ["best_epoch"] = Tensor.Scalar(BestEpoch, DType.Int64),
            ["wait"] = Tensor.Scalar(Wait, DType.Int64),
        };
        if (bestWeights is not null)
            foreach (var (key, value) in bestWeights) state["best_weights." + key] = value;
        return state;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        Best = state["best"].Item();
        BestEpoch = (int)state["best_epoch"].Item();
        Wait = (int)state["wait"].Item();
        var weights = state.Where(kv => kv.Key.StartsWith("best_weights.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["best_weights.".Length..], kv => kv.Value);
        bestWeights = weights.Count > 0 ? weights : null;
    }
}
