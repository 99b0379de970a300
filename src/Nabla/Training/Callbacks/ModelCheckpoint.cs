using System.Globalization;
using Nabla.IO;

namespace Nabla.Training;

/// <summary>
/// Saves at the end of epochs (Keras' ModelCheckpoint): every epoch, or only when a monitored value improves
/// (saveBestOnly). By default the file is a full training checkpoint (<see cref="Trainer.SaveCheckpoint"/>, which
/// <see cref="Trainer.Resume"/> reads); with weightsOnly it is the model's state dict alone, loadable by PyTorch.
/// Either way the file is safetensors, written atomically. "{epoch}" in the path is replaced by the epoch number
/// (e.g. "ckpt-{epoch}.safetensors"). Runs after the other callbacks, so the saved schedule and callback states are
/// those of the finished epoch.
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly Monitor? monitor;

    /// <param name="path">the file to write; "{epoch}" becomes the epoch number.</param>
    /// <param name="monitor">with <paramref name="saveBestOnly"/>: the value that must improve (e.g. "val_accuracy").</param>
    /// <param name="saveBestOnly">save only epochs that improve on the best so far.</param>
    /// <param name="weightsOnly">the model's state dict only, not a resumable training checkpoint.</param>
    public ModelCheckpoint(string path, string monitor = "val_loss", MonitorMode mode = MonitorMode.Auto, bool saveBestOnly = false,
        bool weightsOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        this.monitor = saveBestOnly ? new Monitor(monitor, mode) : null;
        WeightsOnly = weightsOnly;
        Best = this.monitor?.Worst ?? double.NaN;
    }

    public string Path { get; }

    public bool SaveBestOnly => monitor is not null;

    public bool WeightsOnly { get; }

    /// <summary>The best monitored value saved so far (NaN when saving every epoch).</summary>
    public double Best { get; private set; }

    /// <summary>The file written last, or null.</summary>
    public string? LastSaved { get; private set; }

    public override int Order => 100;

    public override void OnEpochEnd(Trainer trainer, EpochRecord record)
    {
        if (monitor is not null)
        {
            double current = monitor.Read(record, nameof(ModelCheckpoint));
            if (!monitor.IsImprovement(current, Best)) return;
            Best = current; // before saving, so the checkpoint holds the new best
        }
        string file = Path.Replace("{epoch}", record.Epoch.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (WeightsOnly) Safetensors.Save(file, trainer.Model.StateDict());
        else trainer.SaveCheckpoint(file);
        LastSaved = file;
    }

    public override Dictionary<string, Tensor>? StateDict() =>
        monitor is null ? null : new(StringComparer.Ordinal) { ["best"] = Tensor.Scalar(Best, DType.Float64) };

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (monitor is not null && state.TryGetValue("best", out var best)) Best = best.Item();
    }
}
