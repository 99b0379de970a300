using Nabla.Cli.Studies;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Capacity: one hidden layer of growing width on few noisy points. Too narrow a layer cannot even fit the training set
/// (underfitting: train and validation both poor); a wide one fits the training set's noise too (overfitting: train
/// accuracy near 1, validation loss rising, the train–validation gap at its widest).
/// </summary>
internal sealed class CapacityExperiment : Experiment
{
    public override string Name => "capacity";

    public override string Question => "How does the hidden layer's width move a network from underfitting to overfitting?";

    public static readonly int[] Widths = [1, 2, 4, 8, 32, 128];

    /// <summary>Training points: few, so that a wide network can memorise them.</summary>
    public const int TrainSamples = 60;

    public override ExperimentResult Run(ExperimentContext context)
    {
        int steps = context.Quick ? 1500 : 4000;
        var g = new Generator(1);
        var (x, y) = Datasets.MakeMoons(TrainSamples + 1000, noise: 0.35, generator: g);
        var all = new TensorDataset(x, y);
        var train = Train.DataSource.Rows(all, [.. Enumerable.Range(0, TrainSamples)]);
        var validation = Train.DataSource.Rows(all, [.. Enumerable.Range(TrainSamples, 1000)]);
        var numbers = new Dictionary<string, double>();
        foreach (int width in Widths)
        {
            context.Log.WriteLine($"training: {width} hidden unit(s)");
            var model = Fit(width, train, steps);
            var (trainLoss, trainAccuracy) = Score(model, train);
            var (validationLoss, validationAccuracy) = Score(model, validation);
            numbers[$"train_accuracy_{width}"] = trainAccuracy;
            numbers[$"validation_accuracy_{width}"] = validationAccuracy;
            numbers[$"train_loss_{width}"] = trainLoss;
            numbers[$"validation_loss_{width}"] = validationLoss;
            numbers[$"accuracy_gap_{width}"] = trainAccuracy - validationAccuracy;
            numbers[$"loss_gap_{width}"] = validationLoss - trainLoss;
        }
        numbers["best_validation_width"] = Widths.MaxBy(w => numbers[$"validation_accuracy_{w}"]);
        double[] log2Width = [.. Widths.Select(w => Math.Log2(w))];
        var images = new List<HtmlImage>();
        foreach (var (key, what) in new[] { ("accuracy", "accuracy"), ("loss", "cross-entropy loss") })
        {
            string chart = Path.Combine(context.Folder, $"capacity_{key}.png");
            Charts.Lines(chart, $"Train and validation {what} by hidden width ({TrainSamples} noisy moons points)", "log₂ of the hidden width (1 … 128 units)", what,
                [new Series("train", log2Width, [.. Widths.Select(w => numbers[$"train_{key}_{w}"])]),
                 new Series("validation", log2Width, [.. Widths.Select(w => numbers[$"validation_{key}_{w}"])])], legendLow: key == "accuracy");
            images.Add(new HtmlImage($"Train and validation {what}: the gap opens as the width grows", chart));
        }
        var table = new HtmlTable($"One hidden tanh layer, {TrainSamples} training and 1000 validation points, {steps} full-batch Adam steps",
            ["hidden units", "train accuracy", "validation accuracy", "train loss", "validation loss"],
            [.. Widths.Select(w => (IReadOnlyList<string>)[w.ToString(StudyReport.Inv), StudyReport.F4(numbers[$"train_accuracy_{w}"]),
                StudyReport.F4(numbers[$"validation_accuracy_{w}"]), StudyReport.F4(numbers[$"train_loss_{w}"]), StudyReport.F4(numbers[$"validation_loss_{w}"])])]);
        int widest = Widths[^1];
        string finding = string.Create(StudyReport.Inv, $"1 hidden unit underfits (train accuracy {numbers["train_accuracy_1"]:0.000}, train loss " +
            $"{numbers["train_loss_1"]:0.000}, validation accuracy {numbers["validation_accuracy_1"]:0.000}); validation accuracy peaks at " +
            $"{numbers["best_validation_width"]} units ({numbers[$"validation_accuracy_{numbers["best_validation_width"]}"]:0.000}); {widest} units fit the training set (train accuracy {numbers[$"train_accuracy_{widest}"]:0.000}) " +
            $"but reach validation accuracy {numbers[$"validation_accuracy_{widest}"]:0.000}, and their validation loss exceeds their train loss by " +
            $"{numbers[$"loss_gap_{widest}"]:0.000} against {numbers["loss_gap_1"]:0.000} for 1 unit.");
        return new ExperimentResult(finding, numbers, [table], images);
    }

    /// <summary>2 → width tanh → 2, full-batch Adam (lr 0.01) for the given steps, no regularisation.</summary>
    private static Sequential Fit(int width, TensorDataset train, int steps)
    {
        var g = new Generator(2);
        var model = new Sequential(new Linear(2, width, generator: g), new Tanh(), new Linear(width, 2, generator: g));
        var optimizer = new Adam(model.Parameters(), lr: 0.01);
        var loss = new CrossEntropyLoss();
        for (int step = 0; step < steps; step++)
        {
            optimizer.ZeroGrad();
            loss.Call(model.Call(train.Features), train.Targets).Backward();
            optimizer.Step();
        }
        return model;
    }

    private static (double Loss, double Accuracy) Score(Sequential model, TensorDataset split)
    {
        using var noGrad = Tensor.NoGrad();
        var logits = model.Call(split.Features);
        double loss = new CrossEntropyLoss().Call(logits, split.Targets).Item();
        return (loss, Lab.LabSetup.Accuracy(logits, split.Targets));
    }
}
