using System.Globalization;
using System.Text;
using System.Text.Json;
using Nabla.IO;
using Nabla.Reports;
using Nabla.Training;

namespace Nabla.Cli.Train;

/// <summary>
/// The output folder of a run: metrics.json, history.csv, model.json + model.safetensors (what evaluate and predict
/// rebuild the model from), PNG charts and index.html showing them.
/// </summary>
internal static class RunFolder
{
    public const string Metrics = "metrics.json", History = "history.csv", ModelConfig = "model.json", Weights = "model.safetensors", Report = "index.html";

    /// <summary>runs/yyyyMMdd-HHmmss under the working folder.</summary>
    public static string DefaultPath() => Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    /// <summary>Creates the folder and proves it writable before any training time is spent.</summary>
    public static string Prepare(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, ".nabla-write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write to output folder {folder}: {e.Message}", e);
        }
    }

    public static IReadOnlyList<string> Write(string folder, TrainOutcome run, string command)
    {
        WriteJson(Path.Combine(folder, Metrics), MetricsOf(run, command), CliJson.Default.RunMetrics);
        WriteJson(Path.Combine(folder, ModelConfig), run.Spec, CliJson.Default.ModelSpec);
        Safetensors.Save(Path.Combine(folder, Weights), run.Model.StateDict(),
            new Dictionary<string, string> { ["format"] = "pt", ["nabla.model"] = ModelConfig });
        File.WriteAllText(Path.Combine(folder, History), HistoryCsv(run.History));
        var images = RunCharts.Draw(folder, run);
        File.WriteAllText(Path.Combine(folder, Report), HtmlReport.Build($"nabla train: {run.Data.Name}", command, Tables(run), images));
        return images.Select(i => i.PngPath).ToList();
    }

    public static void WriteJson<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, type) + "\n");

    private static RunMetrics MetricsOf(TrainOutcome run, string command)
    {
        var s = run.Settings;
        var d = run.Data;
        return new RunMetrics(RunMetrics.SchemaName, NablaVersion, command, s.Seed,
            new DatasetInfo(d.Name, d.Source, d.TotalSamples, d.Features, d.Classes, d.Train.Count, d.Validation.Count, d.Test.Count),
            new ModelInfo(run.Spec, s.Init, run.Model.ParameterCount()), s.Optimizer,
            new TrainingInfo(s.Epochs, run.History.Count, s.BatchSize, s.Regularization, s.Patience, run.StopReason),
            run.Train, run.Validation.Samples == 0 ? null : run.Validation, run.Test, run.Seconds, run.SamplesPerSecond);
    }

    public static string NablaVersion => typeof(Tensor).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>One row per epoch: epoch, loss, accuracy, val_loss, val_accuracy, lr, seconds, samples_per_second
    /// (the same text the CsvLogger callback writes).</summary>
    private static string HistoryCsv(History history) => CsvLogger.Write(history);

    private static HtmlTable[] Tables(TrainOutcome run)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double v) => double.IsNaN(v) ? "—" : v.ToString("0.0000", inv);
        var scores = new List<IReadOnlyList<string>>
        {
            new[] { "train", F(run.Train.Loss), F(run.Train.Accuracy), run.Train.Samples.ToString(inv) },
        };
        if (run.Validation.Samples > 0) scores.Add([ "validation", F(run.Validation.Loss), F(run.Validation.Accuracy), run.Validation.Samples.ToString(inv) ]);
        scores.Add([ "test", F(run.Test.Loss), F(run.Test.Accuracy), run.Test.Samples.ToString(inv) ]);
        var s = run.Settings;
        var o = s.Optimizer;
        var r = s.Regularization;
        var settings = new List<IReadOnlyList<string>>
        {
            new[] { "data set", $"{run.Data.Name}: {run.Data.Source}" },
            new[] { "model", ModelText(run.Spec) + $", init {s.Init}, {run.Model.ParameterCount():N0} parameters" },
            new[] { "optimizer", string.Create(inv, $"{o.Name}, lr {o.Lr:G4}, momentum {o.Momentum:G4}, weight decay {o.WeightDecay:G4}, schedule {o.Schedule}") },
            new[] { "training", $"{run.History.Count} of {s.Epochs} epochs, batch {(s.BatchSize?.ToString(inv) ?? "full")}" + (run.StopReason is null ? "" : $" ({run.StopReason})") },
            new[] { "regularization", string.Create(inv, $"L1 {r.L1:G4}, L2 {r.L2:G4}, L∞ {r.LInf:G4}, dropout {r.Dropout:G4}, label smoothing {r.LabelSmoothing:G4}, balanced class weights {(r.BalancedClassWeights ? "yes" : "no")}") },
            new[] { "seed", s.Seed.ToString(inv) },
            new[] { "time", string.Create(inv, $"{run.Seconds:0.00} s, {run.SamplesPerSecond:N0} samples/s") },
            new[] { "Nabla", NablaVersion },
        };
        return
        [
            new HtmlTable("Results (cross-entropy loss, accuracy)", ["split", "loss", "accuracy", "samples"], scores),
            new HtmlTable("Run", ["setting", "value"], settings),
        ];
    }

    public static string ModelText(ModelSpec spec)
    {
        if (spec.Kind != "mlp")
            return $"{spec.Kind} [{string.Join(", ", spec.InputShape ?? [])}] → {spec.Classes}" + (spec.EnsembleMembers > 1 ? $", ensemble of {spec.EnsembleMembers}" : "");
        string layers = string.Join(" → ", new[] { spec.InputFeatures }.Concat(spec.Hidden).Append(spec.Classes));
        string text = $"MLP {layers}, {spec.Activation}";
        if (spec.Norm != "none") text += $", {spec.Norm} norm";
        if (spec.Dropout > 0) text += string.Create(CultureInfo.InvariantCulture, $", dropout {spec.Dropout:G3}");
        if (spec.EnsembleMembers > 1) text += $", ensemble of {spec.EnsembleMembers}";
        return text;
    }
}
