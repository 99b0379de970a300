using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>StateDict/LoadStateDict: stopping after 40 steps and resuming in a new optimizer must give the same bits
/// as running 100 steps without stopping.</summary>
public class OptimizerStateDictTests
{
    public static TheoryData<string, DType> Kinds => new()
    {
        { "SGD", DType.Float64 }, { "Adagrad", DType.Float64 }, { "RMSprop", DType.Float64 }, { "Adam", DType.Float64 },
        { "AdamW", DType.Float64 }, { "Adamax", DType.Float64 }, { "NAdam", DType.Float64 },
        { "Adadelta", DType.Float64 }, { "Adadelta", DType.Float32 },
        { "SGD", DType.Float32 }, { "Adam", DType.Float32 }, { "NAdam", DType.Float32 },
    };

    /// <summary>Each optimizer with options that give it all of its state buffers.</summary>
    internal static Optimizer Make(string kind, IEnumerable<Tensor> parameters) => kind switch
    {
        "SGD" => new SGD(parameters, lr: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        "Adagrad" => new Adagrad(parameters, lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1),
        "RMSprop" => new RMSprop(parameters, momentum: 0.5, centered: true),
        "Adam" => new Adam(parameters, lr: 0.05, amsgrad: true),
        "AdamW" => new AdamW(parameters, lr: 0.05, amsgrad: true),
        "Adamax" => new Adamax(parameters, lr: 0.05),
        "NAdam" => new NAdam(parameters, lr: 0.05, weightDecay: 0.01),
        "Adadelta" => new Adadelta(parameters, lr: 0.5, weightDecay: 0.01),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ResumingIsBitIdenticalToNotStopping(string kind, DType dtype)
    {
        var problem = new ReferenceProblem(dtype);
        var straight = problem.InitialParameters();
        problem.Run(Make(kind, straight), straight, 0, 100);

        var first = problem.InitialParameters();
        var firstOptimizer = Make(kind, first);
        problem.Run(firstOptimizer, first, 0, 40);
        var saved = firstOptimizer.StateDict();
        var savedParameters = first.Select(p => p.Detach().Clone()).ToArray();
        problem.Run(firstOptimizer, first, 40, 60); // the saved dict must not change with the optimizer it came from
        Assert.Equal(ReferenceProblem.Flatten(straight), ReferenceProblem.Flatten(first));

        var resumed = savedParameters.Select(p => p.RequiresGrad_()).ToArray();
        var resumedOptimizer = Make(kind, resumed);
        resumedOptimizer.ParamGroups[0].Lr = 123; // overwritten by the load
        resumedOptimizer.LoadStateDict(saved);
        problem.Run(resumedOptimizer, resumed, 40, 60);
        Assert.Equal(ReferenceProblem.Flatten(straight), ReferenceProblem.Flatten(resumed));
    }

    [Fact]
    public void ASchedulesLrResumesThroughTheOptimizerState()
    {
        var problem = new ReferenceProblem(DType.Float64);
        var straight = problem.InitialParameters();
        var optimizer = new Adam(straight, lr: 0.05);
        var schedule = new ExponentialLR(optimizer, gamma: 0.97);
        for (int t = 0; t < 100; t++) { problem.Run(optimizer, straight, t, 1); schedule.Step(); }

        var first = problem.InitialParameters();
        optimizer = new Adam(first, lr: 0.05);
        schedule = new ExponentialLR(optimizer, gamma: 0.97);
        for (int t = 0; t < 30; t++) { problem.Run(optimizer, first, t, 1); schedule.Step(); }
        var saved = optimizer.StateDict();

        var resumed = first.Select(p => p.Detach().Clone().RequiresGrad_()).ToArray();
        optimizer = new Adam(resumed, lr: 0.05);
        optimizer.LoadStateDict(saved); // lr = 0.05 · 0.97³⁰, initial_lr = 0.05
        schedule = new ExponentialLR(optimizer, gamma: 0.97);
        Assert.Equal(0.05, schedule.BaseLrs[0]);
        for (int t = 30; t < 100; t++) { problem.Run(optimizer, resumed, t, 1); schedule.Step(); }
        Assert.Equal(ReferenceProblem.Flatten(straight), ReferenceProblem.Flatten(resumed));
    }

    [Fact]
    public void KeysFollowPyTorchsLayout()
    {
        var w = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var b = Tensor.Ones([3], DType.Float64, requiresGrad: true);
        var unused = Tensor.Ones([4], DType.Float64, requiresGrad: true);
        var optimizer = new Adam([new ParamGroup([w]), new ParamGroup([b, unused]) { Lr = 0.5, ["amsgrad"] = 1 }]);
        w.Grad = Tensor.OnesLike(w);
        b.Grad = Tensor.OnesLike(b);
        optimizer.Step();
        optimizer.Step();
        var dict = optimizer.StateDict();

        Assert.Equal(new long[] { 0 }, dict["param_groups.0.params"].ToLongArray());
        Assert.Equal(new long[] { 1, 2 }, dict["param_groups.1.params"].ToLongArray());
        Assert.Equal(0.001, dict["param_groups.0.lr"].Item());
        Assert.Equal(0.5, dict["param_groups.1.lr"].Item());
        Assert.Equal(1, dict["param_groups.1.amsgrad"].Item());
        Assert.Equal(0.999, dict["param_groups.1.beta2"].Item());
        Assert.Empty(dict["state.0.step"].Shape);
        Assert.Equal(2, dict["state.1.step"].Item());
        Assert.Equal(new[] { 2, 3 }, dict["state.0.exp_avg"].Shape);
        Assert.True(dict.ContainsKey("state.1.max_exp_avg_sq"));
        Assert.False(dict.ContainsKey("state.0.max_exp_avg_sq"));
        Assert.DoesNotContain(dict.Keys, k => k.StartsWith("state.2.", StringComparison.Ordinal)); // never had a gradient
        Assert.Equal(0.19, dict["state.0.exp_avg"].ToDoubleArray()[0], 15); // 0.1 + 0.9 · 0.1
    }

    [Fact]
    public void LoadRejectsAMismatchedDictAndChangesNothing()
    {
        var w = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var optimizer = new SGD([w], lr: 0.1, momentum: 0.9);
        w.Grad = Tensor.OnesLike(w);
        optimizer.Step();
        var good = optimizer.StateDict();

        var twoGroups = new SGD([new ParamGroup([Tensor.Ones([2, 3], requiresGrad: true)]), new ParamGroup([Tensor.Ones([1], requiresGrad: true)])], lr: 0.1);
        Assert.Equal("SGD.LoadStateDict: the state dict has 1 param groups, this optimizer has 2.",
            Assert.Throws<ArgumentException>(() => twoGroups.LoadStateDict(good)).Message);

        var other = new SGD([Tensor.Ones([3, 2], DType.Float64, requiresGrad: true)], lr: 0.2, momentum: 0.9);
        Assert.Equal("SGD.LoadStateDict: 'state.0.momentum_buffer' has shape [2, 3], its parameter has shape [3, 2].",
            Assert.Throws<ArgumentException>(() => other.LoadStateDict(good)).Message);
        Assert.Equal(0.2, other.ParamGroups[0].Lr);
        Assert.Empty(other.State);

        var extra = new Dictionary<string, Tensor>(good) { ["state.0.exp_avg.x"] = Tensor.Scalar(1) };
        Assert.Equal("SGD.LoadStateDict: unexpected key 'state.0.exp_avg.x'.",
            Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(extra)).Message);

        var missing = new Dictionary<string, Tensor>(good);
        missing.Remove("param_groups.0.momentum");
        Assert.Equal("SGD.LoadStateDict: missing option(s) momentum in the param groups.",
            Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(missing)).Message);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e300, "1E+300")]
    [InlineData(-1, "-1")]
    [InlineData(2.5, "2.5")]
    public void AStepCountThatIsNotAWholeNumberIsRejected(double step, string shown)
    {
        var w = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        var b = Tensor.Ones([1], DType.Float64, requiresGrad: true);
        var optimizer = new Adam([new ParamGroup([w]), new ParamGroup([b])]);
        w.Grad = Tensor.OnesLike(w);
        b.Grad = Tensor.OnesLike(b);
        optimizer.Step();
        var dict = optimizer.StateDict();
        dict["state.1.step"] = Tensor.Scalar(step, DType.Float64);
        Assert.Equal($"Adam.LoadStateDict: step of parameter 1 (param group 1) is {shown}; it must be a whole number from 0 to 9007199254740992.",
            Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(dict)).Message);
        Assert.Equal(1, optimizer.State[b].Step);
    }

    [Theory]
    [InlineData("lr", -1, "Adam.LoadStateDict: invalid lr -1 in param group 1; it must be ≥ 0.")]
    [InlineData("lr", double.NaN, "Adam.LoadStateDict: invalid lr NaN in param group 1; it must be ≥ 0.")]
    [InlineData("beta1", 5, "Adam.LoadStateDict: invalid beta1 5 in param group 1; it must be in [0, 1).")]
    [InlineData("amsgrad", 0.5, "Adam.LoadStateDict: invalid amsgrad 0.5 in param group 1; it must be 0 or 1 (false or true).")]
    public void LoadedOptionsObeyTheConstructorsRules(string option, double value, string message)
    {
        var optimizer = new Adam([new ParamGroup([Tensor.Ones([2], requiresGrad: true)]), new ParamGroup([Tensor.Ones([1], requiresGrad: true)])]);
        var dict = optimizer.StateDict();
        dict[$"param_groups.1.{option}"] = Tensor.Scalar(value, DType.Float64);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(dict)).Message);
        Assert.Equal(0.001, optimizer.ParamGroups[1].Lr);
        // the same value given to the constructor fails with the same rule
        var constructed = Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup([Tensor.Ones([2], requiresGrad: true)]),
            new ParamGroup([Tensor.Ones([1], requiresGrad: true)]) { [option] = value }]));
        Assert.Equal(message.Replace("Adam.LoadStateDict:", "Adam:"), constructed.Message);
    }

    [Fact]
    public void SgdsNesterovRuleAppliesToALoadedGroup()
    {
        var optimizer = new SGD([Tensor.Ones([2], requiresGrad: true)], lr: 0.1, momentum: 0.9, nesterov: true);
        var dict = optimizer.StateDict();
        dict["param_groups.0.momentum"] = Tensor.Scalar(0, DType.Float64);
        Assert.Equal("SGD.LoadStateDict: Nesterov momentum requires a momentum and zero dampening (param group 0 has momentum 0, dampening 0).",
            Assert.Throws<ArgumentException>(() => optimizer.LoadStateDict(dict)).Message);
    }
}
