using System.Globalization;
using Nabla.Data;

namespace Nabla.Training;

/// <summary>
/// K-fold cross-validation of a training recipe: for every fold of <see cref="KFold"/> or <see cref="StratifiedKFold"/>
/// a fresh model and trainer from the factory train on the fold's training samples and are evaluated on its
/// validation samples. The report gives every fold and the mean ± standard deviation over the folds.
/// <code>
/// var report = CrossValidation.Run(data, new StratifiedKFold(5, shuffle: true, seed: 1).Split(labels),
///     fold => new Trainer(NewModel(fold.Index), new CrossEntropyLoss(), ...) { Metrics = { new Accuracy() } },
///     epochs: 20, batchSize: 32);
/// Console.WriteLine(report);   // accuracy 0.9120 ± 0.0143 ...
/// </code>
/// </summary>
public static class CrossValidation
{
    /// <param name="dataset">all samples; folds index into it.</param>
    /// <param name="folds">the folds (from KFold.Split or StratifiedKFold.Split).</param>
    /// <param name="trainerFor">a new trainer with a freshly initialised model for a fold (never reuse a model).</param>
    /// <param name="epochs">epochs per fold.</param>
    /// <param name="batchSize">training and validation batch size.</param>
    /// <param name="seed">the training loader of fold k shuffles with Generator(seed + k).</param>
    public static CrossValidationReport Run(IDataset dataset, IReadOnlyList<Fold> folds, Func<Fold, Trainer> trainerFor, int epochs,
        int batchSize = 32, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(trainerFor);
        if (folds.Count == 0) throw new ArgumentException("CrossValidation.Run: no folds.", nameof(folds));
        var reports = new List<FoldReport>(folds.Count);
        foreach (var fold in folds)
        {
            var trainer = trainerFor(fold);
            var train = new DataLoader(new Subset(dataset, fold.Train), batchSize, shuffle: true, generator: new Generator(seed + fold.Index));
            var validation = new DataLoader(new Subset(dataset, fold.Validation), batchSize, generator: new Generator(seed + fold.Index));
            var history = trainer.Fit(train, epochs, validation);
            reports.Add(new FoldReport(fold, history, trainer.Evaluate(validation)));
        }
        return new CrossValidationReport(reports);
    }
}

/// <summary>One fold: its indices, training history and the final model's validation result.</summary>
public sealed record FoldReport(Fold Fold, History History, Evaluation Validation);

/// <summary>Every fold's validation loss and metrics, with mean and standard deviation over the folds.</summary>
public sealed record CrossValidationReport(IReadOnlyList<FoldReport> Folds)
{
    /// <summary>"loss" and the metric names, in order.</summary>
    public IEnumerable<string> Keys => Folds[0].Validation.Metrics.Keys.Prepend("loss");

    /// <summary>Each fold's validation value of <paramref name="key"/> ("loss" or a metric name).</summary>
    public double[] Values(string key) => Folds.Select(f => key == "loss" ? f.Validation.Loss
        : f.Validation.Metrics.TryGetValue(key, out var v) ? v
        : throw new KeyNotFoundException($"CrossValidationReport: no '{key}'; it has {string.Join(", ", Keys)}.")).ToArray();

    public double Mean(string key) => Values(key).Average();

    /// <summary>The population standard deviation over the folds (NumPy's np.std, ddof = 0).</summary>
    public double Std(string key)
    {
        var values = Values(key);
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    /// <summary>One row per fold and a "mean ± std" row.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var keys = Keys.ToList();
        var lines = new List<string> { "fold  " + string.Join("  ", keys.Select(k => k.PadLeft(17))) };
        foreach (var f in Folds)
            lines.Add($"{f.Fold.Index,4}  " + string.Join("  ", keys.Select(k => Values(k)[Folds.ToList().IndexOf(f)].ToString("0.0000", inv).PadLeft(17))));
        lines.Add("mean  " + string.Join("  ", keys.Select(k => $"{Mean(k).ToString("0.0000", inv)} ± {Std(k).ToString("0.0000", inv)}".PadLeft(17))));
        return string.Join(Environment.NewLine, lines);
    }
}
