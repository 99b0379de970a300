using System.Text.Json;
using Nabla.Classic;

namespace Nabla.Cli.Tests;

/// <summary>Nabla's SMO SVC against scikit-learn's SVC on the same points (tests/reference/generate_svm.py).</summary>
public sealed class SvmTests
{
    private static string Reference(string file) => Path.Combine(AppContext.BaseDirectory, "reference", "svm", file);

    private static (double[][] TrainX, long[] TrainY, double[][] TestX, long[] TestY) Points(string dataset)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Reference($"{dataset}_points.json")));
        var r = doc.RootElement;
        double[][] X(string key) => r.GetProperty(key).EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        long[] Y(string key) => r.GetProperty(key).EnumerateArray().Select(v => v.GetInt64()).ToArray();
        return (X("train_x"), Y("train_y"), X("test_x"), Y("test_y"));
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dataset in new[] { "circles", "moons" })
            foreach (var kernel in new[] { "linear", "rbf", "poly" }) data.Add(dataset, kernel);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AccuracyWithinOnePointOfScikitLearn(string dataset, string kernel)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Reference("svm_reference.json")));
        var expected = reference.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("dataset").GetString() == dataset && c.GetProperty("kernel").GetString() == kernel);
        var (trainX, trainY, testX, testY) = Points(dataset);
        var kind = kernel switch { "linear" => KernelKind.Linear, "poly" => KernelKind.Polynomial, _ => KernelKind.Rbf };
        var svc = Svc.Fit(trainX, trainY, new Kernel(kind, Kernel.ScaleGamma(trainX), Degree: 3, Coef0: 0), c: 1.0);
        double accuracy = svc.Score(testX, testY);
        Assert.InRange(accuracy, expected.GetProperty("test_accuracy").GetDouble() - 0.01, expected.GetProperty("test_accuracy").GetDouble() + 0.01);
        Assert.InRange(svc.SupportVectorCount, expected.GetProperty("support_vectors").GetInt32() - 3, expected.GetProperty("support_vectors").GetInt32() + 3);
    }

    [Theory]
    [InlineData("circles")]
    [InlineData("moons")]
    public void CommittedPointsAreTheGeneratorsSplit(string dataset)
    {
        string file = Path.Combine(Cli.TempFolder(), "points.json");
        var result = Cli.Run("svm", "--dataset", dataset, "--export-split", file);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(File.ReadAllText(Reference($"{dataset}_points.json")), File.ReadAllText(file));
        Assert.Matches(@"SVM rbf C=1 γ=[0-9.]+ \([0-9]+ SVs\) +0\.9950", result.Output);
        Assert.Matches(@"MLP 2 → 10 → 2, tanh +0\.9[0-9]{3}", result.Output);
    }

    [Fact]
    public void ScaleGammaIsOneOverFeaturesTimesVariance()
    {
        double[][] x = [[0, 2], [2, 0]];   // entries 0, 2, 2, 0: variance 1
        Assert.Equal(0.5, Kernel.ScaleGamma(x), 12);
    }

    [Fact]
    public void ThreeClassesVoteOneVersusOne()
    {
        double[][] x = [[0, 0], [0.1, 0], [5, 5], [5.1, 5], [-5, 5], [-5.1, 5]];
        long[] y = [0, 0, 1, 1, 2, 2];
        var svc = Svc.Fit(x, y, new Kernel(KernelKind.Linear));
        Assert.Equal([0L, 1L, 2L], svc.Predict([[0.05, 0.1], [4.8, 5.2], [-4.9, 4.9]]));
    }

    [Fact]
    public void BadArgumentsNameTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => Svc.Fit([[1.0], [2.0]], [0, 0], new Kernel(KernelKind.Linear)));
        Assert.StartsWith("Svc.Fit: needs at least two classes, got only 0.", e.Message);
        var c = Assert.Throws<ArgumentOutOfRangeException>(() => Svc.Fit([[1.0], [2.0]], [0, 1], new Kernel(KernelKind.Linear), c: 0));
        Assert.StartsWith("Svc.Fit: C must be positive, got 0.", c.Message);
    }
}
