using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// The fixed problem of optim.json: parameters of shapes [3, 4] and [4], and at step t the gradient
/// (p − c) · h + noise[t] (the gradient of ½h(p − c)² + ⟨noise_t, p⟩), computed with the same three ops as PyTorch.
/// </summary>
public sealed class ReferenceProblem
{
    private readonly int[][] shapes;
    private readonly double[][] init;
    private readonly Tensor[] h, c;
    private readonly Tensor[][] noise;

    public ReferenceProblem(DType dtype)
    {
        var problem = OptimReference.Problem;
        DType = dtype;
        shapes = problem.GetProperty("shapes").EnumerateArray().Select(OptimReference.Ints).ToArray();
        init = problem.GetProperty("init").EnumerateArray().Select(OptimReference.Doubles).ToArray();
        h = Load(problem.GetProperty("h").EnumerateArray().Select(OptimReference.Doubles).ToArray());
        c = Load(problem.GetProperty("c").EnumerateArray().Select(OptimReference.Doubles).ToArray());
        noise = problem.GetProperty("noise").EnumerateArray()
            .Select(step => Load(step.EnumerateArray().Select(OptimReference.Doubles).ToArray())).ToArray();
    }

    public DType DType { get; }

    public int Steps => noise.Length;

    /// <summary>Fresh leaf parameters at the initial point.</summary>
    public Tensor[] InitialParameters() => Load(init).Select(p => p.RequiresGrad_()).ToArray();

    /// <summary>Sets every parameter's Grad for step t (null where <paramref name="skip"/> says so).</summary>
    public void SetGradients(Tensor[] parameters, int t, Func<int, bool>? skip = null)
    {
        using var noGrad = Tensor.NoGrad();
        for (int k = 0; k < parameters.Length; k++)
            parameters[k].Grad = skip?.Invoke(k) == true ? null : (parameters[k].Detach() - c[k]) * h[k] + noise[t][k];
    }

    /// <summary>Runs <paramref name="steps"/> steps from step <paramref name="from"/> on.</summary>
    public void Run(Optimizer optimizer, Tensor[] parameters, int from, int steps)
    {
        for (int t = from; t < from + steps; t++)
        {
            SetGradients(parameters, t);
            optimizer.Step();
        }
    }

    public static double[] Flatten(Tensor[] parameters) => parameters.SelectMany(p => p.ToDoubleArray()).ToArray();

    private Tensor[] Load(double[][] values) =>
        values.Select((v, k) => OptimReference.Tensor(v, shapes[k], DType)).ToArray();
}
