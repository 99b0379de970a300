using System.Text.Json;
using Nabla.Cli.Experiments;

namespace Nabla.Cli.Tests;

/// <summary>`nabla experiment`: each experiment, in quick mode, writes its page and its finding holds.</summary>
public sealed class ExperimentTests
{
    /// <summary>Runs the experiment quickly and returns its numbers from findings.json (after checking the page).</summary>
    private static Dictionary<string, double> Run(string name, int charts)
    {
        string folder = Cli.TempFolder();
        var result = Cli.Run("experiment", name, "--quick", "--out", folder);
        Assert.True(result.ExitCode == 0, result.Error);
        using var findings = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ExperimentCommand.FindingsFile)));
        var root = findings.RootElement;
        Assert.Equal(name, root.GetProperty("experiment").GetString());
        Assert.True(root.GetProperty("quick").GetBoolean());
        Assert.Contains(root.GetProperty("finding").GetString()!, result.Output);
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Equal(charts, html.Split("src=\"data:image/png;base64,").Length - 1);
        foreach (var png in Directory.GetFiles(folder, "*.png")) Assert.True(Cli.PngSize(png).Width >= 200);
        // +∞ (a target never reached) is written as the string "Infinity".
        return root.GetProperty("numbers").EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? double.Parse(p.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : p.Value.GetDouble());
    }

    [Fact]
    public void ListShowsEveryExperimentWithItsQuestion()
    {
        var result = Cli.Run("experiment", "list");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(Registry.All.Length, lines.Length);
        Assert.Matches("^linear-stack +Do stacked linear layers without activations learn more than one linear layer\\?$", lines[0]);
        Assert.Equal(Registry.All.Select(e => e.Name), lines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public void UnknownExperimentListsTheChoices()
    {
        var result = Cli.Run("experiment", "nope");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("nabla: Argument 'nope' not recognized. Must be one of: 'list', 'linear-stack', 'init'", result.Error);
    }

    [Fact]
    public void StackedLinearLayersCollapseToOneLinearMap()
    {
        var n = Run("linear-stack", charts: 2);
        Assert.True(n["affine_error_stack"] < 1e-9, $"the stack is {n["affine_error_stack"]} from affine");
        Assert.True(n["affine_error_mlp"] > 0.1, $"the MLP is only {n["affine_error_mlp"]} from affine");
        Assert.True(n["accuracy_stack"] < 0.7 && n["accuracy_linear"] < 0.7, $"linear models on circles: {n["accuracy_stack"]}, {n["accuracy_linear"]}");
        Assert.True(n["accuracy_mlp"] >= 0.95, $"MLP accuracy {n["accuracy_mlp"]}");
    }

    [Fact]
    public void EqualInitialWeightsKeepUnitsIdenticalAndMatchedScalesKeepActivationsAlive()
    {
        var n = Run("init", charts: 1);
        Assert.Equal(0, n["unit_spread_zeros"]);
        Assert.Equal(0, n["unit_spread_constant"]);
        Assert.True(n["unit_spread_default"] > 0.5, $"random init spread {n["unit_spread_default"]}");
        Assert.True(n["accuracy_default"] >= 0.95 && n["accuracy_zeros"] < 0.7 && n["accuracy_constant"] < 0.7);
        Assert.InRange(n["last_std_xavier_tanh"], 0.3, 1.0);
        Assert.InRange(n["last_std_kaiming_relu"], 0.3, 3.0);
        Assert.True(n["last_std_normal_tanh"] < 0.1 && n["last_std_normal_relu"] < 0.01);
    }

    [Fact]
    public void L1LeavesMoreNearZeroWeightsThanL2()
    {
        var n = Run("regularization", charts: 1);
        Assert.True(n["near_zero_l1"] > 2 * n["near_zero_l2"], $"near-zero weights: L1 {n["near_zero_l1"]}, L2 {n["near_zero_l2"]}");
        Assert.True(n["near_zero_l1"] > 0.5);
        Assert.True(n["accuracy_l1"] >= 0.9 && n["accuracy_l2"] >= 0.9);
    }

    [Fact]
    public void OnlineSgdGetsFurthestPerEpochAndFullBatchCostsLeastPerEpoch()
    {
        var n = Run("batch", charts: 3);
        Assert.True(n["final_loss_online"] < n["final_loss_mini"] && n["final_loss_mini"] < n["final_loss_full"],
            $"losses {n["final_loss_online"]}, {n["final_loss_mini"]}, {n["final_loss_full"]}");
        Assert.Equal(240, n["updates_per_epoch_online"]);
        Assert.Equal(8, n["updates_per_epoch_mini"]);
        Assert.Equal(1, n["updates_per_epoch_full"]);
        Assert.True(n["seconds_per_epoch_online"] > n["seconds_per_epoch_full"]);
    }

    [Fact]
    public void CrossEntropyTrainsASoftmaxClassifierFasterThanMse()
    {
        var n = Run("losses", charts: 1);
        Assert.True(n["epochs_to_0.95_cross_entropy"] < n["epochs_to_0.95_mse"], $"epochs to 95 %: {n["epochs_to_0.95_cross_entropy"]} vs {n["epochs_to_0.95_mse"]}");
        Assert.True(n["test_accuracy_cross_entropy"] >= 0.95);
        Assert.True(n["test_accuracy_cross_entropy"] > n["test_accuracy_mse"]);
    }

    [Fact]
    public void SigmoidGradientsVanishTowardsTheInputAndTanhAndReluOnesDoNot()
    {
        var n = Run("activations", charts: 1);
        Assert.True(n["first_to_last_sigmoid"] < 1e-4, $"sigmoid first/last gradient norm {n["first_to_last_sigmoid"]}");
        Assert.True(n["first_to_last_tanh"] > 1e-2 && n["first_to_last_relu"] > 1e-2, $"tanh {n["first_to_last_tanh"]}, relu {n["first_to_last_relu"]}");
    }

    [Fact]
    public void BatchNormalizationLetsADeepSigmoidNetLearn()
    {
        var n = Run("normalization", charts: 2);
        Assert.True(n["accuracy_batch"] >= 0.85, $"with batch norm {n["accuracy_batch"]}");
        Assert.True(n["accuracy_none"] <= 0.6, $"without normalisation {n["accuracy_none"]}");
    }

    [Fact]
    public void ClassWeightsOversamplingAndAugmentationEachRaiseMinorityRecall()
    {
        var n = Run("imbalance", charts: 1);
        Assert.Equal(10, n["train_majority"] / n["train_minority"], 0.5);
        Assert.True(n["minority_recall_plain"] < 0.6, $"plain training's minority recall {n["minority_recall_plain"]}");
        foreach (var remedy in new[] { "weighted", "oversampled", "augmented" })
        {
            Assert.True(n[$"minority_recall_{remedy}"] >= n["minority_recall_plain"] + 0.2,
                $"{remedy}: minority recall {n[$"minority_recall_{remedy}"]} against plain {n["minority_recall_plain"]}");
            Assert.True(n[$"majority_recall_{remedy}"] >= 0.8, $"{remedy}: majority recall {n[$"majority_recall_{remedy}"]}");
        }
    }

    [Fact]
    public void NarrowLayersUnderfitAndWideOnesOverfit()
    {
        var n = Run("capacity", charts: 2);
        Assert.True(n["train_accuracy_1"] < 0.9 && n["train_loss_1"] > 0.3, $"1 unit: train accuracy {n["train_accuracy_1"]}, loss {n["train_loss_1"]}");
        Assert.True(n["train_accuracy_128"] >= 0.99 && n["train_loss_128"] < 0.05, $"128 units: train accuracy {n["train_accuracy_128"]}, loss {n["train_loss_128"]}");
        var widths = CapacityExperiment.Widths;
        Assert.Equal(widths.Max(w => n[$"loss_gap_{w}"]), n["loss_gap_128"]);
        Assert.True(n["accuracy_gap_128"] > n["accuracy_gap_1"] + 0.1, $"accuracy gaps {n["accuracy_gap_1"]} (1 unit), {n["accuracy_gap_128"]} (128)");
        Assert.True(n["validation_loss_128"] > 2 * n["validation_loss_4"], $"validation loss {n["validation_loss_4"]} (4 units), {n["validation_loss_128"]} (128)");
        Assert.InRange(n["best_validation_width"], 2, 32);
    }
}
