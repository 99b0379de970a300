namespace Nabla.Cli.Tests;

/// <summary>A run on image data draws the model's insides and a grid of test predictions (Debian's
/// dataset-fashion-mnist, which .ci/run installs).</summary>
public sealed class ImageReportTests
{
    [Fact]
    public void FashionMnistRunDrawsPredictionsGradientFlowAndHistograms()
    {
        string folder = Cli.TempFolder();
        var result = Cli.Run("train", "--dataset", "fashion-mnist", "--model", "mlp", "--hidden", "32", "--epochs", "1", "--quiet", "--out", folder);
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var png in new[] { "predictions.png", "gradient_flow.png", "weight_histograms.png", "activation_histograms.png" })
        {
            var (width, height) = Cli.PngSize(Path.Combine(folder, png));
            Assert.True(width >= 200 && height >= 200, $"{png} is {width}×{height}");
        }
        string page = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Contains("A grid of test images with the model", page);
        Assert.Contains("Gradient flow per layer", page);
    }
}
