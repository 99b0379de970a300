using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>Semantics around the update rules: groups and defaults, ZeroGrad, skipped and frozen parameters, checks.</summary>
public class OptimizerTests
{
    public static TheoryData<string> Kinds => new(["SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Adamax", "NAdam", "Adadelta"]);

    [Fact]
    public void GroupsKeepTheirOwnSettingsAndTakeDefaultsForTheRest()
    {
        var w = Tensor.Ones([2], requiresGrad: true);
        var b = Tensor.Ones([1], requiresGrad: true);
        var optimizer = new SGD([new ParamGroup([w]), new ParamGroup([b]) { Lr = 0.5, ["nesterov"] = 1 }], lr: 0.1, momentum: 0.9);
        Assert.Equal(0.1, optimizer.ParamGroups[0].Lr);
        Assert.Equal(0.9, optimizer.ParamGroups[0]["momentum"]);
        Assert.Equal(0.5, optimizer.ParamGroups[1].Lr);
        Assert.Equal(0.9, optimizer.ParamGroups[1]["momentum"]);
        Assert.Equal(1, optimizer.ParamGroups[1]["nesterov"]);
        Assert.Equal(["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"], optimizer.Defaults.Keys);

        var late = Tensor.Ones([3], requiresGrad: true);
        optimizer.AddParamGroup(new ParamGroup([late]) { ["momentum"] = 0 });
        Assert.Equal(0.1, optimizer.ParamGroups[2].Lr);
        Assert.Equal(0, optimizer.ParamGroups[2]["momentum"]);
    }

    [Fact]
    public void ZeroGradSetsToNoneByDefaultOrToZeros()
    {
        var w = Tensor.Ones([2, 2], DType.Float64, requiresGrad: true);
        var optimizer = new SGD([w], lr: 0.1);
        (w * w).Sum().Backward();
        optimizer.ZeroGrad(setToNone: false);
        Assert.Equal(new double[4], w.Grad!.ToDoubleArray());
        Assert.Equal([2, 2], w.Grad.Shape);
        optimizer.ZeroGrad();
        Assert.Null(w.Grad);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ParametersWithoutGradientOrFrozenAreLeftAlone(string kind)
    {
        var active = Tensor.Ones([3], DType.Float64, requiresGrad: true);
        var noGrad = Tensor.Ones([3], DType.Float64, requiresGrad: true);
        var frozen = Tensor.Ones([3], DType.Float64, requiresGrad: true);
        var optimizer = OptimizerStateDictTests.Make(kind, [active, noGrad, frozen]);
        active.Grad = Tensor.Full([3], 0.5, DType.Float64);
        frozen.Grad = Tensor.Full([3], 0.5, DType.Float64);
        frozen.RequiresGrad = false;
        optimizer.Step();
        Assert.NotEqual(new[] { 1.0, 1, 1 }, active.ToDoubleArray());
        Assert.Equal(new[] { 1.0, 1, 1 }, noGrad.ToDoubleArray());
        Assert.Equal(new[] { 1.0, 1, 1 }, frozen.ToDoubleArray());
        Assert.Equal([active], optimizer.State.Keys);
        Assert.Equal(1, optimizer.State[active].Step);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MaximizingFollowsTheNegatedGradient(string kind)
    {
        // maximize with gradient g takes exactly the steps of minimizing with −g (NAdam's maximize is not in PyTorch 1.13).
        var problem = new ReferenceProblem(DType.Float64);
        var up = problem.InitialParameters();
        var down = problem.InitialParameters();
        var maximizing = OptimizerStateDictTests.Make(kind, up);
        maximizing.ParamGroups[0]["maximize"] = 1;
        var minimizing = OptimizerStateDictTests.Make(kind, down);
        for (int t = 0; t < 20; t++)
        {
            problem.SetGradients(up, t);
            problem.SetGradients(down, t);
            foreach (var p in down) p.Grad = -p.Grad!;
            maximizing.Step();
            minimizing.Step();
        }
        Assert.Equal(ReferenceProblem.Flatten(down), ReferenceProblem.Flatten(up));
    }

    [Fact]
    public void NonContiguousParametersAreUpdatedInPlace()
    {
        var storage = Tensor.Randn([4, 3], seed: 3, DType.Float64);
        var view = storage.T.RequiresGrad_();                      // a leaf view with strides [1, 3]
        var copy = storage.T.Contiguous().Detach().RequiresGrad_();
        Assert.False(view.IsContiguous);
        var a = new Adam([view], lr: 0.1);
        var b = new Adam([copy], lr: 0.1);
        for (int t = 0; t < 3; t++)
        {
            view.Grad = (view.Detach() * 2).Contiguous();
            copy.Grad = copy.Detach() * 2;
            a.Step();
            b.Step();
        }
        Assert.Equal(copy.ToDoubleArray(), view.ToDoubleArray());
        Assert.Equal(copy.ToDoubleArray(), storage.T.ToDoubleArray()); // written through to the shared storage
    }

    [Fact]
    public void StepWithClosureEvaluatesTheLossThenSteps()
    {
        var w = Tensor.FromArray(new[] { 3.0 }).RequiresGrad_();
        var optimizer = new SGD([w], lr: 0.25);
        var loss = optimizer.Step(() =>
        {
            optimizer.ZeroGrad();
            var l = (w * w).Sum();
            l.Backward();
            return l;
        });
        Assert.Equal(9, loss.Item());
        Assert.Equal(1.5, w.Item()); // 3 − 0.25 · 6
    }

    [Fact]
    public void InvalidSettingsAreRejectedWithTheOptionNamed()
    {
        var w = Tensor.Ones([2], requiresGrad: true);
        Assert.Equal("SGD: invalid lr -0.1 in param group 0; it must be ≥ 0.",
            Assert.Throws<ArgumentException>(() => new SGD([w], lr: -0.1)).Message);
        Assert.Equal("SGD: Nesterov momentum requires a momentum and zero dampening (param group 0 has momentum 0, dampening 0).",
            Assert.Throws<ArgumentException>(() => new SGD([w], lr: 0.1, nesterov: true)).Message);
        Assert.Equal("Adam: invalid beta2 1 in param group 0; it must be in [0, 1).",
            Assert.Throws<ArgumentException>(() => new Adam([w], betas: (0.9, 1))).Message);
        Assert.Equal("Adam: invalid eps -1 in param group 1; it must be ≥ 0.",
            Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup([w]), new ParamGroup([Tensor.Ones([1], requiresGrad: true)]) { ["eps"] = -1 }])).Message);
        Assert.Equal("RMSprop: param group 0 sets unknown option(s) betas; RMSprop has: lr, alpha, eps, weight_decay, momentum, centered, maximize.",
            Assert.Throws<ArgumentException>(() => new RMSprop([new ParamGroup([w]) { ["betas"] = 0.9 }])).Message);
        Assert.Equal("Adagrad: optimizer got an empty parameter list.",
            Assert.Throws<ArgumentException>(() => new Adagrad(Array.Empty<Tensor>())).Message);
        Assert.Equal("SGD: parameter 1 of param group 0 (shape [2]) appears more than once; a parameter may belong to one group only.",
            Assert.Throws<ArgumentException>(() => new SGD([w, w])).Message);
        Assert.Equal("NAdam: can't optimize a non-leaf tensor (parameter 0 of param group 0, shape [2]); use Detach().",
            Assert.Throws<ArgumentException>(() => new NAdam([w * 2])).Message);
        Assert.Equal("Adamax: parameter 0 of param group 0 is Int64; only Float32 and Float64 tensors can be optimized.",
            Assert.Throws<ArgumentException>(() => new Adamax([Tensor.FromArray(new long[] { 1 })])).Message);
    }

    [Fact]
    public void AGradientOfTheWrongShapeOrDTypeIsAnError()
    {
        var w = Tensor.Ones([2, 3], requiresGrad: true);
        var optimizer = new AdamW([w]);
        w.Grad = Tensor.Ones([3, 2]);
        Assert.Equal("AdamW.Step: parameter 0 of param group 0 is Float32 [2, 3] but its gradient is Float32 [3, 2].",
            Assert.Throws<InvalidOperationException>(() => optimizer.Step()).Message);
        w.Grad = Tensor.Ones([2, 3], DType.Float64);
        Assert.Contains("but its gradient is Float64 [2, 3]", Assert.Throws<InvalidOperationException>(() => optimizer.Step()).Message);
    }

    [Fact]
    public void AStepBumpsTheParameterVersion()
    {
        var w = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        var optimizer = new SGD([w], lr: 0.1);
        w.Grad = Tensor.OnesLike(w);
        int before = w.Storage.Version;
        optimizer.Step();
        Assert.True(w.Storage.Version > before);
    }

    [Fact]
    public void TheAdamFamilyTakesBetasAsAPair()
    {
        var w = Tensor.Ones([2], requiresGrad: true);
        Optimizer[] optimizers = [new Adam([w], betas: (0.5, 0.9)), new AdamW([w], betas: (0.5, 0.9)),
            new Adamax([w], betas: (0.5, 0.9)), new NAdam([w], betas: (0.5, 0.9))];
        foreach (var optimizer in optimizers)
            Assert.Equal((0.5, 0.9), (optimizer.ParamGroups[0]["beta1"], optimizer.ParamGroups[0]["beta2"]));
        var defaults = new NAdam([w]).Defaults;
        Assert.Equal((0.9, 0.999), (defaults["beta1"], defaults["beta2"]));
        Assert.Equal(["lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay", "maximize"], defaults.Keys);
    }

    [Fact]
    public void ParamGroupNamesAMissingOption()
    {
        var group = new ParamGroup([Tensor.Ones([1])]) { Lr = 0.1 };
        Assert.Equal("ParamGroup has no option 'momentum'; it has: lr.",
            Assert.Throws<KeyNotFoundException>(() => group["momentum"]).Message);
    }
}
