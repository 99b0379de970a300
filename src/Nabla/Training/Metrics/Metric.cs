namespace Nabla.Training;

/// <summary>
/// A quantity accumulated over the batches of an epoch and read once at its end (torchmetrics' Metric): the trainer
/// calls <see cref="Reset"/> at the start of each pass, <see cref="Update"/> with every batch's model output and
/// target (detached, under NoGrad), and <see cref="Compute"/> at the end. History stores the value under
/// <see cref="Name"/> (and "val_" + Name for the validation pass).
/// </summary>
public abstract class Metric
{
    /// <summary>The key in History and logs ("accuracy", "top5_accuracy", "macro_f1", "mse", ...).</summary>
    public abstract string Name { get; }

    /// <summary>Forgets everything accumulated so far.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch: the model's output and the loss's target.</summary>
    public abstract void Update(Tensor output, Tensor target);

    /// <summary>The value over every batch since the last Reset (NaN before any sample).</summary>
    public abstract double Compute();

    /// <summary>A fresh metric of the same kind and settings, with nothing accumulated (for cross-validation folds
    /// and ensemble members, which each need their own).</summary>
    public abstract Metric Clone();

    public override string ToString() => Name;
}
