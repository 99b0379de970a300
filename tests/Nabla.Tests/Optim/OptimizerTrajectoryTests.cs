using System.Text.Json;
using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// Each optimizer configuration of optim.json, replayed: same initial parameters, same gradient rule, 100 steps; the
/// parameters must follow PyTorch's after every step (Float64 to 1e-10 relative, Float32 to 1e-4).
/// </summary>
public class OptimizerTrajectoryTests
{
    public static TheoryData<string> Trajectories => OptimReference.Names("trajectories");

    [Theory]
    [MemberData(nameof(Trajectories))]
    public void FollowsPyTorchForEveryStep(string name)
    {
        var c = OptimReference.Case("trajectories", name);
        var dtype = c.GetProperty("dtype").GetString() == "float32" ? DType.Float32 : DType.Float64;
        double rtol = dtype == DType.Float64 ? 1e-10 : 1e-4;
        var problem = new ReferenceProblem(dtype);
        var parameters = problem.InitialParameters();
        var optimizer = Create(c, parameters);
        var expected = c.GetProperty("params").EnumerateArray().Select(OptimReference.Doubles).ToArray();
        Func<int, int, bool> skip = SkipRule(c.GetProperty("grad_none"));

        Assert.Equal(100, expected.Length);
        for (int t = 0; t < expected.Length; t++)
        {
            problem.SetGradients(parameters, t, k => skip(t, k));
            optimizer.Step();
            OptimReference.AssertClose(expected[t], ReferenceProblem.Flatten(parameters), rtol, $"{name}, step {t + 1}");
        }
    }

    /// <summary>Builds the optimizer with only the options the case sets; everything else is Nabla's default, which
    /// must therefore equal PyTorch's.</summary>
    internal static Optimizer Create(JsonElement c, Tensor[] parameters)
    {
        var defaults = OptimReference.Options(c.GetProperty("defaults"));
        var groups = c.GetProperty("groups").EnumerateArray().Select(g =>
        {
            var group = new ParamGroup(OptimReference.Ints(g.GetProperty("params")).Select(i => parameters[i]));
            foreach (var (key, value) in defaults) group[key] = value;
            foreach (var (key, value) in OptimReference.Options(g.GetProperty("options"))) group[key] = value;
            return group;
        }).ToList();
        return c.GetProperty("optimizer").GetString() switch
        {
            "SGD" => new SGD(groups),
            "Adagrad" => new Adagrad(groups),
            "RMSprop" => new RMSprop(groups),
            "Adam" => new Adam(groups),
            "AdamW" => new AdamW(groups),
            "Adamax" => new Adamax(groups),
            "NAdam" => new NAdam(groups),
            "Adadelta" => new Adadelta(groups),
            var other => throw new InvalidDataException($"unknown optimizer {other}"),
        };
    }

    private static Func<int, int, bool> SkipRule(JsonElement rule)
    {
        if (rule.ValueKind == JsonValueKind.Null) return (_, _) => false;
        int param = rule.GetProperty("param").GetInt32(), every = rule.GetProperty("every").GetInt32();
        return (t, k) => k == param && t % every == every - 1;
    }
}
