using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.NN;
using Nabla.Reports;

namespace Nabla.Cli.Experiments;

/// <summary>
/// Vanishing gradients: backpropagation multiplies by the activation's derivative once per layer. The sigmoid's is at
/// most ¼, so in a deep sigmoid net the first layers' gradients are orders of magnitude smaller than the last's; tanh
/// (derivative up to 1) and ReLU (exactly 1 where active) pass the gradient down far better.
/// </summary>
internal sealed class ActivationsExperiment : Experiment
{
    public override string Name => "activations";

    public override string Question => "Why do deep sigmoid networks learn slowly: how much gradient reaches their first layer?";

    private const int Width = 32;

    public override ExperimentResult Run(ExperimentContext context)
    {
        int depth = context.Quick ? 8 : 16;
        var settings = TrainOptions.Parse("--dataset", "circles", "--samples", "500");
        var data = DataSource.Load(settings.Data, settings.Seed);
        var numbers = new Dictionary<string, double>();
        var series = new List<Series>();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var activation in new[] { "sigmoid", "tanh", "relu" })
        {
            var norms = GradientNorms(activation, depth, data);
            double ratio = norms[0] / norms[^1];
            numbers[$"first_to_last_{activation}"] = ratio;
            series.Add(new Series(activation, [.. Enumerable.Range(1, norms.Length).Select(i => (double)i)], [.. norms.Select(Math.Log10)]));
            rows.Add([activation, norms[0].ToString("0.###e+0", StudyReport.Inv), norms[^1].ToString("0.###e+0", StudyReport.Inv), ratio.ToString("0.###e+0", StudyReport.Inv)]);
        }
        string chart = Path.Combine(context.Folder, "gradient_norms.png");
        Charts.Lines(chart, $"Weight gradient norm per layer at initialisation ({depth} hidden layers)", "linear layer (1 = first)",
            "log₁₀ ‖∂loss/∂W‖", series, legendLow: true);
        string finding = string.Create(StudyReport.Inv, $"at initialisation the first layer of a {depth}-hidden-layer net gets " +
            $"{numbers["first_to_last_sigmoid"]:0.##e+0} times the last layer's gradient norm with sigmoid, {numbers["first_to_last_tanh"]:0.##e+0} with tanh " +
            $"and {numbers["first_to_last_relu"]:0.##e+0} with ReLU (each with its matched init: Xavier, Xavier, Kaiming).");
        return new ExperimentResult(finding, numbers,
            [new HtmlTable("‖∂loss/∂W‖ of the first and last linear layer (cross-entropy on the circles; Xavier init for sigmoid and tanh, Kaiming for ReLU)", ["activation", "first", "last", "first / last"], rows)],
            [new HtmlImage("Gradient norm per layer: the sigmoid's shrinks towards the input", chart)]);
    }

    /// <summary>‖∂loss/∂W‖ of every Linear layer, input side first, for one full-batch backward pass at initialisation (each
    /// activation with its matched init, so that only the derivative differs: Xavier for sigmoid and tanh, Kaiming for ReLU).</summary>
    private static double[] GradientNorms(string activation, int depth, LoadedData data)
    {
        var spec = new ModelSpec("mlp", data.Features, data.Classes, [.. Enumerable.Repeat(Width, depth)], activation, "none", 0, 1, data.Name, [.. data.ClassNames]);
        var model = spec.BuildMlp(new Generator(1), activation == "relu" ? "kaiming" : "xavier");
        new CrossEntropyLoss().Call(model.Call(data.Train.Features), data.Train.Targets).Backward();
        return [.. model.Modules().OfType<Linear>().Select(l => l.Weight.Grad!.Norm().Item())];
    }
}
