using System.Text.Json;
using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>LBFGS on the Rosenbrock function against PyTorch's trajectories (optim.json "lbfgs"), and resuming it.</summary>
public class LBFGSTests
{
    public static TheoryData<string> Runs => OptimReference.Names("lbfgs");

    public static TheoryData<string, int> Resumes => new()
    {
        { "default", 1 }, { "strong_wolfe", 2 }, { "short_history", 3 }, { "short_history", 9 },
        { "short_history_strong_wolfe", 6 }, { "lr_max_eval", 5 }, { "tolerances_strong_wolfe", 4 },
    };

    /// <summary>f(z) = Σᵢ 100(zᵢ₊₁ − zᵢ²)² + (1 − zᵢ)² over z = cat(params), with PyTorch's operations.</summary>
    private static Func<Tensor> Rosenbrock(Optimizer optimizer, Tensor[] parameters) => () =>
    {
        optimizer.ZeroGrad();
        var z = Tensor.Cat(parameters);
        int n = z.Numel - 1;
        var x = z.Narrow(0, 0, n);
        var y = z.Narrow(0, 1, n);
        var loss = (100 * (y - x * x).Pow(2) + (1 - x).Pow(2)).Sum();
        loss.Backward();
        return loss;
    };

    private static (LBFGS Optimizer, Tensor[] Parameters) Make(JsonElement c, Tensor[]? parameters = null)
    {
        parameters ??= c.GetProperty("init").EnumerateArray().Select(v => Tensor.FromArray(OptimReference.Doubles(v)).RequiresGrad_()).ToArray();
        var o = c.GetProperty("options");
        double Get(string key, double fallback) => o.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        int maxIter = (int)Get("max_iter", 20);
        var optimizer = new LBFGS(parameters, lr: Get("lr", 1), maxIter: maxIter,
            maxEval: o.TryGetProperty("max_eval", out var me) ? me.GetInt32() : null,
            toleranceGrad: Get("tolerance_grad", 1e-7), toleranceChange: Get("tolerance_change", 1e-9),
            historySize: (int)Get("history_size", 100), lineSearchFn: o.GetProperty("line_search_fn").GetString());
        return (optimizer, parameters);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void FollowsPyTorchOnRosenbrock(string name)
    {
        var c = OptimReference.Case("lbfgs", name);
        var (optimizer, parameters) = Make(c);
        var closure = Rosenbrock(optimizer, parameters);
        var losses = OptimReference.Doubles(c.GetProperty("losses"));
        var expected = c.GetProperty("params").EnumerateArray().Select(OptimReference.Doubles).ToArray();
        Assert.Equal(100, expected.Length);
        for (int t = 0; t < expected.Length; t++)
        {
            double loss = optimizer.Step(closure).Item();
            // near the minimum the loss is a sum of tiny terms: compare it to 1e-10 of max(|f|, 1e-3), like the parameters
            OptimReference.AssertClose([losses[t]], [loss], 1e-10, $"{name}: loss at step {t + 1}");
            OptimReference.AssertClose(expected[t], ReferenceProblem.Flatten(parameters), 1e-10, $"{name}: parameters after step {t + 1}");
        }
        var state = optimizer.State[parameters[0]];
        Assert.Equal(c.GetProperty("func_evals").GetDouble(), state.Scalars["func_evals"]);
        Assert.Equal(c.GetProperty("n_iter").GetDouble(), state.Scalars["n_iter"]);
    }

    [Theory]
    [MemberData(nameof(Resumes))]
    public void ResumingFromAStateDictIsBitIdenticalToNotStopping(string name, int stopAt)
    {
        const int steps = 30;
        var c = OptimReference.Case("lbfgs", name);
        var (straight, straightParameters) = Make(c);
        for (int t = 0; t < steps; t++) straight.Step(Rosenbrock(straight, straightParameters));

        var (first, firstParameters) = Make(c);
        for (int t = 0; t < stopAt; t++) first.Step(Rosenbrock(first, firstParameters));
        Assert.True(first.State[firstParameters[0]].Buffers.ContainsKey("old_dirs") || stopAt == 1, "the history should be saved");
        var checkpoint = CheckpointRoundTrip.Run(new()
        {
            ["model"] = CheckpointRoundTrip.Parameters(firstParameters),
            ["optimizer"] = first.StateDict(),
        });

        var resumedParameters = CheckpointRoundTrip.Restore(checkpoint["model"]);
        var (resumed, _) = Make(c, resumedParameters);
        resumed.LoadStateDict(checkpoint["optimizer"]);
        for (int t = stopAt; t < steps; t++) resumed.Step(Rosenbrock(resumed, resumedParameters));

        Assert.Equal(ReferenceProblem.Flatten(straightParameters), ReferenceProblem.Flatten(resumedParameters));
        var (a, b) = (straight.StateDict(), resumed.StateDict());
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (key, value) in a) Assert.Equal(value.ToDoubleArray(), b[key].ToDoubleArray());
    }

    [Fact]
    public void ItsStateUsesPyTorchsNamesWithTheHistoryStacked()
    {
        var (optimizer, parameters) = Make(OptimReference.Case("lbfgs", "short_history"));
        for (int t = 0; t < 3; t++) optimizer.Step(Rosenbrock(optimizer, parameters));
        var dict = optimizer.StateDict();
        Assert.Equal(["H_diag", "d", "func_evals", "n_iter", "old_dirs", "old_stps", "prev_flat_grad", "prev_loss", "ro", "t"],
            dict.Keys.Where(k => k.StartsWith("state.0.", StringComparison.Ordinal)).Select(k => k[8..]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(dict.Keys, k => k.StartsWith("state.1.", StringComparison.Ordinal));
        Assert.Equal([5, 4], dict["state.0.old_dirs"].Shape); // history_size 5 is full after 9 iterations
        Assert.Equal([5], dict["state.0.ro"].Shape);
        Assert.Equal([4], dict["state.0.d"].Shape);
        Assert.Equal(1, dict["param_groups.0.line_search_fn"].Item() + 1);
        Assert.Equal(3, dict["param_groups.0.max_eval"].Item()); // 3 · 5 / 4

        dict["state.0.old_stps"] = Tensor.Zeros([5, 3], DType.Float64);
        Assert.Equal("LBFGS.LoadStateDict: 'state.0.old_stps' has shape [5, 3], which does not fit 4 parameter elements and a history of 5.",
            Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(dict)).Message);
        dict["state.0.old_stps"] = Tensor.Zeros([5, 4], DType.Float64);
        dict["state.0.n_iter"] = Tensor.Scalar(double.NaN, DType.Float64);
        dict["param_groups.0.max_iter"] = Tensor.Scalar(0.5, DType.Float64);
        Assert.Equal("LBFGS.LoadStateDict: invalid max_iter 0.5 in param group 0; it must be a whole number ≥ 1.",
            Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(dict)).Message);
    }

    [Fact]
    public void MisuseIsReportedClearly()
    {
        var w = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        var optimizer = new LBFGS([w]);
        Assert.Equal("LBFGS.Step: LBFGS re-evaluates the loss during a step; call Step(closure) with a closure that zeroes the gradients, computes the loss, calls Backward and returns the loss.",
            Assert.Throws<InvalidOperationException>(() => optimizer.Step()).Message);
        Assert.Equal("LBFGS: lineSearchFn must be null or \"strong_wolfe\", got \"armijo\".",
            Assert.Throws<ArgumentException>(() => new LBFGS([w], lineSearchFn: "armijo")).Message);
        Assert.Equal("LBFGS: LBFGS doesn't support per-parameter options (parameter groups).",
            Assert.Throws<ArgumentException>(() => optimizer.AddParamGroup(new ParamGroup([Tensor.Ones([1], requiresGrad: true)]))).Message);
        Assert.Equal("LBFGS: invalid history_size 0 in param group 0; it must be a whole number ≥ 1.",
            Assert.Throws<ArgumentException>(() => new LBFGS([w], historySize: 0)).Message);
    }

    [Fact]
    public void OneStepFindsTheMinimumOfAQuadratic()
    {
        // f(w) = ½ Σ hᵢ(wᵢ − cᵢ)²: with the strong-Wolfe search and tight tolerances one step (10 iterations) reaches the
        // minimum to 1e-8 (PyTorch: 3.2e-9).
        var h = Tensor.FromArray(new[] { 1.0, 4.0, 9.0 });
        var target = Tensor.FromArray(new[] { 1.0, -2.0, 0.5 });
        var w = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        var optimizer = new LBFGS([w], toleranceGrad: 1e-12, toleranceChange: 1e-14, lineSearchFn: "strong_wolfe");
        optimizer.Step(() =>
        {
            optimizer.ZeroGrad();
            var loss = (0.5 * h * (w - target).Pow(2)).Sum();
            loss.Backward();
            return loss;
        });
        OptimReference.AssertClose([1.0, -2.0, 0.5], w.ToDoubleArray(), 1e-8, "minimum");
        Assert.Equal(10, optimizer.State[w].Scalars["n_iter"]);
    }
}
