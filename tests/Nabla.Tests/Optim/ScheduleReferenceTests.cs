using System.Text.Json;
using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>Learning-rate (and OneCycleLR momentum) sequences of every schedule case in optim.json, step by step.</summary>
public class ScheduleReferenceTests
{
    private const double Rtol = 1e-12;

    public static TheoryData<string> Schedules => OptimReference.Names("schedules");

    public static TheoryData<string> Plateaus => OptimReference.Names("plateaus");

    [Theory]
    [MemberData(nameof(Schedules))]
    public void LrSequenceMatchesPyTorch(string name)
    {
        var c = OptimReference.Case("schedules", name);
        var optimizer = MakeOptimizer(c);
        var scheduler = Make(optimizer, c.GetProperty("scheduler").GetString()!, c.GetProperty("args"));
        var lrs = c.GetProperty("lrs").EnumerateArray().Select(OptimReference.Doubles).ToArray();
        var momentums = c.GetProperty("momentums") is { ValueKind: JsonValueKind.Array } m
            ? m.EnumerateArray().Select(OptimReference.Doubles).ToArray() : null;
        string momentumOption = optimizer is SGD ? "momentum" : "beta1";

        for (int t = 0; t < lrs.Length; t++)
        {
            if (t > 0) scheduler.Step();
            var actual = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
            OptimReference.AssertClose(lrs[t], actual, Rtol, $"{name}: lr at epoch {t}", floor: 1e-300);
            Assert.Equal(actual, scheduler.LastLr);
            if (momentums is not null)
                OptimReference.AssertClose(momentums[t], optimizer.ParamGroups.Select(g => g[momentumOption]).ToArray(), Rtol,
                    $"{name}: {momentumOption} at epoch {t}");
        }
        Assert.Equal(lrs.Length - 1, scheduler.LastEpoch);
    }

    [Theory]
    [MemberData(nameof(Plateaus))]
    public void ReduceLROnPlateauMatchesPyTorch(string name)
    {
        var c = OptimReference.Case("plateaus", name);
        var a = c.GetProperty("args");
        var groupLrs = OptimReference.Doubles(c.GetProperty("group_lrs"));
        var optimizer = new SGD(groupLrs.Select(lr => new ParamGroup([Tensor.Zeros([2], DType.Float64, requiresGrad: true)]) { Lr = lr }));
        double[] minLr = a.TryGetProperty("min_lr", out var ml)
            ? ml.ValueKind == JsonValueKind.Array ? OptimReference.Doubles(ml) : [ml.GetDouble()] : [0];
        var plateau = new ReduceLROnPlateau(optimizer, minLr,
            mode: Str(a, "mode", "min") == "min" ? PlateauMode.Min : PlateauMode.Max,
            factor: Dbl(a, "factor", 0.1), patience: (int)Dbl(a, "patience", 10), threshold: Dbl(a, "threshold", 1e-4),
            thresholdMode: Str(a, "threshold_mode", "rel") == "rel" ? ThresholdMode.Rel : ThresholdMode.Abs,
            cooldown: (int)Dbl(a, "cooldown", 0), eps: Dbl(a, "eps", 1e-8));
        var metrics = OptimReference.Doubles(c.GetProperty("metrics"));
        var lrs = c.GetProperty("lrs").EnumerateArray().Select(OptimReference.Doubles).ToArray();
        for (int t = 0; t < metrics.Length; t++)
        {
            plateau.Step(metrics[t]);
            OptimReference.AssertClose(lrs[t], optimizer.ParamGroups.Select(g => g.Lr).ToArray(), Rtol, $"{name}: lr after epoch {t + 1}", floor: 1e-300);
        }
    }

    private static Optimizer MakeOptimizer(JsonElement c)
    {
        var groupLrs = OptimReference.Doubles(c.GetProperty("group_lrs"));
        var groups = groupLrs.Select(lr => new ParamGroup([Tensor.Zeros([2], DType.Float64, requiresGrad: true)]) { Lr = lr }).ToList();
        return c.GetProperty("optimizer").GetString() == "SGD"
            ? new SGD(groups, momentum: c.GetProperty("momentum").GetDouble())
            : new Adam(groups);
    }

    private static LRScheduler Make(Optimizer optimizer, string name, JsonElement a) => name switch
    {
        "StepLR" => new StepLR(optimizer, (int)Dbl(a, "step_size", 0), Dbl(a, "gamma", 0.1)),
        "MultiStepLR" => new MultiStepLR(optimizer, OptimReference.Ints(a.GetProperty("milestones")), Dbl(a, "gamma", 0.1)),
        "ExponentialLR" => new ExponentialLR(optimizer, Dbl(a, "gamma", 0)),
        "CosineAnnealingLR" => new CosineAnnealingLR(optimizer, (int)Dbl(a, "T_max", 0), Dbl(a, "eta_min", 0)),
        "LinearLR" => a.EnumerateObject().Any()
            ? new LinearLR(optimizer, Dbl(a, "start_factor", 1.0 / 3), Dbl(a, "end_factor", 1.0), (int)Dbl(a, "total_iters", 5))
            : new LinearLR(optimizer),
        "SequentialLR" => new SequentialLR(optimizer,
            a.GetProperty("schedulers").EnumerateArray()
                .Select(s => Make(optimizer, s.GetProperty("scheduler").GetString()!, s.GetProperty("args"))).ToList(),
            OptimReference.Ints(a.GetProperty("milestones"))),
        "OneCycleLR" => new OneCycleLR(optimizer,
            a.GetProperty("max_lr") is { ValueKind: JsonValueKind.Array } peaks ? OptimReference.Doubles(peaks) : [a.GetProperty("max_lr").GetDouble()],
            totalSteps: a.TryGetProperty("total_steps", out var ts) ? ts.GetInt32() : null,
            epochs: a.TryGetProperty("epochs", out var e) ? e.GetInt32() : null,
            stepsPerEpoch: a.TryGetProperty("steps_per_epoch", out var spe) ? spe.GetInt32() : null,
            pctStart: Dbl(a, "pct_start", 0.3),
            annealStrategy: Str(a, "anneal_strategy", "cos") == "cos" ? AnnealStrategy.Cos : AnnealStrategy.Linear,
            cycleMomentum: !a.TryGetProperty("cycle_momentum", out var cm) || cm.GetBoolean(),
            baseMomentum: [Dbl(a, "base_momentum", 0.85)], maxMomentum: [Dbl(a, "max_momentum", 0.95)],
            divFactor: Dbl(a, "div_factor", 25), finalDivFactor: Dbl(a, "final_div_factor", 1e4),
            threePhase: a.TryGetProperty("three_phase", out var tp) && tp.GetBoolean()),
        _ => throw new InvalidDataException($"unknown scheduler {name}"),
    };

    private static double Dbl(JsonElement a, string key, double fallback) =>
        a.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;

    private static string Str(JsonElement a, string key, string fallback) =>
        a.TryGetProperty(key, out var v) ? v.GetString()! : fallback;
}
