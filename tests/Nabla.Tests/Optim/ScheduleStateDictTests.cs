using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// Resuming a schedule: 40 steps without stopping must give the same bits (weights and lrs) as stopping, saving the
/// parameters, the optimizer's and the schedule's state dicts to a safetensors checkpoint, building everything anew,
/// loading, and running the rest.
/// </summary>
public class ScheduleStateDictTests
{
    private const int Steps = 40;

    public static TheoryData<string, int> Cases => new()
    {
        { "StepLR", 20 }, { "MultiStepLR", 20 }, { "ExponentialLR", 20 }, { "LambdaLR", 20 }, { "CosineAnnealingLR", 20 },
        { "CosineAnnealingLR", 13 }, { "LinearLR", 3 }, { "LinearLR", 20 }, { "SequentialLR", 4 }, { "SequentialLR", 20 },
        { "OneCycleLR", 20 }, { "OneCycleLR", 7 }, { "ReduceLROnPlateau", 20 }, { "ReduceLROnPlateau", 9 },
    };

    /// <summary>A validation metric per epoch that plateaus, improves and plateaus again (reductions and cooldowns).</summary>
    private static readonly double[] Metrics = [.. Enumerable.Range(0, Steps).Select(t => t < 5 ? 1.0 - 0.1 * t : t < 16 ? 0.6 : t == 16 ? 0.3 : 0.35)];

    /// <summary>The optimizer and the schedule, built from scratch; the schedule steps with <c>step(epoch)</c>.</summary>
    private static (Optimizer Optimizer, Action<int> Step, Func<Dictionary<string, Tensor>> Save, Action<Dictionary<string, Tensor>> Load)
        Build(string kind, Tensor[] parameters)
    {
        var optimizer = kind == "OneCycleLR" ? (Optimizer)new SGD(parameters, lr: 0.05, momentum: 0.9)
            : new Adam(parameters, lr: 0.05, betas: (0.8, 0.99));
        if (kind == "ReduceLROnPlateau")
        {
            var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 2, cooldown: 3, threshold: 0.01);
            return (optimizer, t => plateau.Step(Metrics[t]), plateau.StateDict, plateau.LoadStateDict);
        }
        LRScheduler schedule = kind switch
        {
            "StepLR" => new StepLR(optimizer, stepSize: 7, gamma: 0.5),
            "MultiStepLR" => new MultiStepLR(optimizer, [5, 12, 12, 30], gamma: 0.3),
            "ExponentialLR" => new ExponentialLR(optimizer, gamma: 0.95),
            "LambdaLR" => new LambdaLR(optimizer, e => 1.0 / (1 + 0.1 * e)),
            "CosineAnnealingLR" => new CosineAnnealingLR(optimizer, tMax: 15, etaMin: 0.001),
            "LinearLR" => new LinearLR(optimizer, startFactor: 0.1, totalIters: 8),
            "SequentialLR" => new SequentialLR(optimizer,
                [new LinearLR(optimizer, startFactor: 0.1, totalIters: 6), new CosineAnnealingLR(optimizer, tMax: 25)], [6]),
            "OneCycleLR" => new OneCycleLR(optimizer, maxLr: 0.2, totalSteps: Steps),
            _ => throw new ArgumentException(kind),
        };
        return (optimizer, _ => schedule.Step(), schedule.StateDict, schedule.LoadStateDict);
    }

    private static double[] Lrs(Optimizer optimizer) => optimizer.ParamGroups.SelectMany(g => new[] { g.Lr, g.Options.GetValueOrDefault("momentum") }).ToArray();

    private static void Run(ReferenceProblem problem, Tensor[] parameters, Optimizer optimizer, Action<int> step, int from, int to)
    {
        for (int t = from; t < to; t++)
        {
            problem.Run(optimizer, parameters, t, 1);
            step(t);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResumingMidRunIsBitIdenticalToNotStopping(string kind, int stopAt)
    {
        var problem = new ReferenceProblem(DType.Float64);
        var straight = problem.InitialParameters();
        var a = Build(kind, straight);
        Run(problem, straight, a.Optimizer, a.Step, 0, Steps);

        var first = problem.InitialParameters();
        var b = Build(kind, first);
        Run(problem, first, b.Optimizer, b.Step, 0, stopAt);
        var checkpoint = CheckpointRoundTrip.Run(new()
        {
            ["model"] = CheckpointRoundTrip.Parameters(first),
            ["optimizer"] = b.Optimizer.StateDict(),
            ["scheduler"] = b.Save(),
        });

        var resumed = CheckpointRoundTrip.Restore(checkpoint["model"]);
        var c = Build(kind, resumed);
        c.Optimizer.LoadStateDict(checkpoint["optimizer"]);
        c.Load(checkpoint["scheduler"]);
        Assert.Equal(Lrs(b.Optimizer), Lrs(c.Optimizer));
        Run(problem, resumed, c.Optimizer, c.Step, stopAt, Steps);

        Assert.Equal(ReferenceProblem.Flatten(straight), ReferenceProblem.Flatten(resumed));
        Assert.Equal(Lrs(a.Optimizer), Lrs(c.Optimizer));
        Assert.Equal(a.Save().Keys.Order(), c.Save().Keys.Order());
        foreach (var (key, value) in a.Save()) Assert.Equal(value.ToDoubleArray(), c.Save()[key].ToDoubleArray());
    }

    [Fact]
    public void AStepLrRestoredAtEpoch25HalvesTheRateAt28()
    {
        var optimizer = new SGD([Tensor.Zeros([1], requiresGrad: true)], lr: 0.1);
        var schedule = new StepLR(optimizer, stepSize: 7, gamma: 0.5);
        for (int t = 0; t < 25; t++) schedule.Step();
        var (optimizerState, scheduleState) = (optimizer.StateDict(), schedule.StateDict());
        Assert.Equal(25, scheduleState["last_epoch"].Item());
        Assert.Equal([0.1], scheduleState["base_lrs"].ToDoubleArray());
        Assert.Equal([0.1 * 0.5 * 0.5 * 0.5], scheduleState["_last_lr"].ToDoubleArray());

        var fresh = new SGD([Tensor.Zeros([1], requiresGrad: true)], lr: 0.1);
        var resumed = new StepLR(fresh, stepSize: 7, gamma: 0.5);
        fresh.LoadStateDict(optimizerState);
        resumed.LoadStateDict(scheduleState);
        Assert.Equal(25, resumed.LastEpoch);
        resumed.Step();
        resumed.Step();
        Assert.Equal(0.0125, fresh.ParamGroups[0].Lr);
        resumed.Step();
        Assert.Equal(0.00625, fresh.ParamGroups[0].Lr);
    }

    [Fact]
    public void APlateausStateNamesItsProgress()
    {
        var optimizer = new SGD([Tensor.Zeros([1], requiresGrad: true)], lr: 1);
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1, cooldown: 2);
        var initial = plateau.StateDict();
        Assert.Equal(double.PositiveInfinity, initial["best"].Item());
        foreach (var metric in new[] { 1.0, 2.0, 2.0, 2.0 }) plateau.Step(metric);
        var dict = plateau.StateDict();
        Assert.Equal([1.0, 0, 1, 1, 4], new[] { "best", "num_bad_epochs", "cooldown_counter", "_last_lr", "last_epoch" }
            .Select(k => k == "_last_lr" ? dict[k].ToDoubleArray()[0] * 2 : dict[k].Item()));
    }

    [Fact]
    public void ABadScheduleStateIsRejectedAndChangesNothing()
    {
        var optimizer = new SGD([Tensor.Zeros([1], requiresGrad: true)], lr: 0.1);
        var schedule = new StepLR(optimizer, stepSize: 3);
        schedule.Step();
        var good = schedule.StateDict();

        var nan = new Dictionary<string, Tensor>(good) { ["last_epoch"] = Tensor.Scalar(double.NaN, DType.Float64) };
        Assert.Equal("StepLR.LoadStateDict: last_epoch is NaN; it must be a whole number from -1 to 2147483647.",
            Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(nan)).Message);
        var huge = new Dictionary<string, Tensor>(good) { ["last_epoch"] = Tensor.Scalar(1e300, DType.Float64) };
        Assert.Equal("StepLR.LoadStateDict: last_epoch is 1E+300; it must be a whole number from -1 to 2147483647.",
            Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(huge)).Message);
        var twoLrs = new Dictionary<string, Tensor>(good) { ["base_lrs"] = Tensor.FromArray(new[] { 0.1, 0.2 }) };
        Assert.Equal("StepLR.LoadStateDict: 'base_lrs' has shape [2]; expected [1] (one value per param group).",
            Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(twoLrs)).Message);
        var missing = new Dictionary<string, Tensor>(good);
        missing.Remove("_last_lr");
        Assert.Equal("StepLR.LoadStateDict: the state dict has no '_last_lr'.",
            Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(missing)).Message);
        var extra = new Dictionary<string, Tensor>(good) { ["best"] = Tensor.Scalar(1.0, DType.Float64) };
        Assert.Equal("StepLR.LoadStateDict: unexpected key 'best'.",
            Assert.Throws<ArgumentException>(() => schedule.LoadStateDict(extra)).Message);
        Assert.Equal(1, schedule.LastEpoch);

        var sequential = new SequentialLR(optimizer, [new StepLR(optimizer, 2), new ExponentialLR(optimizer, 0.9)], [3]);
        var nested = sequential.StateDict();
        Assert.Contains("_schedulers.1.last_epoch", nested.Keys);
        nested["_schedulers.1.last_epoch"] = Tensor.Scalar(-2, DType.Float64);
        Assert.Equal("ExponentialLR.LoadStateDict: last_epoch is -2; it must be a whole number from -1 to 2147483647.",
            Assert.Throws<ArgumentException>(() => sequential.LoadStateDict(nested)).Message);
        nested.Remove("_schedulers.1.last_epoch");
        nested["_schedulers.2.last_epoch"] = Tensor.Scalar(0, DType.Float64);
        Assert.Equal("SequentialLR.LoadStateDict: unexpected key '_schedulers.2.last_epoch'.",
            Assert.Throws<ArgumentException>(() => sequential.LoadStateDict(nested)).Message);

        var plateau = new ReduceLROnPlateau(optimizer);
        var state = plateau.StateDict();
        state["num_bad_epochs"] = Tensor.Scalar(-1, DType.Float64);
        Assert.Equal("ReduceLROnPlateau.LoadStateDict: num_bad_epochs is -1; it must be a whole number from 0 to 2147483647.",
            Assert.Throws<ArgumentException>(() => plateau.LoadStateDict(state)).Message);
    }
}
