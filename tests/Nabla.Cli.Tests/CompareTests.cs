using Nabla.Cli.Studies;

namespace Nabla.Cli.Tests;

/// <summary>`nabla compare`: configurations as key=value sets over shared base options, the table, the overlaid curves.</summary>
public sealed class CompareTests
{
    private static readonly Lazy<(Cli.Result Result, string Folder)> TwoConfigs = new(() =>
    {
        string folder = Cli.TempFolder();
        return (Cli.Run("compare", "--samples", "400", "--epochs", "30", "--configs", "activation=tanh;activation=relu hidden=16,16", "--out", folder), folder);
    });

    [Fact]
    public void RunsEachConfigurationAndPrintsTheTable()
    {
        var (result, folder) = TwoConfigs.Value;
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("run 1/2 (1 to go): activation=tanh", result.Output);
        Assert.Contains("run 2/2 (0 to go): activation=relu hidden=16,16", result.Output);
        Assert.Contains("MLP 2 → 16 → 16 → 2, relu", result.Output);
        var rows = File.ReadAllLines(Path.Combine(folder, CompareCommand.ResultsFile));
        Assert.Equal("configuration,model,optimizer,epochs,val_loss,val_accuracy,test_loss,test_accuracy,seconds", rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("activation=tanh,\"MLP 2 → 10 → 2, tanh\",sgd lr 0.3,30,", rows[1]);
        Assert.StartsWith("\"activation=relu hidden=16,16\",\"MLP 2 → 16 → 16 → 2, relu\",sgd lr 0.3,30,", rows[2]);
    }

    [Fact]
    public void DrawsOneCurvePerConfigurationWithALegend()
    {
        string folder = TwoConfigs.Value.Folder;
        foreach (var png in new[] { "val_loss.png", "val_accuracy.png" }) Assert.True(Cli.PngSize(Path.Combine(folder, png)).Width >= 200);
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Equal(2, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("<td>activation=relu hidden=16,16</td>", html);
    }

    [Fact]
    public void AConfigurationOverridesTheBaseOptionsAndKeepsTheRest()
    {
        var s = CompareCommand.Settings(new Dictionary<string, string> { ["--dataset"] = "spirals", ["--lr"] = "0.5", ["--epochs"] = "7" }, "lr=0.02 hidden=8,4 optimizer=momentum");
        Assert.Equal("spirals", s.Data.Name);
        Assert.Equal(0.02, s.Optimizer.Lr);
        Assert.Equal("momentum", s.Optimizer.Name);
        Assert.Equal(0.9, s.Optimizer.Momentum);
        Assert.Equal([8, 4], s.Hidden);
        Assert.Equal(7, s.Epochs);
        Assert.Equal("relu", s.Activation);   // the spirals preset
    }

    [Theory]
    [InlineData(new[] { "--config", "bogus=1" }, "nabla: --config 'bogus=1': unknown setting 'bogus'; settings are dataset, data, label,")]
    [InlineData(new[] { "--config", "lr" }, "nabla: --config 'lr': 'lr' is not key=value (e.g. activation=relu).")]
    [InlineData(new[] { "--config", "activation=foo" }, "nabla: --config 'activation=foo': Argument 'foo' not recognized. Must be one of: 'relu', 'tanh',")]
    [InlineData(new[] { "--config", "epochs=0" }, "nabla: --epochs must be at least 1, got 0.")]
    [InlineData(new string[0], "nabla: compare needs configurations: --config \"activation=relu\" (repeatable) or --configs")]
    public void BadConfigurationsAreBadInput(string[] args, string expected)
    {
        var result = Cli.Run(["compare", "--out", Cli.TempFolder(), .. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }
}
