namespace Nabla.Cli.Checks;

/// <summary>
/// The size of a gradient error, for reporting (Autograd.GradCheck decides pass/fail): for a random v, the worst
/// |∂(Σ f(x)·v)/∂xⱼ − (Σ f(x + εeⱼ)·v − Σ f(x − εeⱼ)·v) / 2ε| over every input element j.
/// </summary>
internal static class JacobianCheck
{
    private const double Eps = 1e-6;

    public static double WorstVjpError(Func<Tensor[], Tensor> function, Tensor[] inputs, long seed)
    {
        Tensor output;
        using (Tensor.EnableGrad()) output = function(inputs);
        var v = Tensor.Randn(output.Shape, seed, DType.Float64);
        var differentiable = inputs.Where(t => t.RequiresGrad).ToArray();
        // An output that does not depend on the inputs through the graph (the gradient of a linear op) has zero derivative.
        var analytic = output.RequiresGrad ? Autograd.Grad([(output * v).Sum()], differentiable, allowUnused: true) : new Tensor?[differentiable.Length];
        double worst = 0;
        for (int i = 0, d = 0; i < inputs.Length; i++)
        {
            if (!inputs[i].RequiresGrad) continue;
            var a = analytic[d++]?.ToDoubleArray() ?? new double[inputs[i].Numel];
            var x = inputs[i].ToDoubleArray();
            for (int j = 0; j < x.Length; j++)
            {
                double numeric = (Probe(function, inputs, i, x, j, Eps, v) - Probe(function, inputs, i, x, j, -Eps, v)) / (2 * Eps);
                worst = Math.Max(worst, Math.Abs(a[j] - numeric));
            }
        }
        return worst;
    }

    /// <summary>x ↦ the flattened gradient of Σ f(x)·v (taken with createGraph), whose own derivative is f's second.</summary>
    public static Func<Tensor[], Tensor> FirstDerivative(Func<Tensor[], Tensor> function, Tensor[] inputs, long seed)
    {
        Tensor probe;
        using (Tensor.NoGrad()) probe = function(inputs);
        var v = Tensor.Randn(probe.Shape, seed, DType.Float64);
        return xs =>
        {
            using var recording = Tensor.EnableGrad();
            var differentiable = xs.Where(x => x.RequiresGrad).ToArray();
            var y = (function(xs) * v).Sum();
            var grads = y.RequiresGrad ? Autograd.Grad([y], differentiable, createGraph: true, allowUnused: true) : new Tensor?[differentiable.Length];
            return Tensor.Cat(differentiable.Select((x, i) => (grads[i] ?? Tensor.ZerosLike(x).Detach()).Reshape(-1)).ToArray());
        };
    }

    /// <summary>Σ f(x)·v with element j of input i moved by delta (no graph).</summary>
    private static double Probe(Func<Tensor[], Tensor> function, Tensor[] inputs, int i, double[] x, int j, double delta, Tensor v)
    {
        var moved = (double[])x.Clone();
        moved[j] += delta;
        var args = (Tensor[])inputs.Clone();
        args[i] = Tensor.FromArray(moved, inputs[i].Shape, DType.Float64).RequiresGrad_();   // FirstDerivative differentiates it
        using var noGrad = Tensor.NoGrad();
        return (function(args) * v).Sum().Item();
    }
}
