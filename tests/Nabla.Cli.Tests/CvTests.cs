using Nabla.Cli.Studies;
using Nabla.Cli.Train;

namespace Nabla.Cli.Tests;

/// <summary>`nabla cv`: the folds, the per-fold table with mean ± std, the report folder.</summary>
public sealed class CvTests
{
    private static readonly Lazy<(Cli.Result Result, string Folder)> ThreeFolds = new(() =>
    {
        string folder = Cli.TempFolder();
        return (Cli.Run("cv", "--folds", "3", "--samples", "500", "--epochs", "80", "--out", folder), folder);
    });

    [Fact]
    public void PrintsEveryFoldAndTheMeanAndStdOfTheValidationAccuracy()
    {
        var (result, folder) = ThreeFolds.Value;
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        var rows = File.ReadAllLines(Path.Combine(folder, CvCommand.FoldsFile));
        Assert.Equal("fold,train_samples,validation_samples,epochs,val_loss,val_accuracy,test_loss,test_accuracy,seconds", rows[0]);
        Assert.Equal(4, rows.Length);
        var cells = rows[1..].Select(r => r.Split(',')).ToArray();
        Assert.Equal(["1", "2", "3"], cells.Select(c => c[0]));
        // 500 points, 20 % test: 400 in the folds, each held out once.
        Assert.Equal(400, cells.Sum(c => int.Parse(c[2], StudyReport.Inv)));
        Assert.All(cells, c => Assert.Equal(400, int.Parse(c[1], StudyReport.Inv) + int.Parse(c[2], StudyReport.Inv)));
        var accuracy = cells.Select(c => double.Parse(c[5], StudyReport.Inv)).ToArray();
        Assert.All(accuracy, a => Assert.True(a >= 0.9, $"fold accuracy {a}"));
        Assert.Contains($"cross-validated accuracy {StudyReport.MeanStd(accuracy)} over 3 folds", result.Output);
        Assert.Contains("mean ± std", result.Output);
        Assert.Contains("fold 3/3", result.Output);
    }

    [Fact]
    public void WritesTheCurvesAndThePage()
    {
        string folder = ThreeFolds.Value.Folder;
        foreach (var png in new[] { "val_loss.png", "val_accuracy.png" }) Assert.True(Cli.PngSize(Path.Combine(folder, png)).Width >= 200);
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Equal(2, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("nabla cv --folds 3", html);
        Assert.Contains($"<td>mean {System.Net.WebUtility.HtmlEncode("±")} std</td>", html);
    }

    [Fact]
    public void StratifiedFoldsKeepTheClassProportionsAndPlainOnesNeedNot()
    {
        var settings = TrainOptions.Parse("--samples", "200", "--epochs", "1");
        var data = DataSource.Load(settings.Data, settings.Seed);
        var stratified = CvCommand.Run(settings, data, 4, stratify: true, TextWriter.Null);
        foreach (var run in stratified)
        {
            var labels = run.Outcome.Data.Validation.Targets.ToLongArray();
            Assert.InRange(labels.Count(l => l == 1) - labels.Count(l => l == 0), -1, 1);
        }
        var plain = CvCommand.Run(settings, data, 4, stratify: false, TextWriter.Null);
        Assert.Equal(160, plain.Sum(r => r.Outcome.Data.Validation.Count));
        Assert.Contains(plain, r => Math.Abs(r.Outcome.Data.Validation.Targets.ToLongArray().Sum() * 2 - r.Outcome.Data.Validation.Count) > 1);
    }

    [Fact]
    public void OneFoldIsBadInput()
    {
        var result = Cli.Run("cv", "--folds", "1", "--out", Cli.TempFolder());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("nabla: --folds must be at least 2, got 1.\n", result.Error);
    }
}
