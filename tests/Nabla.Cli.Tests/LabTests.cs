using System.Text.Json;
using Nabla.Cli.Lab;

namespace Nabla.Cli.Tests;

/// <summary>`nabla lab --quick`: the four ways agree, each learns circles, the MNIST MLP and the SVM reach their thresholds.</summary>
public sealed class LabTests
{
    private static string MnistFolder() => Nabla.Tests.Shared.TestFolders.Mnist;

    [Fact]
    public void FourWaysAgreeAndTheBaselinesReachTheirAccuracy()
    {
        string folder = Cli.TempFolder();
        var result = Cli.Run("lab", "--quick", "--data", MnistFolder(), "--out", folder);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("(a) backprop by hand", result.Output);
        Assert.Contains("report: ", result.Output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, LabCommand.ResultsFile)));
        var root = json.RootElement;
        Assert.True(root.GetProperty("quick").GetBoolean());
        var ways = root.GetProperty("ways").EnumerateArray().ToArray();
        Assert.Equal(["by_hand", "autograd", "nn_manual", "nn_sgd"], ways.Select(w => w.GetProperty("key").GetString()));
        var reference = ways[0].GetProperty("epoch_loss").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(60, reference.Length);
        Assert.True(reference[^1] < 0.5 * reference[0], $"loss {reference[0]} → {reference[^1]}");
        foreach (var way in ways)
        {
            var losses = way.GetProperty("epoch_loss").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            // Same weights, batches and arithmetic up to float32 rounding: the curves agree to far better than 1e-4.
            Assert.True(losses.Zip(reference).All(p => Math.Abs(p.First - p.Second) < 1e-4), $"{way.GetProperty("key")} departs from the hand-written curve");
            Assert.True(way.GetProperty("test_accuracy").GetDouble() >= 0.95, $"{way.GetProperty("key")}: {way.GetProperty("test_accuracy")}");
            Assert.InRange(way.GetProperty("test_accuracy").GetDouble(), ways[0].GetProperty("test_accuracy").GetDouble() - 0.005,
                ways[0].GetProperty("test_accuracy").GetDouble() + 0.005);
            Assert.True(way.GetProperty("seconds").GetDouble() > 0);
        }
        Assert.True(root.GetProperty("max_loss_difference").GetDouble() < 1e-4);

        var mnist = root.GetProperty("mnist");
        Assert.Equal(4000, mnist.GetProperty("train_samples").GetInt32());
        Assert.Equal(1000, mnist.GetProperty("test_samples").GetInt32());
        Assert.True(mnist.GetProperty("test_accuracy").GetDouble() >= 0.8, $"MNIST accuracy {mnist.GetProperty("test_accuracy")}");
        var svm = root.GetProperty("svm");
        Assert.True(svm.GetProperty("test_accuracy").GetDouble() >= 0.95, $"SVM accuracy {svm.GetProperty("test_accuracy")}");
        Assert.Equal(ways[3].GetProperty("test_accuracy").GetDouble(), svm.GetProperty("mlp_test_accuracy").GetDouble());

        string chart = Path.Combine(folder, LabCommand.LossChart);
        var (width, height) = Cli.PngSize(chart);
        Assert.True(width >= 400, $"chart width {width}");
        using (var decoded = SkiaSharp.SKBitmap.Decode(chart))
        {
            Assert.NotNull(decoded);
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
        }
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Equal(1, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("(d) nn modules + optim.SGD", html);
    }

    [Fact]
    public void HandWrittenStepMatchesNnModulesWithSgd()
    {
        var g = new Generator(5);
        var x = Tensor.Randn([16, 2], g);
        var y = Tensor.RandInt(0, 2, [16], g);
        var model = new Nabla.NN.Sequential(new Nabla.NN.Linear(2, 10, generator: g), new Nabla.NN.Tanh(), new Nabla.NN.Linear(10, 2, generator: g));
        var w = model.Parameters().Select(p => p.Detach().Clone()).ToArray();
        var byHand = new HandWrittenNetwork(w[0], w[1], w[2], w[3]);
        var optimizer = new Nabla.Optim.SGD(model.Parameters(), lr: 0.5);
        var loss = new Nabla.NN.CrossEntropyLoss().Call(model.Call(x), y);
        loss.Backward();
        optimizer.Step();
        Assert.Equal(loss.Item(), byHand.Step(x, y, 0.5), 6);
        foreach (var (mine, theirs) in new[] { byHand.W1, byHand.B1, byHand.W2, byHand.B2 }.Zip(model.Parameters()))
            Assert.True((mine - theirs.Detach()).Abs().Max().Item() < 1e-6, "a weight differs after one step");
    }

    [Fact]
    public void MissingMnistFolderIsOneLineError()
    {
        var result = Cli.Run("lab", "--quick", "--data", "/no/such/mnist", "--out", Cli.TempFolder());
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("nabla: MNIST folder /no/such/mnist does not exist", result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }
}
