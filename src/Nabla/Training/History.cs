using System.Security.Cryptography;
using System.Text;

namespace Nabla.Training;

/// <summary>
/// One epoch of training: losses and metrics of the training pass (means over its batches, weighted by batch size)
/// and of the validation pass, the learning rate, timing, and per-parameter norms for a gradient-flow plot.
/// </summary>
public sealed record EpochRecord
{
    /// <summary>1 for the first epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>Mean training loss over the epoch's samples (in training mode, as the weights moved).</summary>
    public required double TrainLoss { get; init; }

    /// <summary>Training metrics by name ("accuracy", ...), accumulated over the epoch's batches.</summary>
    public required IReadOnlyDictionary<string, double> TrainMetrics { get; init; }

    /// <summary>Mean validation loss (evaluation mode, no grad), or null without a validation loader.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Validation metrics by name (without the "val_" prefix); empty without a validation loader.</summary>
    public IReadOnlyDictionary<string, double> ValidationMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The first param group's learning rate when the epoch began.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Wall-clock seconds of the epoch (training and validation passes).</summary>
    public required double Seconds { get; init; }

    /// <summary>Training samples per second of the training pass.</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Per parameter (by its state-dict name): the mean over the epoch's batches of the gradient's L2 norm.</summary>
    public IReadOnlyDictionary<string, double> GradientNorms { get; init; } = new Dictionary<string, double>();

    /// <summary>Per parameter: the weights' L2 norm at the end of the epoch.</summary>
    public IReadOnlyDictionary<string, double> WeightNorms { get; init; } = new Dictionary<string, double>();

    /// <summary>A logged value by key: "loss", "val_loss", a metric name, "val_" + a metric name, "lr", "seconds",
    /// "samples_per_second"; null when this epoch has no such value.</summary>
    public double? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (key)
        {
            case "loss": return TrainLoss;
            case "val_loss": return ValidationLoss;
            case "lr": return LearningRate;
            case "seconds": return Seconds;
            case "samples_per_second": return SamplesPerSecond;
        }
        if (key.StartsWith("val_", StringComparison.Ordinal) && ValidationMetrics.TryGetValue(key[4..], out var v)) return v;
        return TrainMetrics.TryGetValue(key, out var t) ? t : null;
    }

    /// <summary>Every key <see cref="Get"/> answers for this epoch, in a fixed order (the columns of a CSV log).</summary>
    public IEnumerable<string> Keys()
    {
        yield return "loss";
        foreach (var name in TrainMetrics.Keys) yield return name;
        if (ValidationLoss is not null) yield return "val_loss";
        foreach (var name in ValidationMetrics.Keys) yield return "val_" + name;
        yield return "lr";
        yield return "seconds";
        yield return "samples_per_second";
    }
}

/// <summary>What <see cref="Trainer.Fit"/> returns: one <see cref="EpochRecord"/> per epoch, oldest first.</summary>
public sealed class History : IReadOnlyList<EpochRecord>
{
    private readonly List<EpochRecord> epochs = [];

    public int Count => epochs.Count;

    public EpochRecord this[int index] => epochs[index];

    /// <summary>One value per epoch (NaN where an epoch lacks it), e.g. <c>history.Series("val_loss")</c>.</summary>
    public double[] Series(string key) => epochs.Select(e => e.Get(key) ?? double.NaN).ToArray();

    internal void Add(EpochRecord record) => epochs.Add(record);

    internal void Clear() => epochs.Clear();

    public IEnumerator<EpochRecord> GetEnumerator() => epochs.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// SHA-256 (hex) of everything in the history that a seeded run determines — losses, metrics, learning rates and
    /// norms, bit for bit — leaving out the wall-clock fields (Seconds, SamplesPerSecond). Two runs with the same seed
    /// give the same hash.
    /// </summary>
    public string ContentHash()
    {
        var text = new StringBuilder();
        foreach (var e in epochs)
        {
            text.Append(e.Epoch).Append('|').Append(Bits(e.TrainLoss)).Append('|').Append(Bits(e.ValidationLoss ?? double.NaN))
                .Append('|').Append(Bits(e.LearningRate));
            foreach (var dict in new[] { e.TrainMetrics, e.ValidationMetrics, e.GradientNorms, e.WeightNorms })
                foreach (var (k, v) in dict) text.Append('|').Append(k).Append('=').Append(Bits(v));
            text.Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
}
