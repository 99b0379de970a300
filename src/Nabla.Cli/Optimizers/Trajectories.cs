using Nabla.Optim;

namespace Nabla.Cli.Optimizers;

/// <summary>A method's path over a test function: the points it visited, starting point first.</summary>
internal sealed record Trajectory(string Method, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Runs the optimizers of Nabla.Optim on a 2-element Float64 parameter, and Newton's method with the Hessian from
/// double backward: g = ∇f (Autograd.Grad with createGraph), row i of H = ∇gᵢ, step p ← p − H⁻¹g.
/// </summary>
internal static class Trajectories
{
    public static readonly string[] Methods = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "newton"];

    public const double Momentum = 0.9;

    /// <summary>The optimizer <paramref name="method"/> names over <paramref name="p"/>, with the function's step size.</summary>
    public static Optimizer Create(string method, Tensor p, TestFunction f) => method switch
    {
        "sgd" => new SGD([p], lr: f.Lr),
        "momentum" => new SGD([p], lr: f.Lr, momentum: Momentum),
        "nesterov" => new SGD([p], lr: f.Lr, momentum: Momentum, nesterov: true),
        "adagrad" => new Adagrad([p], lr: f.AdaptiveLr),
        "rmsprop" => new RMSprop([p], lr: f.AdaptiveLr),
        "adam" => new Adam([p], lr: f.AdaptiveLr),
        _ => throw new UsageException($"unknown method '{method}'; choose one of {string.Join(", ", Methods)}."),
    };

    public static Trajectory Run(string method, TestFunction f, int steps) =>
        new(method, method == "newton" ? Newton(f, steps) : FirstOrder(method, f, steps));

    private static List<(double, double)> FirstOrder(string method, TestFunction f, int steps)
    {
        var p = Start(f);
        var optimizer = Create(method, p, f);
        var points = new List<(double, double)> { Point(p) };
        for (int k = 0; k < steps; k++)
        {
            optimizer.ZeroGrad();
            f.At(p).Backward();
            optimizer.Step();
            points.Add(Point(p));
            if (!double.IsFinite(points[^1].Item1 + points[^1].Item2)) break;   // diverged: stop drawing
        }
        return points;
    }

    private static List<(double, double)> Newton(TestFunction f, int steps)
    {
        var p = Start(f);
        var points = new List<(double, double)> { Point(p) };
        for (int k = 0; k < steps; k++)
        {
            var (g, h) = GradientAndHessian(f, p);
            double det = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0];
            if (det == 0 || !double.IsFinite(det)) break;   // singular Hessian: no Newton step
            // H⁻¹g for the 2×2 Hessian.
            double dx = (h[1, 1] * g[0] - h[0, 1] * g[1]) / det, dy = (h[0, 0] * g[1] - h[1, 0] * g[0]) / det;
            var (x, y) = points[^1];
            if (dx == 0 && dy == 0) break;   // at a stationary point
            p = Tensor.FromArray(new[] { x - dx, y - dy }).RequiresGrad_();
            points.Add(Point(p));
        }
        return points;
    }

    /// <summary>∇f and the Hessian at p, by double backward.</summary>
    public static (double[] Gradient, double[,] Hessian) GradientAndHessian(TestFunction f, Tensor p)
    {
        var g = Autograd.Grad(f.At(p), p, createGraph: true);
        var h = new double[2, 2];
        for (int i = 0; i < 2; i++)
        {
            var row = Autograd.Grad(g.Select(0, i), p, retainGraph: true).ToDoubleArray();
            (h[i, 0], h[i, 1]) = (row[0], row[1]);
        }
        return (g.Detach().ToDoubleArray(), h);
    }

    public static Tensor Start(TestFunction f) => Tensor.FromArray(new[] { f.Start.X, f.Start.Y }).RequiresGrad_();

    private static (double, double) Point(Tensor p)
    {
        var v = p.Detach().ToDoubleArray();
        return (v[0], v[1]);
    }

    /// <summary>The first step after which f − f* stays below the tolerance for the rest of the path (null: never).</summary>
    public static int? StepsToTolerance(Trajectory t, TestFunction f, double tolerance)
    {
        int? first = null;
        for (int k = 0; k < t.Points.Count; k++)
        {
            bool within = f.At(t.Points[k].X, t.Points[k].Y) - f.MinimumValue < tolerance;
            if (!within) first = null;
            else first ??= k;
        }
        return first;
    }
}
