namespace Nabla.Cli.Tests;

/// <summary>Every kind of bad input ends with exit code 2 and one clear line on stderr, never a stack trace.</summary>
public sealed class BadInputTests
{
    private static void AssertBadInput(Cli.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        string error = result.Error.TrimEnd('\n');
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
        Assert.StartsWith("nabla: ", error);
        Assert.Contains(expected, error);
    }

    private static Cli.Result Train(params string[] args) => Cli.Run(["train", "--quiet", "--out", Cli.TempFolder(), .. args]);

    [Fact]
    public void UnknownDataSetListsTheChoices() =>
        AssertBadInput(Train("--dataset", "iris"), "Argument 'iris' not recognized. Must be one of: 'circles', 'moons', 'spirals', 'xor', 'blobs', 'csv', 'mnist', 'fashion-mnist'");

    [Fact]
    public void UnknownModel() => AssertBadInput(Train("--model", "cnn"), "Argument 'cnn' not recognized. Must be one of: 'mlp'");

    [Fact]
    public void UnknownOption() => AssertBadInput(Train("--bogus"), "Unrecognized command or argument '--bogus'. (see 'nabla train --help')");

    [Fact]
    public void UnknownCommand() => AssertBadInput(Cli.Run("frobnicate"), "Unrecognized command or argument 'frobnicate'");

    [Fact]
    public void NumberThatIsNot() => AssertBadInput(Train("--epochs", "many"), "Cannot parse argument 'many' for option '--epochs' as a whole number");

    [Fact]
    public void MissingFashionMnistFolderNamesTheDebianPackage() =>
        AssertBadInput(Train("--dataset", "fashion-mnist", "--data", "/no/such/folder"),
            "data folder /no/such/folder does not exist: fashion-mnist needs train-images-idx3-ubyte");

    [Fact]
    public void MissingFashionMnistFolderHint() =>
        AssertBadInput(Train("--dataset", "fashion-mnist", "--data", "/no/such/folder"), "install Debian's package dataset-fashion-mnist");

    [Fact]
    public void MnistWithoutFolder() => AssertBadInput(Train("--dataset", "mnist"), "--dataset mnist needs --data DIR");

    [Fact]
    public void MissingCsvFile() => AssertBadInput(Train("--dataset", "csv", "--data", "/no/such.csv", "--label", "y"), "CSV file /no/such.csv does not exist.");

    [Fact]
    public void CorruptCsvFileNamesRowAndColumn()
    {
        string file = Path.Combine(Cli.TempFolder(), "bad.csv");
        File.WriteAllText(file, "a,b,y\n1,2,0\n3,x,1\n");
        AssertBadInput(Train("--dataset", "csv", "--data", file, "--label", "y"), "row 3, column 1 ('b'): 'x' is not a finite number");
    }

    [Fact]
    public void CsvLabelColumnThatDoesNotExist()
    {
        string file = Path.Combine(Cli.TempFolder(), "ok.csv");
        File.WriteAllText(file, "a,b,y\n1,2,0\n3,4,1\n");
        var result = Train("--dataset", "csv", "--data", file, "--label", "class");
        AssertBadInput(result, "has no column 'class'; its columns are a, b, y.");
        Assert.DoesNotContain("(Parameter", result.Error);
    }

    [Fact]
    public void CorruptIdxFile()
    {
        string folder = Cli.TempFolder();
        foreach (var name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            File.WriteAllBytes(Path.Combine(folder, name), [1, 2, 3]);
        AssertBadInput(Train("--dataset", "mnist", "--data", folder), "train-images-idx3-ubyte");
    }

    [Fact]
    public void ImpossibleLayerSizes() => AssertBadInput(Train("--hidden", "64,0"), "--hidden must be positive layer sizes separated by commas (e.g. 64,32), got '64,0'.");

    [Fact]
    public void ImpossibleBatchSize() => AssertBadInput(Train("--batch-size", "0"), "--batch-size must be a positive number or 'full', got '0'.");

    [Fact]
    public void EarlyStoppingWithoutValidation() =>
        AssertBadInput(Train("--patience", "3", "--validation-fraction", "0"), "--patience needs a validation set");

    [Fact]
    public void OutputFolderThatCannotBeWritten()
    {
        string file = Path.Combine(Cli.TempFolder(), "a-file");
        File.WriteAllText(file, "");
        AssertBadInput(Cli.Run("train", "--quiet", "--out", Path.Combine(file, "run")), $"cannot write to output folder {Path.Combine(file, "run")}");
    }
}
