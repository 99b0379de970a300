namespace Nabla;

/// <summary>Thrown when analytic and numerical derivatives disagree; the message names the op, input, element and both values.</summary>
public sealed class GradCheckException(string message) : Exception(message);

public static partial class Autograd
{
    /// <summary>
    /// Compares every entry of the analytic Jacobian (one backward per output element) with central differences
    /// (f(x+eps) − f(x−eps)) / 2eps, in Float64, with PyTorch's defaults. Throws GradCheckException on the worst mismatch.
    /// </summary>
    public static bool GradCheck(Func<Tensor[], Tensor> function, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5,
        double rtol = 1e-3, string name = "function")
    {
        CheckInputs("GradCheck", inputs);
        Tensor output;
        using (Tensor.EnableGrad()) output = function(inputs);
        var analytic = AnalyticJacobians(function, inputs, output);
        var numeric = NumericJacobians(function, inputs, eps);
        Compare(name, "gradient", inputs, analytic, numeric, atol, rtol);
        return true;
    }

    /// <summary>
    /// Checks second derivatives: the gradient of Σ f(x)·v with respect to x (taken with createGraph) is itself
    /// gradchecked, for a fixed random v, as PyTorch's gradgradcheck does.
    /// </summary>
    public static bool GradGradCheck(Func<Tensor[], Tensor> function, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5,
        double rtol = 1e-3, string name = "function", long seed = 0)
    {
        CheckInputs("GradGradCheck", inputs);
        Tensor probe;
        using (Tensor.NoGrad()) probe = function(inputs);
        var v = Tensor.Randn(probe.Shape, seed, DType.Float64);
        var firstOrder = new Func<Tensor[], Tensor>(xs =>
        {
            using var recording = Tensor.EnableGrad(); // the numerical pass runs under NoGrad, but this needs a graph
            var y = function(xs);
            var grads = Grad([y], xs, [v], createGraph: true, allowUnused: true);
            var flat = new Tensor[xs.Length];
            for (int i = 0; i < xs.Length; i++)
                flat[i] = (grads[i] ?? Tensor.ZerosLike(xs[i]).Detach()).Reshape(-1);
            return Tensor.Cat(flat);
        });
        return GradCheck(firstOrder, inputs, eps, atol, rtol, name + " (second order)");
    }

    private static void CheckInputs(string op, Tensor[] inputs)
    {
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].RequiresGrad && inputs[i].DType != DType.Float64)
                throw new ArgumentException($"{op}: input {i} is {inputs[i].DType}; gradient checks need Float64 inputs for accurate differences.");
        if (!inputs.Any(t => t.RequiresGrad)) throw new ArgumentException($"{op}: no input requires grad.");
    }

    /// <summary>J[i][outElement, inElement] from one vector-Jacobian product per output element.</summary>
    private static double[][,] AnalyticJacobians(Func<Tensor[], Tensor> function, Tensor[] inputs, Tensor output)
    {
        var jac = inputs.Select(t => new double[output.Numel, t.Numel]).ToArray();
        var differentiable = inputs.Where(t => t.RequiresGrad).ToArray();
        if (!output.RequiresGrad) return jac; // output does not depend on any input: all zeros
        for (int o = 0; o < output.Numel; o++)
        {
            var seed = Tensor.Zeros(output.Shape, DType.Float64);
            seed.Span<double>()[o] = 1;
            var grads = Grad([output], differentiable, [seed], retainGraph: true, allowUnused: true);
            for (int i = 0, k = 0; i < inputs.Length; i++)
            {
                if (!inputs[i].RequiresGrad) continue;
                if (grads[k++] is { } g)
                {
                    var values = g.ToDoubleArray();
                    for (int e = 0; e < values.Length; e++) jac[i][o, e] = values[e];
                }
            }
        }
        return jac;
    }

    /// <summary>Central differences, perturbing each input element in its own storage (so views work).</summary>
    private static double[][,] NumericJacobians(Func<Tensor[], Tensor> function, Tensor[] inputs, double eps)
    {
        var jac = new double[inputs.Length][,];
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            var positions = StoragePositions(x);
            double[,]? j = null;
            for (int e = 0; e < positions.Length; e++)
            {
                if (!x.RequiresGrad) break;
                var data = x.Data<double>();
                double original = data[positions[e]];
                data[positions[e]] = original + eps;
                var plus = Evaluate(function, inputs);
                data[positions[e]] = original - eps;
                var minus = Evaluate(function, inputs);
                data[positions[e]] = original;
                j ??= new double[plus.Length, positions.Length];
                for (int o = 0; o < plus.Length; o++) j[o, e] = (plus[o] - minus[o]) / (2 * eps);
            }
            jac[i] = j ?? new double[0, 0];
        }
        return jac;
    }

    private static double[] Evaluate(Func<Tensor[], Tensor> function, Tensor[] inputs)
    {
        using (Tensor.NoGrad()) return function(inputs).ToDoubleArray();
    }

    /// <summary>Storage index of each element in row-major order; an element shared by a broadcast view is rejected.</summary>
    private static int[] StoragePositions(Tensor x)
    {
        var positions = new int[x.Numel];
        var index = new int[x.Rank];
        for (int e = 0; e < positions.Length; e++)
        {
            int p = x.Offset;
            for (int d = 0; d < x.Rank; d++) p += index[d] * x.strides[d];
            positions[e] = p;
            for (int d = x.Rank - 1; d >= 0; d--)
            {
                if (++index[d] < x.ShapeRef[d]) break;
                index[d] = 0;
            }
        }
        if (positions.Distinct().Count() != positions.Length)
            throw new ArgumentException("GradCheck: an input has overlapping elements (an expanded view); pass a contiguous or sliced view instead.");
        return positions;
    }

    private static void Compare(string name, string what, Tensor[] inputs, double[][,] analytic, double[][,] numeric, double atol, double rtol)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!inputs[i].RequiresGrad) continue;
            var a = analytic[i];
            var n = numeric[i];
            double worstExcess = 0;
            (int o, int e) worst = (-1, -1);
            for (int o = 0; o < a.GetLength(0); o++)
                for (int e = 0; e < a.GetLength(1); e++)
                {
                    double nv = n.Length == 0 ? 0 : n[o, e];
                    double excess = Math.Abs(a[o, e] - nv) - (atol + rtol * Math.Abs(nv));
                    if (double.IsNaN(a[o, e]) != double.IsNaN(nv)) excess = double.PositiveInfinity;
                    if (excess > worstExcess) { worstExcess = excess; worst = (o, e); }
                }
            if (worst.o >= 0)
                throw new GradCheckException(
                    $"GradCheck failed for {name}: the {what} with respect to input {i} (shape {ShapeUtil.Format(inputs[i].ShapeRef)}) " +
                    $"disagrees at output element {worst.o}, input element {worst.e}: analytic {a[worst.o, worst.e]:R} vs numerical {n[worst.o, worst.e]:R}.");
        }
    }
}
