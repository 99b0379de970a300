using System.Globalization;
using System.Text;

namespace Nabla.Training;

/// <summary>How <see cref="Trainer.Fit"/> shows progress.</summary>
public enum ProgressMode
{
    /// <summary>A live bar per epoch when the output is a terminal, one plain line per epoch when it is redirected
    /// (CI, pipes, files) or a <see cref="Trainer.ProgressWriter"/> is set.</summary>
    Auto,
    /// <summary>Always the live bar (loss, metric, samples/s, ETA).</summary>
    Bar,
    /// <summary>Always one plain line per epoch.</summary>
    Lines,
    /// <summary>Nothing (quiet).</summary>
    None,
}

/// <summary>A display that must run the training loop inside its own scope (a live terminal bar).</summary>
internal interface IWrapsTraining
{
    void Run(Action training);
}

internal static class ProgressDisplays
{
    public static Callback? Create(ProgressMode mode, TextWriter? writer, int epochs) => mode switch
    {
        ProgressMode.None => null,
        ProgressMode.Lines => new LineProgress(writer ?? Console.Out, epochs),
        ProgressMode.Bar => new ProgressBarDisplay(epochs),
        _ => writer is null && !Console.IsOutputRedirected ? new ProgressBarDisplay(epochs) : new LineProgress(writer ?? Console.Out, epochs),
    };

    /// <summary>"epoch 3/10  loss 0.4123  accuracy 0.8512  val_loss 0.4410  val_accuracy 0.8431  lr 0.01  4.1 s  14,634 samples/s".</summary>
    public static string Summary(EpochRecord e, int epochs)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"epoch {e.Epoch}/{epochs}");
        foreach (var key in e.Keys().Where(k => k is not ("lr" or "seconds" or "samples_per_second")))
            text.Append(inv, $"  {key} {e.Get(key):0.0000}");
        text.Append(inv, $"  lr {e.LearningRate:G4}  {e.Seconds:0.0} s  {e.SamplesPerSecond:N0} samples/s");
        return text.ToString();
    }
}

/// <summary>One line per epoch, for logs that are not terminals; the reason is printed when training stops early.</summary>
internal sealed class LineProgress(TextWriter writer, int epochs) : Callback
{
    public override int Order => 200;

    public override void OnEpochEnd(Trainer trainer, EpochRecord record)
    {
        writer.WriteLine(ProgressDisplays.Summary(record, epochs));
        writer.Flush();
    }

    public override void OnTrainEnd(Trainer trainer)
    {
        if (trainer.StopReason is { } reason) writer.WriteLine(reason);
        writer.Flush();
    }
}
