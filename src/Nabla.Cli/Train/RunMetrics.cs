using System.Text.Json.Serialization;

namespace Nabla.Cli.Train;

/// <summary>metrics.json: the documented summary of a run (docs/metrics-schema.md).</summary>
internal sealed record RunMetrics(string Schema, string NablaVersion, string Command, long Seed, DatasetInfo Dataset, ModelInfo Model,
    OptimizerSettings Optimizer, TrainingInfo Training, SplitScore Train, SplitScore? Validation, SplitScore Test, double Seconds,
    double SamplesPerSecond)
{
    public const string SchemaName = "nabla.metrics/1";
}

internal sealed record DatasetInfo(string Name, string Source, int Samples, int Features, int Classes, int TrainSamples,
    int ValidationSamples, int TestSamples);

internal sealed record ModelInfo(ModelSpec Architecture, string Init, long Parameters);

internal sealed record TrainingInfo(int EpochsRequested, int EpochsRun, int? BatchSize, RegularizationSettings Regularization,
    int EarlyStoppingPatience, string? StopReason);

/// <summary>Source-generated JSON (no reflection: the CLI stays trimmable and AOT-compilable).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunMetrics))]
[JsonSerializable(typeof(ModelSpec))]
[JsonSerializable(typeof(Checks.SplitPoints))]
[JsonSerializable(typeof(Experiments.Findings))]
[JsonSerializable(typeof(Lab.LabResults))]
internal sealed partial class CliJson : JsonSerializerContext;
