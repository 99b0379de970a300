using Nabla.Data;

namespace Nabla.Cli.Train;

/// <summary>A data set split three ways, with what the model and the report need to know about it.</summary>
internal sealed record LoadedData(string Name, string Source, TensorDataset Train, TensorDataset Validation, TensorDataset Test,
    int Features, int Classes, IReadOnlyList<string> ClassNames, int[]? ImageShape = null)
{
    public int TotalSamples => Train.Count + Validation.Count + Test.Count;
}

/// <summary>Loads the data set a <c>nabla train</c> run names and splits it (stratified by class).</summary>
internal static class DataSource
{
    public static readonly string[] Names = ["circles", "moons", "spirals", "xor", "blobs", "csv", "mnist", "fashion-mnist"];

    /// <summary>The synthetic two-feature sets (a decision boundary can be drawn).</summary>
    public static bool IsSynthetic(string name) => name is "circles" or "moons" or "spirals" or "xor" or "blobs";

    public static LoadedData Load(DataSettings settings, long seed)
    {
        var g = new Generator(seed);
        return settings.Name switch
        {
            "mnist" or "fashion-mnist" => LoadIdx(settings, g),
            "csv" => Split(settings, "csv", LoadCsv(settings), settings.Path!, g),
            _ => Split(settings, settings.Name, Synthetic(settings, g), SyntheticSource(settings), g),
        };
    }

    private static string SyntheticSource(DataSettings s) => s.Name == "blobs"
        ? $"synthetic ({s.Samples} points, 3 Gaussian blobs)"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"synthetic ({s.Samples} points, noise {s.Noise:G4})");

    private static TensorDataset Synthetic(DataSettings s, Generator g)
    {
        if (s.Samples < 10) throw new UsageException($"--samples must be at least 10, got {s.Samples}.");
        var (x, y) = s.Name switch
        {
            "circles" => Datasets.MakeCircles(s.Samples, noise: s.Noise, factor: 0.5, generator: g),
            "moons" => Datasets.MakeMoons(s.Samples, noise: s.Noise, generator: g),
            "spirals" => Datasets.MakeSpirals(s.Samples, classes: 2, turns: 1, noise: s.Noise, generator: g),
            "xor" => Datasets.MakeXor(s.Samples, noise: s.Noise, generator: g),
            "blobs" => Datasets.MakeBlobs(s.Samples, nFeatures: 2, centers: 3, generator: g),
            _ => throw new UsageException($"unknown data set '{s.Name}'; choose one of {string.Join(", ", Names)}."),
        };
        return new TensorDataset(x, y);
    }

    private static TensorDataset LoadCsv(DataSettings s)
    {
        if (s.Path is null) throw new UsageException("--dataset csv needs --data FILE (a CSV file with a header row) and --label COLUMN.");
        if (s.Label is null) throw new UsageException($"--dataset csv needs --label COLUMN: the header name of the class column of {s.Path}.");
        if (!File.Exists(s.Path)) throw new UsageException($"CSV file {s.Path} does not exist.");
        var data = Csv.Load(s.Path, s.Label);
        if (data.Count == 0) throw new UsageException($"CSV file {s.Path} has no data rows.");
        return data;
    }

    private static LoadedData LoadIdx(DataSettings s, Generator g)
    {
        bool fashion = s.Name == "fashion-mnist";
        string? folder = s.Path ?? (fashion ? FashionMnist.DefaultFolder : null);
        string files = "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (optionally .gz)";
        string hint = fashion ? $"install Debian's package dataset-fashion-mnist (it puts them in {FashionMnist.DefaultFolder}) or pass --data DIR"
            : "pass --data DIR with a folder holding them";
        if (folder is null) throw new UsageException($"--dataset mnist needs --data DIR: a folder with {files}.");
        if (!Directory.Exists(folder)) throw new UsageException($"data folder {folder} does not exist: {s.Name} needs {files}; {hint}.");
        var train = fashion ? FashionMnist.Load(folder, train: true, flatten: true) : Mnist.Load(folder, train: true, flatten: true);
        var test = fashion ? FashionMnist.Load(folder, train: false, flatten: true) : Mnist.Load(folder, train: false, flatten: true);
        var split = Splits.TrainValidationTest(train.Targets, s.ValidationFraction, 0, stratify: true, generator: g);
        var names = fashion ? FashionMnist.Classes : Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new LoadedData(s.Name, folder, Rows(train, split.Train), Rows(train, split.Validation), test, 784, 10, names, [1, 28, 28]);
    }

    private static LoadedData Split(DataSettings s, string name, TensorDataset all, string source, Generator g)
    {
        var labels = all.Targets.ToLongArray();
        if (labels.Any(l => l < 0)) throw new UsageException($"{source}: class labels must be 0, 1, 2, …; found {labels.Min()}.");
        int classes = (int)labels.Max() + 1;
        if (classes < 2) throw new UsageException($"{source}: needs at least two classes, found only class {labels.Max()}.");
        var split = Splits.TrainValidationTest(all.Targets, s.ValidationFraction, s.TestFraction, stratify: true, generator: g);
        if (split.Test.Length == 0) throw new UsageException("--test-fraction leaves no test sample; use a larger fraction or more samples.");
        var names = Enumerable.Range(0, classes).Select(c => "class " + c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new LoadedData(name, source, Rows(all, split.Train), Rows(all, split.Validation), Rows(all, split.Test),
            all.Features.Size(1), classes, names);
    }

    /// <summary>The given rows of a data set as a new one.</summary>
    public static TensorDataset Rows(TensorDataset data, int[] rows)
    {
        var batch = data.GetBatch(rows);
        return new TensorDataset(batch.Features, batch.Target);
    }
}
