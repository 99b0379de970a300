using ScottPlot;

namespace Nabla.Reports;

/// <summary>One named set of values (a layer's weights or activations) for a histogram.</summary>
public sealed record ValueSet(string Label, IReadOnlyList<double> Values);

/// <summary>One image of a prediction grid: pixels row-major in [0, 1], its caption and whether the prediction was right.</summary>
public sealed record PredictionTile(float[] Pixels, string Caption, bool Correct);

/// <summary>Charts of a model's insides: gradient flow per layer, weight and activation histograms, predictions on images.</summary>
public static class ModelCharts
{
    /// <summary>Each series' value per layer (x = the layers, named on the axis), on a log₁₀ scale: gradient norms span
    /// orders of magnitude, and a vanishing gradient shows as a fall to the left (towards the input).</summary>
    public static void GradientFlow(string path, string title, IReadOnlyList<string> layers, IReadOnlyList<Series> series)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(series);
        var plot = Charts.NewPlot(title, "parameter (input → output)", "log₁₀ mean gradient norm per batch");
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var points = series[i].X.Zip(series[i].Y).Where(p => p.Second > 0 && double.IsFinite(p.Second)).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(p => p.First).ToArray(), points.Select(p => Math.Log10(p.Second)).ToArray(), palette.GetColor(i));
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = series[i].Label;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, layers.Count).Select(i => (double)i).ToArray(), layers.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = layers.Count > 6 ? 30 : 0;
        Charts.Save(plot, path, showLegend: series.Count > 1);
    }

    /// <summary>Overlaid histograms (as fractions of each set, on shared bins) of several sets of values.</summary>
    public static void Histograms(string path, string title, string xLabel, IReadOnlyList<ValueSet> samples, int bins = 40)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var finite = samples.Select(s => new ValueSet(s.Label, s.Values.Where(double.IsFinite).ToArray())).Where(s => s.Values.Count > 0).ToList();
        var series = new List<Series>();
        if (finite.Count > 0)
        {
            double lo = finite.Min(s => s.Values.Min()), hi = finite.Max(s => s.Values.Max());
            if (hi <= lo) hi = lo + 1;
            double width = (hi - lo) / bins;
            var centres = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray();
            foreach (var s in finite)
            {
                var counts = new double[bins];
                foreach (double v in s.Values) counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
                series.Add(new Series(s.Label, centres, counts.Select(c => c / s.Values.Count).ToArray()));
            }
        }
        Charts.Lines(path, title, xLabel, "fraction of values", series);
    }

    /// <summary>Images in a grid (grey levels, 0 black), each captioned in green when right and red when wrong.</summary>
    public static void PredictionGrid(string path, string title, IReadOnlyList<PredictionTile> tiles, int height, int width, int columns = 6)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        int rows = Math.Max(1, (tiles.Count + columns - 1) / columns), gap = 2, captionRows = Math.Max(6, height / 3);
        int cellH = height + gap + captionRows, cellW = width + gap;
        var values = new double[rows * cellH, columns * cellW];
        for (int r = 0; r < values.GetLength(0); r++)
            for (int c = 0; c < values.GetLength(1); c++) values[r, c] = 1; // white paper between the images
        var plot = Charts.NewPlot(title, "", "");
        for (int t = 0; t < tiles.Count; t++)
        {
            int top = t / columns * cellH + captionRows, left = t % columns * cellW;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++) values[top + y, left + x] = Math.Clamp(tiles[t].Pixels[y * width + x], 0f, 1f);
        }
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        int totalH = values.GetLength(0), totalW = values.GetLength(1);
        heatmap.Extent = new CoordinateRect(0, totalW, 0, totalH);
        for (int t = 0; t < tiles.Count; t++)
        {
            double x = t % columns * cellW + width / 2.0, y = totalH - (t / columns * cellH + captionRows / 2.0);
            var text = plot.Add.Text(tiles[t].Caption, x, y);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontSize = 12;
            text.LabelBold = true;
            text.LabelFontColor = tiles[t].Correct ? Colors.DarkGreen : Colors.Red;
        }
        plot.Axes.SetLimits(0, totalW, 0, totalH);
        plot.HideGrid();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.EmptyTickGenerator();
        Charts.Save(plot, path, showLegend: false);
    }
}
