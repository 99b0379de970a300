using Nabla.Reports;

namespace Nabla.Cli.Train;

/// <summary>The PNG charts of a run: loss and accuracy curves, the decision boundary of 2-D data, the confusion matrix,
/// gradient flow per layer, weight and activation histograms, and a grid of test predictions for images.</summary>
internal static class RunCharts
{
    private const int GridSize = 160;

    public static List<HtmlImage> Draw(string folder, TrainOutcome run)
    {
        var images = new List<HtmlImage>();
        var h = run.History;
        var epochs = h.Select(e => (double)e.Epoch).ToArray();
        string member = run.Spec.EnsembleMembers > 1 ? " (ensemble member 1)" : "";
        foreach (var (key, label) in new[] { ("loss", "loss"), ("accuracy", "accuracy") })
        {
            var series = new List<Series> { new("train", epochs, h.Series(key)) };
            if (run.Validation.Samples > 0) series.Add(new Series("validation", epochs, h.Series("val_" + key)));
            string path = Path.Combine(folder, key + ".png");
            Charts.Lines(path, $"{Capitalized(label)} per epoch{member}", "epoch", key == "loss" ? "cross-entropy loss" : "accuracy", series);
            images.Add(new HtmlImage($"{Capitalized(label)} on the training and validation sets", path));
        }
        if (run.Data.Features == 2)
        {
            string path = Path.Combine(folder, "decision_boundary.png");
            DrawDecisionBoundary(path, run);
            images.Add(new HtmlImage("Decision boundary with the test points", path));
        }
        string confusion = Path.Combine(folder, "confusion_matrix.png");
        var counts = new long[run.Data.Classes, run.Data.Classes];
        for (int i = 0; i < run.Data.Classes; i++)
            for (int j = 0; j < run.Data.Classes; j++) counts[i, j] = run.Confusion[i, j];
        Charts.ConfusionMatrix(confusion, $"Confusion matrix (test set, accuracy {run.Test.Accuracy:P1})", counts, run.Data.ClassNames);
        images.Add(new HtmlImage("Confusion matrix on the test set", confusion));
        images.AddRange(ModelInsides.Draw(folder, run));
        return images;
    }

    private static void DrawDecisionBoundary(string path, TrainOutcome run)
    {
        var all = Tensor.Cat([run.Data.Train.Features, run.Data.Test.Features]).ToFloatArray();
        double xMin = double.MaxValue, xMax = double.MinValue, yMin = double.MaxValue, yMax = double.MinValue;
        for (int i = 0; i < all.Length; i += 2)
        {
            (xMin, xMax) = (Math.Min(xMin, all[i]), Math.Max(xMax, all[i]));
            (yMin, yMax) = (Math.Min(yMin, all[i + 1]), Math.Max(yMax, all[i + 1]));
        }
        double mx = 0.1 * (xMax - xMin), my = 0.1 * (yMax - yMin);
        (xMin, xMax, yMin, yMax) = (xMin - mx, xMax + mx, yMin - my, yMax + my);
        var grid = new float[GridSize * GridSize * 2];
        for (int r = 0; r < GridSize; r++)
            for (int c = 0; c < GridSize; c++)
            {
                int k = 2 * (r * GridSize + c);
                grid[k] = (float)(xMin + (c + 0.5) * (xMax - xMin) / GridSize);
                grid[k + 1] = (float)(yMin + (r + 0.5) * (yMax - yMin) / GridSize);
            }
        bool binary = run.Data.Classes == 2;
        double[] scores;
        using (Tensor.NoGrad())
        {
            var probabilities = run.Model.Call(Tensor.FromArray(grid, GridSize * GridSize, 2)).Softmax(1);
            scores = binary ? probabilities.Select(1, 1).ToDoubleArray() : probabilities.ArgMax(1).ToDoubleArray();
        }
        var values = new double[GridSize, GridSize];
        for (int r = 0; r < GridSize; r++)
            for (int c = 0; c < GridSize; c++) values[r, c] = scores[r * GridSize + c];
        var surface = new DecisionSurface(xMin, xMax, yMin, yMax, values, binary ? $"P({run.Data.ClassNames[1]})" : "predicted class");
        var test = run.Data.Test.Features.ToFloatArray();
        var labels = run.Data.Test.Targets.ToLongArray();
        var classes = Enumerable.Range(0, run.Data.Classes).Select(c =>
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            return new ClassPoints(run.Data.ClassNames[c], rows.Select(i => (double)test[2 * i]).ToArray(), rows.Select(i => (double)test[2 * i + 1]).ToArray());
        }).ToList();
        Charts.DecisionBoundary(path, $"Decision boundary: {run.Data.Name}, test accuracy {run.Test.Accuracy:P1}", "x₁", "x₂", surface, classes);
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
