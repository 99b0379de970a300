using System.Globalization;
using Spectre.Console;

namespace Nabla.Training;

/// <summary>
/// The terminal display: a Spectre.Console progress bar per epoch showing the running loss, the first metric,
/// samples per second and the time left; finished epochs stay on screen. The only file that uses Spectre.Console.
/// </summary>
internal sealed class ProgressBarDisplay(int epochs) : Callback, IWrapsTraining
{
    private ProgressContext? context;
    private ProgressTask? task;
    private long epochStart;
    private long samples;

    public override int Order => 200;

    public void Run(Action training) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .Start(ctx =>
            {
                context = ctx;
                training();
            });

    public override void OnEpochBegin(Trainer trainer, int epoch)
    {
        int batches = trainer.TrainLoader?.Count ?? 1;
        task = context?.AddTask(Describe(epoch, double.NaN, trainer, 0), maxValue: batches);
        epochStart = System.Diagnostics.Stopwatch.GetTimestamp();
        samples = 0;
    }

    public override void OnBatchEnd(Trainer trainer, BatchInfo batch)
    {
        if (task is null) return;
        samples += batch.Size;
        task.Increment(1);
        if (batch.Index % 16 == 0 || batch.Index + 1 == batch.Count)
        {
            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            task.Description = Describe(batch.Epoch, batch.RunningLoss, trainer, samples / Math.Max(seconds, 1e-9));
        }
    }

    public override void OnEpochEnd(Trainer trainer, EpochRecord record)
    {
        if (task is null) return;
        task.Description = Markup.Escape(ProgressDisplays.Summary(record, epochs));
        task.Value = task.MaxValue;
        task.StopTask();
    }

    public override void OnTrainEnd(Trainer trainer)
    {
        if (trainer.StopReason is { } reason) context?.AddTask(Markup.Escape(reason), autoStart: false).StopTask();
    }

    private string Describe(int epoch, double loss, Trainer trainer, double samplesPerSecond)
    {
        var inv = CultureInfo.InvariantCulture;
        string text = string.Create(inv, $"epoch {epoch}/{epochs}  loss {loss:0.0000}");
        if (trainer.Metrics.Count > 0 && !double.IsNaN(loss))
            text += string.Create(inv, $"  {trainer.Metrics[0].Name} {trainer.Metrics[0].Compute():0.0000}");
        if (samplesPerSecond > 0) text += string.Create(inv, $"  {samplesPerSecond:N0} samples/s");
        return Markup.Escape(text);
    }
}
