using System.Diagnostics;
using System.Globalization;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Cli.Train;

/// <summary>Loss (plain cross-entropy) and accuracy of a model on one split.</summary>
internal sealed record SplitScore(double Loss, double Accuracy, int Samples);

/// <summary>Everything a finished run produced, for the report.</summary>
internal sealed record TrainOutcome(TrainSettings Settings, LoadedData Data, ModelSpec Spec, Module<Tensor, Tensor> Model,
    History History, SplitScore Train, SplitScore Validation, SplitScore Test, ConfusionMatrix Confusion, double Seconds,
    double SamplesPerSecond, string? StopReason);

/// <summary>Trains the model a <see cref="TrainSettings"/> describes (each ensemble member in turn) and scores it.</summary>
internal static class TrainJob
{
    public static ModelSpec SpecFor(TrainSettings s, LoadedData data) => new(s.Model, data.Features, data.Classes, s.Hidden,
        s.Activation, s.Norm, s.Regularization.Dropout, s.Ensemble, data.Name, [.. data.ClassNames], s.Data, s.Seed, data.ImageShape);

    public static TrainOutcome Run(TrainSettings s, LoadedData data, TextWriter log, bool quiet)
    {
        var spec = SpecFor(s, data);
        spec.Validate();
        Validate(s, data);
        long start = Stopwatch.GetTimestamp();
        var members = new List<Module<Tensor, Tensor>>();
        History? first = null;
        string? stopReason = null;
        long samplesSeen = 0;
        for (int k = 0; k < s.Ensemble; k++)
        {
            if (!quiet && s.Ensemble > 1) log.WriteLine($"ensemble member {k + 1}/{s.Ensemble}");
            var (model, history, reason) = TrainMember(s, spec, data, s.Seed + k, log, quiet);
            members.Add(model);
            first ??= history;
            stopReason ??= reason;
            samplesSeen += (long)history.Count * data.Train.Count;
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Module<Tensor, Tensor> final = members.Count == 1 ? members[0] : new Ensemble(members);
        final.Eval();
        return new TrainOutcome(s, data, spec, final, first!, Score(final, data.Train), Score(final, data.Validation), Score(final, data.Test),
            Confusion(final, data.Test, data.Classes), seconds, samplesSeen / Math.Max(seconds, 1e-9), stopReason);
    }

    private static void Validate(TrainSettings s, LoadedData data)
    {
        OptimizerFactory.Validate(s.Optimizer);
        if (s.Epochs < 1) throw new UsageException($"--epochs must be at least 1, got {s.Epochs}.");
        if (s.BatchSize is < 1) throw new UsageException($"--batch-size must be a positive number or 'full', got {s.BatchSize}.");
        if (s.Patience < 0) throw new UsageException($"--patience must be ≥ 0, got {s.Patience}.");
        if (s.Patience > 0 && data.Validation.Count == 0) throw new UsageException("--patience needs a validation set: set --validation-fraction above 0.");
        var r = s.Regularization;
        if (!(r.L1 >= 0 && r.L2 >= 0 && r.LInf >= 0)) throw new UsageException("--l1, --l2 and --linf must be ≥ 0.");
        if (!(r.LabelSmoothing >= 0 && r.LabelSmoothing <= 1)) throw new UsageException($"--label-smoothing must be in [0, 1], got {r.LabelSmoothing}.");
    }

    private static (Module<Tensor, Tensor> Model, History History, string? StopReason) TrainMember(TrainSettings s, ModelSpec spec, LoadedData data,
        long seed, TextWriter log, bool quiet)
    {
        var g = new Generator(seed);
        var model = spec.BuildMember(g, s.Init);
        var optimizer = OptimizerFactory.Create(s.Optimizer, model.Parameters());
        var r = s.Regularization;
        var weight = r.BalancedClassWeights ? ClassWeights.Balanced(data.Train.Targets, data.Classes) : null;
        var loss = new CrossEntropyLoss(weight, labelSmoothing: r.LabelSmoothing);
        var weights = model.Modules().OfType<Linear>().Select(l => l.Weight).ToArray();

        StepResult Step(Batch batch)
        {
            var output = model.Call(batch.Features);
            var objective = loss.Call(output, batch.Target);
            if (r.L1 > 0) objective += Penalties.L1(weights, r.L1);
            if (r.L2 > 0) objective += Penalties.L2(weights, r.L2);
            if (r.LInf > 0) objective += Penalties.LInf(weights, r.LInf);
            return new StepResult(objective, output, batch.Target);
        }

        var trainer = new Trainer(model, optimizer, Step)
        {
            Scheduler = OptimizerFactory.Schedule(s.Optimizer, optimizer, s.Epochs),
            Progress = ProgressMode.None,
            TrackNorms = true, // per-parameter gradient norms feed the gradient-flow chart
        };
        trainer.Metrics.Add(new Accuracy());
        if (s.Patience > 0) trainer.Callbacks.Add(new EarlyStopping("val_loss", patience: s.Patience, restoreBestWeights: true));
        if (!quiet) trainer.Callbacks.Add(new EpochPrinter(log, s.Epochs));
        var trainLoader = new DataLoader(data.Train, s.BatchSize, shuffle: true, generator: new Generator(seed + 7919), transform: Augmentation(s, data));
        var validationLoader = data.Validation.Count > 0 ? new DataLoader(data.Validation, EvaluationBatch) : null;
        var history = trainer.Fit(trainLoader, s.Epochs, validationLoader);
        model.Eval();
        return (model, history, trainer.StopReason);
    }

    /// <summary>--augment: horizontal flip, after a random crop (padding 2) for crop-flip, of the flat image rows.</summary>
    private static Nabla.Data.ITransform? Augmentation(TrainSettings s, LoadedData data)
    {
        if (s.Augment == "none") return null;
        if (data.ImageShape is not { } shape) throw new UsageException($"--augment needs image data (mnist or fashion-mnist), not {data.Name}.");
        var flip = new Nabla.Data.RandomHorizontalFlip(imageShape: shape);
        return s.Augment == "flip" ? flip : new Nabla.Data.Compose(new Nabla.Data.RandomCrop(shape[1], padding: 2, imageShape: shape), flip);
    }

    private const int EvaluationBatch = 4096;

    public static SplitScore Score(Module<Tensor, Tensor> model, TensorDataset split)
    {
        if (split.Count == 0) return new SplitScore(double.NaN, double.NaN, 0);
        var e = Trainer.Evaluate(model, new CrossEntropyLoss(), new DataLoader(split, EvaluationBatch), [new Accuracy()]);
        return new SplitScore(e.Loss, e.Metrics["accuracy"], split.Count);
    }

    public static ConfusionMatrix Confusion(Module<Tensor, Tensor> model, TensorDataset split, int classes)
    {
        var matrix = new ConfusionMatrix(classes);
        using var noGrad = Tensor.NoGrad();
        foreach (var batch in new DataLoader(split, EvaluationBatch)) matrix.Update(model.Call(batch.Features), batch.Target);
        return matrix;
    }
}

/// <summary>Prints about ten progress lines per run (and the last epoch, and why training stopped early).</summary>
internal sealed class EpochPrinter(TextWriter writer, int epochs) : Callback
{
    private readonly int every = Math.Max(1, epochs / 10);

    public override void OnEpochEnd(Trainer trainer, EpochRecord e)
    {
        if (e.Epoch % every != 0 && e.Epoch != epochs && e.Epoch != 1) return;
        var inv = CultureInfo.InvariantCulture;
        string line = string.Create(inv, $"epoch {e.Epoch,4}/{epochs}  loss {e.TrainLoss:0.0000}  accuracy {e.TrainMetrics["accuracy"]:0.0000}");
        if (e.ValidationLoss is { } vl) line += string.Create(inv, $"  val_loss {vl:0.0000}  val_accuracy {e.ValidationMetrics["accuracy"]:0.0000}");
        writer.WriteLine(line);
    }

    public override void OnTrainEnd(Trainer trainer)
    {
        if (trainer.StopReason is { } reason) writer.WriteLine(reason);
    }
}
