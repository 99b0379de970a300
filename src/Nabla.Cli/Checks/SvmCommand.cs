using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nabla.Classic;
using Nabla.Cli.Train;

namespace Nabla.Cli.Checks;

/// <summary>The train/test points of a split, for comparing with scikit-learn (<c>nabla svm --export-split</c>).</summary>
internal sealed record SplitPoints(string Dataset, long Seed, double[][] TrainX, long[] TrainY, double[][] TestX, long[] TestY);

/// <summary><c>nabla svm</c>: a kernel SVM (SMO, Nabla.Classic) beside the data set's default MLP, on the same split.</summary>
internal static class SvmCommand
{
    public static Command Build(CommandContext context)
    {
        var train = new TrainCommand();
        var kernel = TrainCommand.Choice("--kernel", "rbf", "The kernel: linear x·z, rbf exp(−γ‖x−z‖²), poly (γ x·z + coef0)^degree.", ["linear", "rbf", "poly"]);
        var c = TrainCommand.With("--c", 1.0, "The soft-margin penalty C.");
        var gamma = TrainCommand.With("--gamma", "scale", "γ of rbf and poly: a number, 'scale' (1 / (features · Var X), scikit-learn's default) or 'auto' (1 / features).");
        var degree = TrainCommand.With("--degree", 3, "Degree of the poly kernel.");
        var coef0 = TrainCommand.With("--coef0", 0.0, "coef0 of the poly kernel.");
        var export = new Option<string?>("--export-split") { Description = "Also write the split's points to this JSON file (to fit scikit-learn's SVC on the same points)." };
        var command = new Command("svm", "Train a kernel SVM (SMO) and print its test accuracy beside the MLP's on the same split (data and MLP options as in 'nabla train').")
        {
            kernel, c, gamma, degree, coef0, export,
        };
        foreach (var option in train.DataAndModelOptions()) command.Add(option);
        command.SetAction(p =>
        {
            var settings = train.Bind(p);
            var data = DataSource.Load(settings.Data, settings.Seed);
            var points = Points(data, settings.Seed);
            if (p.GetValue(export) is { } file) File.WriteAllText(file, JsonSerializer.Serialize(points, CliJson.Default.SplitPoints) + "\n");
            var k = new Kernel(p.GetValue(kernel) switch { "linear" => KernelKind.Linear, "poly" => KernelKind.Polynomial, _ => KernelKind.Rbf },
                Gamma(p.GetValue(gamma)!, points.TrainX), p.GetValue(degree), p.GetValue(coef0));
            var svc = Svc.Fit(points.TrainX, points.TrainY, k, p.GetValue(c));
            double svmAccuracy = svc.Score(points.TestX, points.TestY);
            var mlp = TrainJob.Run(settings with { Ensemble = 1 }, data, TextWriter.Null, quiet: true);
            var inv = CultureInfo.InvariantCulture;
            context.Output.WriteLine($"{data.Name}: {data.Train.Count} train, {data.Test.Count} test points (seed {settings.Seed})");
            context.Output.WriteLine(string.Create(inv, $"{"model",-44}  test accuracy"));
            context.Output.WriteLine(string.Create(inv, $"{$"SVM {k.Kind.ToString().ToLowerInvariant()} C={p.GetValue(c):G4} γ={k.Gamma:G4} ({svc.SupportVectorCount} SVs)",-44}  {svmAccuracy:0.0000}"));
            context.Output.WriteLine(string.Create(inv, $"{RunFolder.ModelText(mlp.Spec),-44}  {mlp.Test.Accuracy:0.0000}"));
            return NablaCommand.Success;
        });
        return command;
    }

    private static double Gamma(string text, double[][] x) => text switch
    {
        "scale" => Kernel.ScaleGamma(x),
        "auto" => 1.0 / x[0].Length,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double g) && g > 0 => g,
        _ => throw new UsageException($"--gamma must be a positive number, 'scale' or 'auto', got '{text}'."),
    };

    /// <summary>The SVM trains on the MLP's training split (without its validation part) and is tested on the same test split.</summary>
    private static SplitPoints Points(LoadedData data, long seed) =>
        new(data.Name, seed, Rows(data.Train.Features), data.Train.Targets.ToLongArray(), Rows(data.Test.Features), data.Test.Targets.ToLongArray());

    internal static double[][] Rows(Tensor features)
    {
        int n = features.Size(0), d = features.Size(1);
        var flat = features.ToDoubleArray();
        return Enumerable.Range(0, n).Select(r => flat.AsSpan(r * d, d).ToArray()).ToArray();
    }
}
