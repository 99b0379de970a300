using System.CommandLine;
using System.Globalization;
using Nabla.Cli.Studies;
using Nabla.Cli.Train;
using Nabla.Reports;

namespace Nabla.Cli.Optimizers;

/// <summary>
/// <c>nabla optimizers</c>: the paths of SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and Newton's method on 2-D
/// test functions, drawn over their contours, and how many steps each needs to get within a tolerance of the minimum.
/// </summary>
internal static class OptimizersCommand
{
    public const string PathsFile = "trajectories.csv", StepsFile = "steps.csv";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const int GridSize = 120;

    public static Command Build(CommandContext context)
    {
        var function = TrainCommand.Choice("--function", "all", "The test function: " + string.Join("; ", TestFunction.All.Select(f => $"{f.Name} = {f.Title}")) + ".",
            ["all", .. TestFunction.Names]);
        var steps = TrainCommand.With("--steps", 300, "Steps of every method.");
        var tolerance = TrainCommand.With("--tolerance", 1e-6, "A method has converged once f − f(minimum) stays below this.");
        var train = new TrainCommand();
        var command = new Command("optimizers", "Draw the paths of sgd, momentum, nesterov (momentum " + Trajectories.Momentum.ToString(Inv) +
            "), adagrad, rmsprop, adam and Newton's method (Hessian by double backward) over the contours of 2-D test functions, with the steps " +
            "each needs to reach the minimum (steps.csv, trajectories.csv, one PNG per function, index.html). Each function has one step size " +
            "for sgd, momentum and nesterov and one for adagrad, rmsprop and adam; the table prints them.")
        {
            function, steps, tolerance, train.Out,
        };
        command.SetAction(p =>
        {
            int n = p.GetValue(steps);
            double tol = p.GetValue(tolerance);
            if (n < 1) throw new UsageException($"--steps must be at least 1, got {n}.");
            if (!(tol > 0)) throw new UsageException($"--tolerance must be a positive number, got {tol}.");
            string name = p.GetValue(function)!;
            var functions = TestFunction.All.Where(f => name == "all" || f.Name == name).ToList();
            return Execute(functions, n, tol, p.GetValue(train.Out), context);
        });
        return command;
    }

    private static int Execute(List<TestFunction> functions, int steps, double tolerance, string? outFolder, CommandContext context)
    {
        string folder = RunFolder.Prepare(outFolder ?? RunFolder.DefaultPath());
        var rows = new List<IReadOnlyList<string>>();
        var points = new List<IReadOnlyList<string>>();
        var images = new List<HtmlImage>();
        foreach (var f in functions)
        {
            var paths = Trajectories.Methods.Select(m => Trajectories.Run(m, f, steps)).ToList();
            foreach (var t in paths)
            {
                var (x, y) = t.Points[^1];
                int? reached = Trajectories.StepsToTolerance(t, f, tolerance);
                string lr = t.Method == "newton" ? "—" : (t.Method is "adagrad" or "rmsprop" or "adam" ? f.AdaptiveLr : f.Lr).ToString("G4", Inv);
                rows.Add([f.Name, t.Method, lr, reached?.ToString(Inv) ?? "never", (f.At(x, y) - f.MinimumValue).ToString("0.###e+0", Inv),
                    $"({Coordinate(x)}, {Coordinate(y)})"]);
                points.AddRange(t.Points.Select((q, k) => (IReadOnlyList<string>)[f.Name, t.Method, k.ToString(Inv), q.X.ToString("R", Inv), q.Y.ToString("R", Inv)]));
            }
            string png = Path.Combine(folder, f.Name + ".png");
            TrajectoryChart.Draw(png, $"{f.Title}: {steps} steps", Surface(f),
                paths.Select(t => new Series(t.Method, [.. t.Points.Select(q => q.X)], [.. t.Points.Select(q => q.Y)])).ToList(), f.Start, f.Minimum);
            images.Add(new HtmlImage($"{f.Title}, starting at ({f.Start.X.ToString(Inv)}, {f.Start.Y.ToString(Inv)})", png));
        }
        var table = new HtmlTable($"Steps until f − f* stays below {tolerance.ToString("G3", Inv)} (of {steps})",
            ["function", "method", "lr", "steps", "final f − f*", "final point"], rows);
        StudyReport.WriteCsv(Path.Combine(folder, StepsFile), ["function", "method", "lr", "steps_to_tolerance", "final_gap", "final_point"], rows);
        StudyReport.WriteCsv(Path.Combine(folder, PathsFile), ["function", "method", "step", "x", "y"], points);
        StudyReport.WriteIndex(folder, "nabla optimizers: paths on 2-D functions", context.CommandLine, [table], images);
        context.Output.WriteLine(StudyReport.Text(table));
        context.Output.WriteLine($"report: {Path.Combine(folder, RunFolder.Report)}");
        return NablaCommand.Success;
    }

    /// <summary>Four significant digits, 0 below 10⁻⁸ (so that a converged point reads (1, 1), not (1, 2.3e-17)).</summary>
    private static string Coordinate(double v) => (Math.Abs(v) < 1e-8 ? 0 : v).ToString("G4", Inv);

    /// <summary>log₁₀(f − f* + 10⁻³) on a grid over the function's box: the log shows the valleys' shape at every scale.</summary>
    private static DecisionSurface Surface(TestFunction f)
    {
        var (xMin, xMax, yMin, yMax) = f.Box;
        var xs = new double[GridSize * GridSize];
        var ys = new double[GridSize * GridSize];
        for (int r = 0; r < GridSize; r++)
            for (int c = 0; c < GridSize; c++)
            {
                xs[r * GridSize + c] = xMin + (c + 0.5) * (xMax - xMin) / GridSize;
                ys[r * GridSize + c] = yMin + (r + 0.5) * (yMax - yMin) / GridSize;
            }
        var v = f.F(Tensor.FromArray(xs), Tensor.FromArray(ys)).ToDoubleArray();
        var values = new double[GridSize, GridSize];
        for (int r = 0; r < GridSize; r++)
            for (int c = 0; c < GridSize; c++) values[r, c] = Math.Log10(v[r * GridSize + c] - f.MinimumValue + 1e-3);
        return new DecisionSurface(xMin, xMax, yMin, yMax, values, "log₁₀(f − f* + 0.001)");
    }
}
