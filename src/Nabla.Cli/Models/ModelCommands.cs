using System.CommandLine;
using System.Globalization;
using Nabla.Cli.Train;
using Nabla.Data;

namespace Nabla.Cli.Models;

/// <summary><c>nabla evaluate</c>, <c>predict</c> and <c>summary</c>: commands on a saved run folder.</summary>
internal static class ModelCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static Argument<string> RunArgument() => new("run") { Description = "The output folder of a 'nabla train' run (holds model.json and model.safetensors)." };

    public static Command Evaluate(CommandContext context)
    {
        var run = RunArgument();
        var data = new Option<string?>("--data") { Description = "Evaluate on this CSV file or IDX folder instead of the training run's data." };
        var label = new Option<string?>("--label") { Description = "The CSV label column (default: the training run's)." };
        var command = new Command("evaluate", "Score a saved model on the test split of its data set (or on --data): loss, accuracy, confusion matrix.") { run, data, label };
        command.SetAction(p =>
        {
            var saved = SavedModel.Load(p.GetValue(run)!);
            var trainedOn = saved.Spec.Data ?? throw new UsageException($"{saved.Folder}/model.json does not say which data the model was trained on; pass --data.");
            var settings = trainedOn with { Path = p.GetValue(data) ?? trainedOn.Path, Label = p.GetValue(label) ?? trainedOn.Label };
            var loaded = DataSource.Load(settings, saved.Spec.Seed);
            saved.CheckFeatures(loaded.Test.Features, settings.Path ?? settings.Name);
            var score = TrainJob.Score(saved.Model, loaded.Test);
            context.Output.WriteLine(string.Create(Inv, $"{loaded.Name} test split: loss {score.Loss:0.0000}  accuracy {score.Accuracy:0.0000}  ({score.Samples} samples)"));
            context.Output.WriteLine(TrainJob.Confusion(saved.Model, loaded.Test, Math.Max(saved.Spec.Classes, loaded.Classes)).ToString());
            return NablaCommand.Success;
        });
        return command;
    }

    public static Command Predict(CommandContext context)
    {
        var run = RunArgument();
        var input = new Option<string>("--input") { Description = "A CSV file of feature rows (a header row, then numbers only).", Required = true };
        var command = new Command("predict", "Print the predicted class and the class probabilities of each row of a CSV file.") { run, input };
        command.SetAction(p =>
        {
            var saved = SavedModel.Load(p.GetValue(run)!);
            string file = p.GetValue(input)!;
            if (!File.Exists(file)) throw new UsageException($"input file {file} does not exist.");
            var features = FeatureCsv.Read(file);
            saved.CheckFeatures(features, file);
            Tensor probabilities;
            using (Tensor.NoGrad()) probabilities = saved.Model.Call(features).Softmax(1);
            var p2 = probabilities.ToDoubleArray();
            int classes = saved.Spec.Classes;
            context.Output.WriteLine("predicted," + string.Join(',', saved.Spec.ClassNames.Select(n => "p(" + n + ")")));
            for (int row = 0; row < features.Size(0); row++)
            {
                var probs = p2.AsSpan(row * classes, classes);
                int best = probs.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(probs));
                context.Output.WriteLine(saved.Spec.ClassNames[best] + "," + string.Join(',', probs.ToArray().Select(v => v.ToString("0.######", Inv))));
            }
            return NablaCommand.Success;
        });
        return command;
    }

    public static Command Summary(CommandContext context)
    {
        var run = RunArgument();
        var command = new Command("summary", "Print a saved model's layers, output shapes and parameter counts.") { run };
        command.SetAction(p =>
        {
            var saved = SavedModel.Load(p.GetValue(run)!);
            context.Output.WriteLine($"{RunFolder.ModelText(saved.Spec)}; trained on {saved.Spec.Dataset}");
            context.Output.WriteLine(saved.Model.Summary([1, saved.Spec.InputFeatures]).ToString());
            return NablaCommand.Success;
        });
        return command;
    }
}

/// <summary>Reads a CSV of numbers (a header row, then one sample per row) into Float32 [rows, columns].</summary>
internal static class FeatureCsv
{
    public static Tensor Read(string file)
    {
        var lines = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length < 2) throw new UsageException($"{file} has no data rows (expected a header row, then numbers).");
        int columns = lines[0].Split(',').Length;
        var values = new float[(lines.Length - 1) * columns];
        for (int r = 1; r < lines.Length; r++)
        {
            var fields = lines[r].Split(',');
            if (fields.Length != columns) throw new UsageException($"{file}: row {r + 1} has {fields.Length} fields, the header has {columns}.");
            for (int c = 0; c < columns; c++)
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out values[(r - 1) * columns + c]))
                    throw new UsageException($"{file}: row {r + 1}, column {c + 1}: '{fields[c].Trim()}' is not a number.");
        }
        return Tensor.FromArray(values, lines.Length - 1, columns);
    }
}
