using System.CommandLine;
using System.Globalization;

namespace Nabla.Cli.Train;

/// <summary><c>nabla train</c>: trains a classifier and writes a report folder. Every option has a default; with none
/// it trains the course's concentric-circles network.</summary>
internal sealed class TrainCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public readonly Option<string> Dataset = Choice("--dataset", "circles", "The data set: synthetic 2-D sets, a CSV file or MNIST-style images.", DataSource.Names);
    public readonly Option<string?> Data = new("--data") { Description = "The CSV file (--dataset csv) or the folder of IDX files (mnist; fashion-mnist defaults to /usr/share/datasets/fashion-mnist)." };
    public readonly Option<string?> Label = new("--label") { Description = "The CSV column (header name) holding the class label." };
    public readonly Option<int> Samples = With("--samples", 1000, "Points generated for a synthetic data set.");
    public readonly Option<double?> Noise = new("--noise") { Description = "Standard deviation of the Gaussian noise of a synthetic set; " + Preset.Describe(p => p.Noise.ToString(Inv)) + "." };
    public readonly Option<double> ValidationFraction = With("--validation-fraction", 0.2, "Fraction of the training data held out for validation curves and early stopping (0 for none).");
    public readonly Option<double> TestFraction = With("--test-fraction", 0.2, "Fraction held out for the final test (MNIST sets use their own test set).");
    public readonly Option<string> Model = Choice("--model", "mlp", "The model: mlp (shaped by --hidden, --activation, --norm, --dropout) or, for (fashion-)mnist, a zoo model: lenet, cnn-bn, resnet-mini.", ModelSpec.Kinds);
    public readonly Option<string> Augment = Choice("--augment", "none", "Augment training images (mnist, fashion-mnist): none, flip (random horizontal flip) or crop-flip (random crop with padding 2, then flip).", ["none", "flip", "crop-flip"]);
    public readonly Option<string?> Hidden = new("--hidden") { Description = "Hidden layer sizes, comma-separated (e.g. 64,32); " + Preset.Describe(p => string.Join(',', p.Hidden)) + "." };
    public readonly Option<string?> Activation = ChoiceOrPreset("--activation", "Hidden-layer activation; " + Preset.Describe(p => p.Activation) + ".", ModelSpec.Activations);
    public readonly Option<string> Init = Choice("--init", "default", "Weight initialisation (biases become 0 unless 'default', which is PyTorch's Linear default); constant = 0.1, normal = N(0, 0.1²).", ModelSpec.Inits);
    public readonly Option<string> Norm = Choice("--norm", "none", "Normalisation after each hidden linear layer.", ModelSpec.Norms);
    public readonly Option<double> Dropout = With("--dropout", 0.0, "Dropout probability after each hidden activation.");
    public readonly Option<string?> Optimizer = ChoiceOrPreset("--optimizer", "The optimizer; " + Preset.Describe(p => p.Optimizer) + ".", OptimizerFactory.Names);
    public readonly Option<double?> Lr = new("--lr") { Description = "Learning rate; " + Preset.Describe(p => p.Lr.ToString(Inv)) + "." };
    public readonly Option<double> Momentum = With("--momentum", 0.9, "Momentum of the momentum and nesterov optimizers.");
    public readonly Option<double> WeightDecay = With("--weight-decay", 0.0, "Weight decay (decoupled for adamw, whose PyTorch default 0.01 this replaces).");
    public readonly Option<string> Schedule = Choice("--schedule", "none", "Learning-rate schedule, stepped per epoch: step (×gamma each third of the run), cosine (to 0), exponential (×gamma per epoch).", OptimizerFactory.Schedules);
    public readonly Option<double?> Gamma = new("--gamma") { Description = "Decay factor of the step (default 0.1) and exponential (default 0.97) schedules." };
    public readonly Option<string?> BatchSize = new("--batch-size") { Description = "Samples per step: a number (1 = online SGD) or 'full' (full-batch gradient descent); " + Preset.Describe(p => p.BatchSize?.ToString(Inv) ?? "full") + "." };
    public readonly Option<int?> Epochs = new("--epochs") { Description = "Passes over the training data; " + Preset.Describe(p => p.Epochs.ToString(Inv)) + "." };
    public readonly Option<string> ClassWeights = Choice("--class-weights", "none", "Cross-entropy class weights: none, or balanced (n / (classes · count of the class)).", ["none", "balanced"]);
    public readonly Option<double> LabelSmoothing = With("--label-smoothing", 0.0, "Label smoothing of the cross-entropy loss (0 … 1).");
    public readonly Option<double> L1 = With("--l1", 0.0, "L1 penalty λ·Σ|w| on the weights of every linear layer.");
    public readonly Option<double> L2 = With("--l2", 0.0, "L2 penalty (λ/2)·Σw² on the weights of every linear layer.");
    public readonly Option<double> LInf = With("--linf", 0.0, "L∞ penalty λ·max|w| on the weights of every linear layer.");
    public readonly Option<int> Patience = With("--patience", 0, "Early stopping: stop after this many epochs without a better validation loss and restore the best weights (0 = off).");
    public readonly Option<int> Ensemble = With("--ensemble", 1, "Train K models from seeds seed … seed+K−1 and average their probabilities.");
    public readonly Option<long> Seed = With("--seed", 1L, "Seed of the data, the split, the initial weights and the batch order.");
    public readonly Option<string?> Out = new("--out") { Description = "Output folder (default runs/<date>-<time>)." };
    public readonly Option<bool> Quiet = new("--quiet") { Description = "Print only the final result line." };

    public Command Build(CommandContext context)
    {
        var command = new Command("train", "Train a classifier and write metrics.json, history.csv, the model, PNG charts and index.html.");
        foreach (var option in DataAndModelOptions()) command.Add(option);
        command.Add(Gamma);
        command.Add(Out);
        command.Add(Quiet);
        command.SetAction(parsed => Execute(Bind(parsed), parsed.GetValue(Out), parsed.GetValue(Quiet), context));
        return command;
    }

    /// <summary>The options <see cref="Bind"/> reads (other commands that train an MLP offer them too), all but
    /// --gamma, --out and --quiet.</summary>
    public IEnumerable<Option> DataAndModelOptions() =>
    [
        Dataset, Data, Label, Samples, Noise, ValidationFraction, TestFraction, Model, Augment, Hidden, Activation, Init, Norm, Dropout,
        Optimizer, Lr, Momentum, WeightDecay, Schedule, BatchSize, Epochs, ClassWeights, LabelSmoothing, L1, L2, LInf,
        Patience, Ensemble, Seed,
    ];

    private static int Execute(TrainSettings settings, string? outFolder, bool quiet, CommandContext context)
    {
        string folder = RunFolder.Prepare(outFolder ?? RunFolder.DefaultPath());
        var data = DataSource.Load(settings.Data, settings.Seed);
        var log = context.Output;
        if (!quiet)
            log.WriteLine($"{data.Name}: {data.Train.Count} train, {data.Validation.Count} validation, {data.Test.Count} test samples; " +
                $"{RunFolder.ModelText(TrainJob.SpecFor(settings, data))}; {settings.Optimizer.Name} lr {settings.Optimizer.Lr.ToString(Inv)}");
        var run = TrainJob.Run(settings, data, log, quiet);
        RunFolder.Write(folder, run, context.CommandLine);
        log.WriteLine(string.Create(Inv, $"test accuracy {run.Test.Accuracy:0.0000}  test loss {run.Test.Loss:0.0000}  ({run.Seconds:0.0} s)  report: {Path.Combine(folder, RunFolder.Report)}"));
        return NablaCommand.Success;
    }

    /// <summary>The settings the parsed options describe, with the data set's preset for those left out.</summary>
    public TrainSettings Bind(ParseResult p)
    {
        string dataset = p.GetValue(Dataset)!;
        var preset = Preset.For(dataset);
        string optimizer = p.GetValue(Optimizer) ?? preset.Optimizer;
        string schedule = p.GetValue(Schedule)!;
        return new TrainSettings
        {
            Data = new DataSettings(dataset, p.GetValue(Data), p.GetValue(Label), p.GetValue(Samples), p.GetValue(Noise) ?? preset.Noise,
                p.GetValue(ValidationFraction), p.GetValue(TestFraction)),
            Model = p.GetValue(Model)!,
            Augment = p.GetValue(Augment)!,
            Hidden = p.GetValue(Hidden) is { } hidden ? ParseSizes(hidden) : preset.Hidden,
            Activation = p.GetValue(Activation) ?? preset.Activation,
            Init = p.GetValue(Init)!,
            Norm = p.GetValue(Norm)!,
            Optimizer = new OptimizerSettings(optimizer, p.GetValue(Lr) ?? preset.Lr, optimizer is "momentum" or "nesterov" ? p.GetValue(Momentum) : 0,
                p.GetValue(WeightDecay), schedule, (p.GetResult(Gamma) is null ? null : p.GetValue(Gamma)) ?? (schedule == "exponential" ? 0.97 : 0.1)),
            Regularization = new RegularizationSettings(p.GetValue(L1), p.GetValue(L2), p.GetValue(LInf), p.GetValue(Dropout),
                p.GetValue(ClassWeights) == "balanced", p.GetValue(LabelSmoothing)),
            Epochs = p.GetValue(Epochs) ?? preset.Epochs,
            BatchSize = p.GetValue(BatchSize) is { } batch ? ParseBatchSize(batch) : preset.BatchSize,
            Patience = p.GetValue(Patience),
            Ensemble = p.GetValue(Ensemble),
            Seed = p.GetValue(Seed),
        };
    }

    private static int[] ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, Inv, out sizes[i]) || sizes[i] <= 0)
                throw new UsageException($"--hidden must be positive layer sizes separated by commas (e.g. 64,32), got '{text}'.");
        return sizes;
    }

    private static int? ParseBatchSize(string text)
    {
        if (text.Equals("full", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, NumberStyles.Integer, Inv, out int size) && size > 0) return size;
        throw new UsageException($"--batch-size must be a positive number or 'full', got '{text}'.");
    }

    internal static Option<T> With<T>(string name, T value, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    internal static Option<string> Choice(string name, string value, string description, string[] choices) =>
        With(name, value, description).AcceptOnlyFromAmong(choices);

    private static Option<string?> ChoiceOrPreset(string name, string description, string[] choices) =>
        new Option<string?>(name) { Description = description }.AcceptOnlyFromAmong(choices);
}
