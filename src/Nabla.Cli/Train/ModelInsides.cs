using Nabla.NN;
using Nabla.Reports;

namespace Nabla.Cli.Train;

/// <summary>The charts of a run that look inside the model: gradient flow per layer, weight and activation
/// histograms, and (for image data) a grid of test predictions.</summary>
internal static class ModelInsides
{
    private const int ActivationSamples = 256, GridImages = 24, MaxLayers = 8;

    public static List<HtmlImage> Draw(string folder, TrainOutcome run)
    {
        var images = new List<HtmlImage>();
        if (GradientFlow(folder, run) is { } flow) images.Add(flow);
        images.Add(WeightHistograms(folder, run));
        if (ActivationHistograms(folder, run) is { } activations) images.Add(activations);
        if (run.Data.ImageShape is { Length: 3 } shape && shape[0] == 1) images.Add(Predictions(folder, run, shape[1], shape[2]));
        return images;
    }

    /// <summary>Mean gradient norm per parameter in the first and the last epoch (the Trainer records them).</summary>
    private static HtmlImage? GradientFlow(string folder, TrainOutcome run)
    {
        var h = run.History;
        if (h.Count == 0 || h[0].GradientNorms.Count == 0) return null;
        var names = h[0].GradientNorms.Keys.ToList();
        var x = Enumerable.Range(0, names.Count).Select(i => (double)i).ToArray();
        var series = new List<Series> { new($"epoch {h[0].Epoch}", x, names.Select(n => h[0].GradientNorms[n]).ToArray()) };
        if (h.Count > 1) series.Add(new Series($"epoch {h[^1].Epoch}", x, names.Select(n => h[^1].GradientNorms.GetValueOrDefault(n)).ToArray()));
        string path = Path.Combine(folder, "gradient_flow.png");
        ModelCharts.GradientFlow(path, "Gradient flow: mean gradient norm per parameter", names, series);
        return new HtmlImage("Gradient flow per layer (first and last epoch)", path);
    }

    private static HtmlImage WeightHistograms(string folder, TrainOutcome run)
    {
        var sets = run.Model.NamedParameters().Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal) && p.Parameter.Rank > 1)
            .Take(MaxLayers).Select(p => new ValueSet(p.Name, p.Parameter.ToDoubleArray())).ToList();
        string path = Path.Combine(folder, "weight_histograms.png");
        ModelCharts.Histograms(path, "Weights per layer after training", "weight value", sets);
        return new HtmlImage("Histograms of each layer's weights", path);
    }

    /// <summary>The outputs of every activation module on up to 256 test samples, caught with forward hooks.</summary>
    private static HtmlImage? ActivationHistograms(string folder, TrainOutcome run)
    {
        var sets = new List<ValueSet>();
        var hooks = run.Model.NamedModules()
            .Where(m => IsActivation(m.Module))
            .Take(MaxLayers)
            .Select(m => m.Module.RegisterForwardHook((ForwardHook)((_, _, output) =>
            {
                if (output is Tensor t) sets.Add(new ValueSet($"{m.Name} ({m.Module.GetType().Name})", t.ToDoubleArray()));
            }))).ToList();
        try
        {
            if (hooks.Count == 0) return null;
            int n = Math.Min(ActivationSamples, run.Data.Test.Count);
            Infer(run.Model, run.Data.Test.GetBatch(Enumerable.Range(0, n).ToArray()).Features);
        }
        finally
        {
            foreach (var hook in hooks) hook.Dispose();
        }
        string path = Path.Combine(folder, "activation_histograms.png");
        ModelCharts.Histograms(path, $"Activations per layer ({Math.Min(ActivationSamples, run.Data.Test.Count)} test samples)", "activation value", sets);
        return new HtmlImage("Histograms of each activation layer's outputs on test samples", path);
    }

    /// <summary>The model's output in evaluation mode without recording, its training mode restored afterwards.</summary>
    private static Tensor Infer(Module<Tensor, Tensor> model, Tensor input)
    {
        bool training = model.Training;
        model.Eval();
        try
        {
            using (Tensor.NoGrad()) return model.Call(input);
        }
        finally
        {
            model.Train(training);
        }
    }

    private static bool IsActivation(Module module) =>
        module is ReLU or Tanh or Sigmoid or LeakyReLU or ELU or GELU or Softplus or PReLU or SiLU;

    private static HtmlImage Predictions(string folder, TrainOutcome run, int height, int width)
    {
        int n = Math.Min(GridImages, run.Data.Test.Count);
        var batch = run.Data.Test.GetBatch(Enumerable.Range(0, n).ToArray());
        long[] predicted = Infer(run.Model, batch.Features).ArgMax(1).ToLongArray();
        var pixels = batch.Features.Reshape(n, height * width).ToFloatArray();
        var actual = batch.Target.ToLongArray();
        var names = run.Data.ClassNames;
        var tiles = Enumerable.Range(0, n).Select(i => new PredictionTile(pixels[(i * height * width)..((i + 1) * height * width)],
            predicted[i] == actual[i] ? names[(int)predicted[i]] : $"{names[(int)predicted[i]]} ({names[(int)actual[i]]})",
            predicted[i] == actual[i])).ToList();
        string path = Path.Combine(folder, "predictions.png");
        ModelCharts.PredictionGrid(path, $"Test predictions (green right, red wrong; the true class in brackets)", tiles, height, width);
        return new HtmlImage("A grid of test images with the model's predictions", path);
    }
}
