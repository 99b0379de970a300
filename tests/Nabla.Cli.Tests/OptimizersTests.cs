using Nabla.Cli.Optimizers;
using Nabla.Optim;

namespace Nabla.Cli.Tests;

/// <summary>`nabla optimizers`: Newton's method from double backward, first-order paths that are exactly
/// Nabla.Optim's updates, and the report.</summary>
public sealed class OptimizersTests
{
    private static TestFunction Function(string name) => TestFunction.All.Single(f => f.Name == name);

    [Fact]
    public void NewtonReachesTheQuadraticsMinimumInOneStep()
    {
        var path = Trajectories.Run("newton", Function("quadratic"), 10);
        Assert.Equal((-4.0, 1.5), path.Points[0]);
        Assert.True(Math.Abs(path.Points[1].X) <= 1e-12 && Math.Abs(path.Points[1].Y) <= 1e-12, $"after one step: {path.Points[1]}");
    }

    [Fact]
    public void HessianFromDoubleBackwardIsRosenbrocksAnalyticHessian()
    {
        // f = (1 − x)² + 100(y − x²)²: ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)), H = [[1200x² − 400y + 2, −400x], [−400x, 200]].
        var (g, h) = Trajectories.GradientAndHessian(Function("rosenbrock"), Tensor.FromArray(new[] { -1.2, 1.0 }).RequiresGrad_());
        Assert.Equal(-2 * 2.2 + 480 * (1 - 1.44), g[0], 1e-9);
        Assert.Equal(200 * (1 - 1.44), g[1], 1e-9);
        Assert.Equal(1200 * 1.44 - 400 + 2, h[0, 0], 1e-9);
        Assert.Equal(480, h[0, 1], 1e-9);
        Assert.Equal(480, h[1, 0], 1e-9);
        Assert.Equal(200, h[1, 1], 1e-9);
    }

    public static TheoryData<string, string> FirstOrderCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var f in TestFunction.Names)
            foreach (var m in Trajectories.Methods.Where(m => m != "newton")) cases.Add(f, m);
        return cases;
    }

    [Theory]
    [MemberData(nameof(FirstOrderCases))]
    public void EachPathIsTheOptimizersOwnUpdateBitForBit(string function, string method)
    {
        var f = Function(function);
        const int steps = 60;
        var path = Trajectories.Run(method, f, steps);
        var p = Tensor.FromArray(new[] { f.Start.X, f.Start.Y }).RequiresGrad_();
        Optimizer optimizer = method switch
        {
            "sgd" => new SGD([p], lr: f.Lr),
            "momentum" => new SGD([p], lr: f.Lr, momentum: 0.9),
            "nesterov" => new SGD([p], lr: f.Lr, momentum: 0.9, nesterov: true),
            "adagrad" => new Adagrad([p], lr: f.AdaptiveLr),
            "rmsprop" => new RMSprop([p], lr: f.AdaptiveLr),
            _ => new Adam([p], lr: f.AdaptiveLr),
        };
        Assert.Equal(steps + 1, path.Points.Count);
        for (int k = 1; k <= steps; k++)
        {
            optimizer.ZeroGrad();
            var x = p.Select(0, 0);
            var y = p.Select(0, 1);
            f.F(x, y).Backward();
            optimizer.Step();
            var expected = p.Detach().ToDoubleArray();
            Assert.Equal((expected[0], expected[1]), path.Points[k]);
        }
    }

    private static readonly Lazy<(Cli.Result Result, string Folder)> AllFunctions = new(() =>
    {
        string folder = Cli.TempFolder();
        return (Cli.Run("optimizers", "--out", folder), folder);
    });

    private static Dictionary<(string Function, string Method), string[]> Steps()
    {
        var lines = File.ReadAllLines(Path.Combine(AllFunctions.Value.Folder, OptimizersCommand.StepsFile));
        Assert.Equal("function,method,lr,steps_to_tolerance,final_gap,final_point", lines[0]);
        return lines[1..].Select(l => l.Split(',')).ToDictionary(c => (c[0], c[1]));
    }

    [Fact]
    public void TheTableShowsWhatEachMethodIsKnownFor()
    {
        var (result, _) = AllFunctions.Value;
        Assert.True(result.ExitCode == 0, result.Error);
        var steps = Steps();
        Assert.Equal(4 * 7, steps.Count);
        Assert.Equal("1", steps[("quadratic", "newton")][3]);
        // Plain gradient descent settles in the poor local minimum next to the start; momentum carries over the ridge.
        Assert.Equal("never", steps[("two-minima", "sgd")][3]);
        Assert.NotEqual("never", steps[("two-minima", "momentum")][3]);
        // Newton's method goes to the nearest stationary point, here the saddle.
        Assert.Equal("never", steps[("saddle", "newton")][3]);
        Assert.StartsWith("\"(0, 0)\"", steps[("saddle", "newton")][5] + "," + steps[("saddle", "newton")][6]);
        Assert.NotEqual("never", steps[("saddle", "sgd")][3]);
        // On Rosenbrock's valley Newton needs a handful of steps, plain gradient descent does not arrive in 300.
        Assert.True(int.Parse(steps[("rosenbrock", "newton")][3], Studies.StudyReport.Inv) <= 10);
        Assert.Equal("never", steps[("rosenbrock", "sgd")][3]);
    }

    [Fact]
    public void DrawsOneChartPerFunctionAndThePage()
    {
        string folder = AllFunctions.Value.Folder;
        foreach (var name in TestFunction.Names) Assert.True(Cli.PngSize(Path.Combine(folder, name + ".png")).Width >= 200);
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Equal(4, html.Split("src=\"data:image/png;base64,").Length - 1);
        var paths = File.ReadAllLines(Path.Combine(folder, OptimizersCommand.PathsFile));
        Assert.Equal("function,method,step,x,y", paths[0]);
        Assert.Equal("quadratic,sgd,0,-4,1.5", paths[1]);
    }

    [Fact]
    public void ZeroStepsIsBadInput()
    {
        var result = Cli.Run("optimizers", "--steps", "0", "--out", Cli.TempFolder());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("nabla: --steps must be at least 1, got 0.\n", result.Error);
    }
}
