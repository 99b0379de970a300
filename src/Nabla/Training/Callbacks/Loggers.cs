using System.Globalization;
using System.Text;
using Nabla.IO;

namespace Nabla.Training;

/// <summary>
/// Writes the whole history to a file at the end of every epoch, atomically (readers never see half a file; a resumed
/// run rewrites the earlier epochs from the checkpoint's history, so the file has no gaps or repeats).
/// </summary>
public abstract class HistoryFileLogger(string path) : Callback
{
    public string Path { get; } = !string.IsNullOrEmpty(path) ? path : throw new ArgumentException("HistoryFileLogger: path is empty.", nameof(path));

    /// <summary>The file's content for these epochs.</summary>
    protected abstract string Format(IReadOnlyList<EpochRecord> epochs);

    public override void OnEpochEnd(Trainer trainer, EpochRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(Format(trainer.History));
        AtomicFile.Write(Path, stream => stream.Write(bytes));
    }
}

/// <summary>One CSV row per epoch (Keras' CSVLogger): epoch, loss, metrics, val_loss, val metrics, lr, seconds,
/// samples_per_second; numbers in invariant culture, round-trip precision.</summary>
public sealed class CsvLogger(string path) : HistoryFileLogger(path)
{
    protected override string Format(IReadOnlyList<EpochRecord> epochs) => Write(epochs);

    /// <summary>The CSV text of these epochs: a header of every key any epoch logged, then one row per epoch (an
    /// empty cell where an epoch did not log a key).</summary>
    internal static string Write(IEnumerable<EpochRecord> epochs)
    {
        var list = epochs as IReadOnlyList<EpochRecord> ?? epochs.ToList();
        var columns = list.SelectMany(e => e.Keys()).Distinct().ToList();
        var text = new StringBuilder("epoch,").AppendJoin(',', columns).Append('\n');
        foreach (var e in list)
        {
            text.Append(e.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (var c in columns) text.Append(',').Append(e.Get(c)?.ToString("R", CultureInfo.InvariantCulture) ?? "");
            text.Append('\n');
        }
        return text.ToString();
    }
}

/// <summary>The history as JSON (see <see cref="HistoryJson"/>), with per-parameter gradient and weight norms.</summary>
public sealed class JsonLogger(string path) : HistoryFileLogger(path)
{
    protected override string Format(IReadOnlyList<EpochRecord> epochs) => HistoryJson.Write(epochs, indented: true);
}
