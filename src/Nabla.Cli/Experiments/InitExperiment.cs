using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.NN;
using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Two effects of the initial weights. Symmetry: with all weights equal (zeros or a constant) every hidden unit of a
/// layer gets the same gradient, so the units stay identical however long the network trains. Scale: in a deep net
/// the activations' standard deviation shrinks or grows layer by layer unless the weights' variance is matched to the
/// layer width and the activation (Xavier for tanh, Kaiming for ReLU).
/// </summary>
internal sealed class InitExperiment : Experiment
{
    public override string Name => "init";

    public override string Question => "Why not start from zeros, and why Xavier or Kaiming rather than any small random weights?";

    private const int Width = 64;

    public override ExperimentResult Run(ExperimentContext context)
    {
        var numbers = new Dictionary<string, double>();
        var symmetryRows = new List<IReadOnlyList<string>>();
        string[] common = ["--dataset", "circles", "--hidden", "8,8", "--samples", context.Quick ? "400" : "1000", "--epochs", context.Quick ? "40" : "100"];
        foreach (var init in new[] { "zeros", "constant", "default" })
        {
            context.Log.WriteLine($"training with --init {init}");
            var settings = TrainOptions.Parse([.. common, "--init", init]);
            var run = TrainJob.Run(settings, DataSource.Load(settings.Data, settings.Seed), TextWriter.Null, quiet: true);
            double spread = UnitSpread((Sequential)run.Model);
            numbers[$"unit_spread_{init}"] = spread;
            numbers[$"accuracy_{init}"] = run.Test.Accuracy;
            symmetryRows.Add([init, spread.ToString("G3", StudyReport.Inv), StudyReport.F4(run.Test.Accuracy)]);
        }

        int depth = context.Quick ? 10 : 20;
        var series = new List<Series>();
        var depthRows = new List<IReadOnlyList<string>>();
        foreach (var (init, activation) in new[] { ("normal", "tanh"), ("xavier", "tanh"), ("normal", "relu"), ("kaiming", "relu") })
        {
            var stds = ActivationStds(init, activation, depth);
            series.Add(new Series($"{init} init, {activation}", [.. Enumerable.Range(1, depth).Select(i => (double)i)], stds));
            numbers[$"last_std_{init}_{activation}"] = stds[^1];
            depthRows.Add([$"{init}, {activation}", StudyReport.F4(stds[0]), StudyReport.F4(stds[^1])]);
        }
        string chart = Path.Combine(context.Folder, "activation_std.png");
        Charts.Lines(chart, $"Std of the activations through {depth} layers of width {Width}", "hidden layer", "std of the activations", series);

        var inv = StudyReport.Inv;
        string finding = string.Create(inv, $"after training, the hidden units of a layer differ by at most {numbers["unit_spread_zeros"]:G3} (zeros) and " +
            $"{numbers["unit_spread_constant"]:G3} (constant 0.1) but by {numbers["unit_spread_default"]:0.00} (PyTorch's random init); test accuracy " +
            $"{numbers["accuracy_zeros"]:0.000}, {numbers["accuracy_constant"]:0.000} and {numbers["accuracy_default"]:0.000}. Through {depth} layers " +
            $"the activations' std ends at {numbers["last_std_xavier_tanh"]:0.000} (Xavier, tanh) and {numbers["last_std_kaiming_relu"]:0.000} " +
            $"(Kaiming, ReLU) but at {numbers["last_std_normal_tanh"]:G2} and {numbers["last_std_normal_relu"]:G2} with N(0, 0.1²) weights.");
        return new ExperimentResult(finding, numbers,
        [
            new HtmlTable("Symmetry: largest difference between two hidden units of a layer after training", ["init", "unit spread", "test accuracy"], symmetryRows),
            new HtmlTable($"Scale: std of the activations of a {depth}-layer net on N(0, 1) inputs", ["init", "layer 1", $"layer {depth}"], depthRows),
        ], [new HtmlImage("The activations' standard deviation layer by layer", chart)]);
    }

    /// <summary>The largest difference between two units (rows of weight and bias) of a hidden Linear layer.</summary>
    public static double UnitSpread(Sequential model)
    {
        var hidden = model.Modules().OfType<Linear>().SkipLast(1);
        double spread = 0;
        foreach (var layer in hidden)
        {
            var rows = Tensor.Cat([layer.Weight.Detach(), layer.Bias!.Detach().Unsqueeze(1)], 1);
            spread = Math.Max(spread, (rows - rows.Narrow(0, 0, 1)).Abs().Max().Item());
        }
        return spread;
    }

    /// <summary>The std of each hidden layer's activations for N(0, 1) inputs of width 64.</summary>
    private static double[] ActivationStds(string init, string activation, int depth)
    {
        var spec = new ModelSpec("mlp", Width, 2, [.. Enumerable.Repeat(Width, depth)], activation, "none", 0, 1, "gaussian", ["0", "1"]);
        var g = new Generator(1);
        var model = spec.BuildMlp(g, init);
        var x = Tensor.Randn([1024, Width], generator: g);
        var stds = new List<double>();
        using var noGrad = Tensor.NoGrad();
        foreach (var layer in model)
        {
            x = layer.Call(x);
            if (layer is not Linear) stds.Add(x.Std().Item());
        }
        return [.. stds];
    }
}
