using ScottPlot;

namespace Nabla.Reports;

/// <summary>One line of a line chart: a label for the legend and its points.</summary>
public sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>Points of one class in a 2-D scatter.</summary>
public sealed record ClassPoints(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// Values over a rectangle (a model's scores for a decision-boundary plot, a function's values under optimizer paths): Values[row, column] at y = YMin + (row + ½)·dy
/// (row 0 at the bottom) and x = XMin + (column + ½)·dx. For two classes the probability of class 1, otherwise the
/// predicted class.
/// </summary>
public sealed record DecisionSurface(double XMin, double XMax, double YMin, double YMax, double[,] Values, string ValueLabel);

/// <summary>
/// PNG charts of a training run, drawn with ScottPlot: every chart has a title and labelled axes, and a legend when it
/// shows more than one series.
/// </summary>
public static class Charts
{
    public const int Width = 800, Height = 600;

    /// <summary>Lines over a shared x axis (loss or accuracy per epoch, one series per split or configuration); the
    /// legend goes to the lower right when <paramref name="legendLow"/> (curves that rise, such as accuracy).</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool legendLow = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var (xs, ys) = Finite(series[i].X, series[i].Y);
            if (xs.Length == 0) continue;
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(i));
            line.LineWidth = 2;
            line.LegendText = series[i].Label;
        }
        Save(plot, path, showLegend: series.Count > 1, EmptiestCorner(series, legendLow));
    }

    /// <summary>The corner of the plot where the legend hides the fewest points: of the four, the one whose box (a third
    /// of the width, a quarter of the height of the data's range) holds the fewest; ties go to the preferred corner.</summary>
    private static Alignment EmptiestCorner(IReadOnlyList<Series> series, bool preferLow)
    {
        var points = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        Alignment[] corners = preferLow
            ? [Alignment.LowerRight, Alignment.UpperRight, Alignment.LowerLeft, Alignment.UpperLeft]
            : [Alignment.UpperRight, Alignment.LowerRight, Alignment.UpperLeft, Alignment.LowerLeft];
        if (points.Count == 0) return corners[0];
        double x0 = points.Min(p => p.First), x1 = points.Max(p => p.First), y0 = points.Min(p => p.Second), y1 = points.Max(p => p.Second);
        double w = Math.Max(x1 - x0, 1e-12), h = Math.Max(y1 - y0, 1e-12);
        int Inside(Alignment corner)
        {
            bool right = corner is Alignment.UpperRight or Alignment.LowerRight, upper = corner is Alignment.UpperRight or Alignment.UpperLeft;
            return points.Count(p => (right ? p.First >= x1 - w / 3 : p.First <= x0 + w / 3)
                && (upper ? p.Second >= y1 - h / 4 : p.Second <= y0 + h / 4));
        }
        return corners.OrderBy(Inside).First(); // OrderBy is stable: ties keep the preferred order
    }

    /// <summary>The model's scores as a colour map with the points of each class on top.</summary>
    public static void DecisionBoundary(string path, string title, string xLabel, string yLabel, DecisionSurface surface,
        IReadOnlyList<ClassPoints> classes)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(classes);
        var plot = NewPlot(title, xLabel, yLabel);
        var heatmap = plot.Add.Heatmap(FlipRows(surface.Values));
        heatmap.Extent = new CoordinateRect(surface.XMin, surface.XMax, surface.YMin, surface.YMax);
        heatmap.Colormap = new ScottPlot.Colormaps.MellowRainbow();
        heatmap.Opacity = 0.6;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = surface.ValueLabel;
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < classes.Count; c++)
        {
            var points = plot.Add.ScatterPoints(classes[c].X.ToArray(), classes[c].Y.ToArray(), palette.GetColor(c));
            points.MarkerSize = 5;
            points.MarkerShape = c % 2 == 0 ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
            points.LegendText = classes[c].Label;
        }
        plot.Axes.SetLimits(surface.XMin, surface.XMax, surface.YMin, surface.YMax);
        Save(plot, path, showLegend: classes.Count > 1);
    }

    /// <summary>Counts[actual, predicted] as a heat map with the count written in each cell.</summary>
    public static void ConfusionMatrix(string path, string title, long[,] counts, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        int n = counts.GetLength(0);
        var plot = NewPlot(title, "predicted class", "actual class");
        var values = new double[n, n];
        long max = 1;
        foreach (long v in counts) max = Math.Max(max, v);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) values[i, j] = counts[i, j];
        var heatmap = plot.Add.Heatmap(values);              // row 0 (actual class 0) at the top, as in a table
        heatmap.Extent = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed();   // many samples: dark
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "samples";
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                var text = plot.Add.Text(counts[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture), j, n - 1 - i);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 6 ? 11 : 16;
                text.LabelFontColor = counts[i, j] > max / 2 ? Colors.White : Colors.Black;
            }
        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var names = classNames.Count == n ? classNames.ToArray() : ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, names);
        plot.Axes.Left.SetTicks(ticks.Select(t => n - 1 - t).ToArray(), names);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        Save(plot, path, showLegend: false);
    }

    internal static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        FontSetup.Ensure();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    internal static void Save(Plot plot, string path, bool showLegend, Alignment legendAt = Alignment.UpperRight)
    {
        if (showLegend) plot.ShowLegend(legendAt);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Heatmap rows run top to bottom; the surface's rows run bottom to top.</summary>
    internal static double[,] FlipRows(double[,] values)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flipped = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) flipped[rows - 1 - r, c] = values[r, c];
        return flipped;
    }

    /// <summary>The points whose y is a number (a series may lack values for some epochs).</summary>
    private static (double[] X, double[] Y) Finite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var keep = Enumerable.Range(0, Math.Min(x.Count, y.Count)).Where(i => double.IsFinite(y[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }
}
