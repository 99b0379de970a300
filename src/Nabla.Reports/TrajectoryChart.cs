using ScottPlot;

namespace Nabla.Reports;

/// <summary>Optimizer paths drawn over a function of two variables: its values as a colour map with contour lines.</summary>
public static class TrajectoryChart
{
    /// <param name="surface">the function's values (for a wide range, their logarithm) on a grid.</param>
    /// <param name="paths">one path per method: X and Y are the points it visited, in order.</param>
    /// <param name="start">the common starting point.</param>
    /// <param name="minimum">the minimum, marked with a star.</param>
    public static void Draw(string path, string title, DecisionSurface surface, IReadOnlyList<Series> paths, (double X, double Y) start, (double X, double Y) minimum)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(paths);
        var plot = Charts.NewPlot(title, "x", "y");
        var heatmap = plot.Add.Heatmap(Charts.FlipRows(surface.Values));
        heatmap.Extent = new CoordinateRect(surface.XMin, surface.XMax, surface.YMin, surface.YMax);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.Opacity = 0.45;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = surface.ValueLabel;
        var contours = new ScottPlot.Plottables.ContourLines { ContourLineCount = 14 };
        contours.Update(Grid(surface));
        contours.LineColor = Colors.Black.WithAlpha(0.35);
        contours.LabelStyle.IsVisible = false;
        plot.Add.Plottable(contours);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < paths.Count; i++)
        {
            var xs = paths[i].X.ToArray();
            var ys = paths[i].Y.ToArray();
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(i));
            line.LineWidth = 2;
            line.MarkerSize = xs.Length <= 40 ? 5 : 0;
            line.LegendText = paths[i].Label;
        }
        var startMarker = plot.Add.Marker(start.X, start.Y, MarkerShape.FilledCircle, 10, Colors.Black);
        startMarker.LegendText = "start";
        var minimumMarker = plot.Add.Marker(minimum.X, minimum.Y, MarkerShape.FilledDiamond, 12, Colors.Red);
        minimumMarker.LegendText = "minimum";
        plot.Axes.SetLimits(surface.XMin, surface.XMax, surface.YMin, surface.YMax);
        Charts.Save(plot, path, showLegend: true, Alignment.LowerRight);
    }

    /// <summary>The surface's cell centres as (x, y, value), rows bottom to top.</summary>
    private static Coordinates3d[,] Grid(DecisionSurface s)
    {
        int rows = s.Values.GetLength(0), columns = s.Values.GetLength(1);
        double dx = (s.XMax - s.XMin) / columns, dy = (s.YMax - s.YMin) / rows;
        var grid = new Coordinates3d[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) grid[r, c] = new Coordinates3d(s.XMin + (c + 0.5) * dx, s.YMin + (r + 0.5) * dy, s.Values[r, c]);
        return grid;
    }
}
