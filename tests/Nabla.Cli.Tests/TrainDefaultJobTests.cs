using System.Text.Json;
using Nabla.IO;

namespace Nabla.Cli.Tests;

/// <summary>`nabla train` with no data options: the course's circles network, end to end, and its report folder.</summary>
public sealed class TrainDefaultJobTests
{
    /// <summary>One run of the default job, shared with <see cref="Browser.ReportInBrowserTests"/>.</summary>
    internal static readonly Lazy<(Cli.Result Result, string Folder)> DefaultRun = new(() =>
    {
        string folder = Cli.TempFolder();
        return (Cli.Run("train", "--out", folder), folder);
    });

    private static string Folder => DefaultRun.Value.Folder;

    [Fact]
    public void DefaultJobSucceedsAndReachesTheCourseAccuracy()
    {
        var (result, folder) = DefaultRun.Value;
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        var root = metrics.RootElement;
        Assert.Equal("nabla.metrics/1", root.GetProperty("schema").GetString());
        Assert.Equal("circles", root.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("dataset").GetProperty("features").GetInt32());
        Assert.Equal([10], root.GetProperty("model").GetProperty("architecture").GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("tanh", root.GetProperty("model").GetProperty("architecture").GetProperty("activation").GetString());
        Assert.Equal("sgd", root.GetProperty("optimizer").GetProperty("name").GetString());
        Assert.True(root.GetProperty("test").GetProperty("accuracy").GetDouble() >= 0.97);
        Assert.True(root.GetProperty("train").GetProperty("accuracy").GetDouble() >= 0.97);
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("samples_per_second").GetDouble() > 0);
        Assert.Equal(1, root.GetProperty("seed").GetInt64());
        Assert.StartsWith("nabla train --out ", root.GetProperty("command").GetString());
        Assert.Contains("test accuracy", result.Output);
    }

    [Fact]
    public void EveryPlotIsAPngOfUsefulSize()
    {
        var pngs = Directory.GetFiles(Folder, "*.png").Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["accuracy.png", "activation_histograms.png", "confusion_matrix.png", "decision_boundary.png", "gradient_flow.png", "loss.png",
            "weight_histograms.png"], pngs);
        foreach (var png in pngs)
        {
            var (width, height) = Cli.PngSize(Path.Combine(Folder, png));
            Assert.True(width >= 200 && height >= 200, $"{png} is {width}×{height}");
        }
    }

    [Fact]
    public void ReportEmbedsEveryChartTheTableAndTheCommand()
    {
        string html = File.ReadAllText(Path.Combine(Folder, "index.html"));
        Assert.Equal(7, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("nabla train --out ", html);
        Assert.Contains("<th>accuracy</th>", html);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void HistoryHasOneRowPerEpochAndTheModelReloads()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "history.csv"));
        Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds,samples_per_second", lines[0]);
        Assert.Equal(201, lines.Length);
        var weights = Safetensors.Load(Path.Combine(Folder, "model.safetensors")).Tensors;
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], weights.Keys.Order());
        Assert.Equal([10, 2], weights["0.weight"].Shape);
        Assert.True(File.Exists(Path.Combine(Folder, "model.json")));
    }
}
