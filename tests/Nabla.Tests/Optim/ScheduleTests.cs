using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>Schedule behaviour beyond the reference sequences: closed forms, per-group lambdas, errors.</summary>
public class ScheduleTests
{
    private static SGD Sgd(double lr = 0.1, double momentum = 0.9) => new([Tensor.Zeros([1], requiresGrad: true)], lr: lr, momentum: momentum);

    [Fact]
    public void LinearWarmUpReachesTheBaseLrAndHolds()
    {
        var optimizer = Sgd();
        var warmUp = new LinearLR(optimizer, startFactor: 0.25, totalIters: 4);
        var lrs = new List<double> { optimizer.ParamGroups[0].Lr };
        for (int t = 0; t < 6; t++) { warmUp.Step(); lrs.Add(optimizer.ParamGroups[0].Lr); }
        Assert.Equal(new[] { 0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.1 }, lrs, new Close(1e-15));
        Assert.Equal(0.1, warmUp.BaseLrs[0]);
        Assert.Equal(0.1, optimizer.ParamGroups[0]["initial_lr"]);
    }

    [Fact]
    public void LambdaLrScalesTheBaseLrPerGroup()
    {
        var optimizer = new SGD([new ParamGroup([Tensor.Zeros([1], requiresGrad: true)]) { Lr = 1 },
            new ParamGroup([Tensor.Zeros([1], requiresGrad: true)]) { Lr = 2 }]);
        var schedule = new LambdaLR(optimizer, [e => 1.0 / (e + 1), e => e]);
        schedule.Step();
        schedule.Step();
        Assert.Equal(new[] { 1.0 / 3, 4.0 }, schedule.LastLr);
    }

    [Fact]
    public void CosineAnnealingReachesEtaMinAtTMax()
    {
        var optimizer = Sgd(lr: 1);
        var cosine = new CosineAnnealingLR(optimizer, tMax: 8, etaMin: 0.1);
        for (int t = 0; t < 4; t++) cosine.Step();
        Assert.Equal(0.55, optimizer.ParamGroups[0].Lr, 14); // halfway: (1 + 0.1) / 2
        for (int t = 0; t < 4; t++) cosine.Step();
        Assert.Equal(0.1, optimizer.ParamGroups[0].Lr, 14);
    }

    [Fact]
    public void OneCycleRefusesToStepPastItsEnd()
    {
        var schedule = new OneCycleLR(Sgd(), maxLr: 1, totalSteps: 3);
        for (int t = 0; t < 3; t++) schedule.Step();
        Assert.Equal("OneCycleLR: tried to step 5 times; the schedule has 3 steps.",
            Assert.Throws<InvalidOperationException>(() => schedule.Step()).Message);
    }

    [Fact]
    public void OneCycleNeedsMomentumToCycleIt()
    {
        var adagrad = new Adagrad([Tensor.Zeros([1], requiresGrad: true)]);
        Assert.Equal("OneCycleLR: cycleMomentum needs an optimizer with momentum or beta1; Adagrad has neither (pass cycleMomentum: false).",
            Assert.Throws<ArgumentException>(() => new OneCycleLR(adagrad, maxLr: 1, totalSteps: 10)).Message);
        var schedule = new OneCycleLR(adagrad, maxLr: 1, totalSteps: 10, cycleMomentum: false);
        Assert.Equal(0.04, schedule.LastLr[0], 15);
        Assert.Equal("OneCycleLR: give totalSteps, or epochs and stepsPerEpoch.",
            Assert.Throws<ArgumentException>(() => new OneCycleLR(Sgd(), maxLr: 1)).Message);
    }

    [Fact]
    public void PlateauCountsBadEpochsAndCoolsDown()
    {
        var optimizer = Sgd(lr: 1);
        var plateau = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1, cooldown: 1);
        foreach (var metric in new[] { 1.0, 1.0, 1.0 }) plateau.Step(metric);
        Assert.Equal(0.5, optimizer.ParamGroups[0].Lr); // second bad epoch > patience
        Assert.Equal(1, plateau.CooldownCounter);
        plateau.Step(Tensor.Scalar(1.0));
        Assert.Equal(0, plateau.NumBadEpochs); // ignored in cooldown
        Assert.Equal(1.0, plateau.Best);
        Assert.Equal("ReduceLROnPlateau: factor must be < 1, got 1.",
            Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(optimizer, factor: 1)).Message);
    }

    [Fact]
    public void ScheduleArgumentsAreChecked()
    {
        Assert.Equal("StepLR: stepSize must be positive, got 0.", Assert.Throws<ArgumentException>(() => new StepLR(Sgd(), 0)).Message);
        Assert.Equal("LinearLR: startFactor must be in (0, 1], got 0.", Assert.Throws<ArgumentException>(() => new LinearLR(Sgd(), startFactor: 0)).Message);
        var optimizer = Sgd();
        var other = Sgd();
        Assert.Equal("SequentialLR: schedule 1 (ExponentialLR) belongs to a different optimizer.",
            Assert.Throws<ArgumentException>(() => new SequentialLR(optimizer, [new StepLR(optimizer, 2), new ExponentialLR(other, 0.9)], [3])).Message);
        Assert.Equal("SequentialLR: 2 schedules need 1 milestones, got 0.",
            Assert.Throws<ArgumentException>(() => new SequentialLR(optimizer, [new StepLR(optimizer, 2), new ExponentialLR(optimizer, 0.9)], [])).Message);
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
