namespace Nabla.Cli.Optimizers;

/// <summary>
/// A 2-D function to minimise, written with tensor ops so that autograd gives its gradient and Hessian (and so that
/// it evaluates element-wise on a grid for the contour plot). Lr is the step size of SGD, momentum and Nesterov;
/// AdaptiveLr that of Adagrad, RMSprop and Adam (whose steps are about lr long whatever the gradient's size).
/// </summary>
internal sealed record TestFunction(string Name, string Title, Func<Tensor, Tensor, Tensor> F, (double X, double Y) Start,
    (double X, double Y) Minimum, double MinimumValue, (double XMin, double XMax, double YMin, double YMax) Box, double Lr, double AdaptiveLr)
{
    public static readonly TestFunction[] All =
    [
        // Hessian diag(1, 20): condition number 20, so plain gradient descent zig-zags along y and crawls along x.
        new("quadratic", "ill-conditioned quadratic ½(x² + 20y²)", (x, y) => 0.5 * (x * x + 20.0 * y * y),
            (-4, 1.5), (0, 0), 0, (-5, 5, -2.5, 2.5), Lr: 0.05, AdaptiveLr: 0.3),
        // The curved valley y = x²: the steps across it are a thousand times steeper than along it.
        new("rosenbrock", "Rosenbrock (1 − x)² + 100(y − x²)²", (x, y) => (1.0 - x).Square() + 100.0 * (y - x * x).Square(),
            (-1.2, 1), (1, 1), 0, (-2, 2, -1, 3), Lr: 1e-3, AdaptiveLr: 0.05),
        // A saddle at the origin between the minima (0, ±1), f = −¼; the start lies almost on the saddle's ridge.
        new("saddle", "saddle ½x² + ¼y⁴ − ½y²", (x, y) => 0.5 * x * x + 0.25 * y.Pow(4) - 0.5 * y * y,
            (-2, 0.01), (0, 1), -0.25, (-2.5, 2.5, -2, 2), Lr: 0.1, AdaptiveLr: 0.1),
        // A tilted double well: the poor local minimum x ≈ 0.960 (f ≈ 0.294) lies next to the start, the global one
        // at x ≈ −1.036 (f ≈ −0.305) across a ridge.
        new("two-minima", "tilted double well (x² − 1)² + 0.3x + ½y²", (x, y) => (x * x - 1.0).Square() + 0.3 * x + 0.5 * y * y,
            (2, 1.5), (-1.0355787140888537, 0), -0.305428483743916, (-2, 2.5, -2, 2), Lr: 0.05, AdaptiveLr: 0.1),
    ];

    public static readonly string[] Names = [.. All.Select(f => f.Name)];

    /// <summary>f at a Float64 point p = (x, y) of shape [2].</summary>
    public Tensor At(Tensor p) => F(p.Select(0, 0), p.Select(0, 1));

    public double At(double x, double y) => At(Tensor.FromArray(new[] { x, y })).Item();
}
