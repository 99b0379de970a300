namespace Nabla.Cli.Tests.Browser;

/// <summary>The report opens in a real browser (headless Chromium) with every chart loaded.</summary>
public sealed class ReportInBrowserTests
{
    [Fact]
    public void DefaultTrainReportLoadsEveryChartInChromium()
    {
        var (result, folder) = TrainDefaultJobTests.DefaultRun.Value;
        Assert.True(result.ExitCode == 0, result.Error);
        var images = ImageLoadCheck.Run(Path.Combine(folder, "index.html"));
        Assert.Equal(7, images.Count);
        foreach (var image in images)
        {
            Assert.True(image.Complete && image.NaturalWidth >= 200 && image.NaturalHeight >= 200,
                $"{image.Source}… did not load: {image.NaturalWidth}×{image.NaturalHeight}, complete {image.Complete}");
        }
        // The decoded sizes are the PNG files' sizes, in the order the report lists them.
        var expected = new[] { "loss.png", "accuracy.png", "decision_boundary.png", "confusion_matrix.png", "gradient_flow.png",
                "weight_histograms.png", "activation_histograms.png" }
            .Select(png => Cli.PngSize(Path.Combine(folder, png))).Order();
        Assert.Equal(expected, images.Select(i => (i.NaturalWidth, i.NaturalHeight)).Order());
    }

    [Fact]
    public void DefaultTrainReportRendersToAScreenshot()
    {
        string folder = TrainDefaultJobTests.DefaultRun.Value.Folder;
        string png = Path.Combine(Cli.TempFolder(), "screenshot.png"); // not in the run folder, whose charts another test lists
        HeadlessChromium.Screenshot(Path.Combine(folder, "index.html"), png, 1200, 2000);
        Assert.Equal((1200, 2000), Cli.PngSize(png));
        Assert.True(new FileInfo(png).Length > 50_000, $"{png} is {new FileInfo(png).Length} bytes: a blank page?");
    }

    [Fact]
    public void CheckSeesImagesBesideThePageAndReportsAMissingOne()
    {
        string folder = Cli.TempFolder();
        File.Copy(Path.Combine(TrainDefaultJobTests.DefaultRun.Value.Folder, "loss.png"), Path.Combine(folder, "loss.png"));
        string page = Path.Combine(folder, "page.html");
        File.WriteAllText(page, "<!DOCTYPE html>\n<html><body><img src=\"loss.png\"><img src=\"missing.png\"></body></html>\n");
        var images = ImageLoadCheck.Run(page);
        var loss = Cli.PngSize(Path.Combine(folder, "loss.png"));
        Assert.Equal([new LoadedImage("loss.png", true, loss.Width, loss.Height), new LoadedImage("missing.png", true, 0, 0)], images);
    }
}
