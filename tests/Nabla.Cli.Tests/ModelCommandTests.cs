using System.Text.Json;

namespace Nabla.Cli.Tests;

/// <summary>evaluate, predict and summary rebuild a trained model from its run folder; gradcheck covers the op table.</summary>
public sealed class ModelCommandTests
{
    private static readonly Lazy<string> Run = new(() =>
    {
        string folder = Cli.TempFolder();
        var result = Cli.Run("train", "--quiet", "--epochs", "60", "--out", folder);
        Assert.True(result.ExitCode == 0, result.Error);
        return folder;
    });

    [Fact]
    public void EvaluateReproducesTheRunsTestAccuracy()
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(Run.Value, "metrics.json")));
        double accuracy = metrics.RootElement.GetProperty("test").GetProperty("accuracy").GetDouble();
        var result = Cli.Run("evaluate", Run.Value);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"accuracy {accuracy.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}  (200 samples)", result.Output);
        Assert.Contains("actual\\pred", result.Output);
    }

    [Fact]
    public void PredictClassifiesInnerAndOuterPoints()
    {
        string input = Path.Combine(Cli.TempFolder(), "points.csv");
        File.WriteAllText(input, "x1,x2\n0,0\n1,0\n0,-1\n");
        var result = Cli.Run("predict", Run.Value, "--input", input);
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal("predicted,p(class 0),p(class 1)", lines[0]);
        Assert.StartsWith("class 1,", lines[1]);     // the centre lies on the inner circle's side
        Assert.StartsWith("class 0,", lines[2]);     // radius 1: the outer circle
        Assert.StartsWith("class 0,", lines[3]);
    }

    [Fact]
    public void PredictRejectsRowsOfTheWrongWidth()
    {
        string input = Path.Combine(Cli.TempFolder(), "points.csv");
        File.WriteAllText(input, "a,b,c\n1,2,3\n");
        var result = Cli.Run("predict", Run.Value, "--input", input);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"nabla: the model takes 2 features per row, but {input} has shape [1, 3].", result.Error.TrimEnd());
    }

    [Fact]
    public void SummaryListsTheLayers()
    {
        var result = Cli.Run("summary", Run.Value);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("MLP 2 → 10 → 2, tanh", result.Output);
        Assert.Contains("0 (Linear)   [1, 10]             30", result.Output);
        Assert.Contains("Total params: 52", result.Output);
    }

    [Fact]
    public void CorruptWeightsFileIsBadInput()
    {
        string folder = Cli.TempFolder();
        foreach (var file in new[] { "model.json", "model.safetensors" }) File.Copy(Path.Combine(Run.Value, file), Path.Combine(folder, file));
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), [9, 9, 9]);
        var result = Cli.Run("evaluate", folder);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("model.safetensors", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void MissingRunFolder()
    {
        var result = Cli.Run("summary", "/no/such/run");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("nabla: run folder /no/such/run does not exist; pass the --out folder of a 'nabla train' run.", result.Error.TrimEnd());
    }

    [Fact]
    public void GradcheckPassesEveryOpOfTheCatalog()
    {
        var result = Cli.Run("gradcheck");
        Assert.True(result.ExitCode == 0, result.Output);
        var rows = result.Output.TrimEnd().Split('\n');
        int ops = rows.Length - 2;                           // header, one row per op, the closing line
        Assert.True(ops >= 100, $"only {ops} ops checked");
        Assert.Equal($"all {ops} ops pass", rows[^1]);
        Assert.All(rows[1..^1], row => Assert.EndsWith("pass", row));
        Assert.Contains(rows, r => r.StartsWith("mul (broadcast)", StringComparison.Ordinal) && r.Contains("[2,3] [2,1]"));
    }
}
