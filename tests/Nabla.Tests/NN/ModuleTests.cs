using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Module.cs and Module.StateDict.cs: registration, names, modes, state dicts, dtype, freezing, hooks.</summary>
public class ModuleTests
{
    /// <summary>A model with its own parameter, children and a non-persistent buffer (the orders PyTorch uses are in the asserts).</summary>
    private sealed class Net : Module<Tensor, Tensor>
    {
        public Linear Fc1 { get; }
        public BatchNorm1d Bn { get; }
        public Linear Fc2 { get; }
        public Tensor Scale { get; }

        public Net(int seed = 1, DType dtype = DType.Float64)
        {
            var g = new Generator(seed);
            Fc1 = RegisterModule("fc1", new Linear(4, 3, dtype: dtype, generator: g));
            Bn = RegisterModule("bn", new BatchNorm1d(3, dtype: dtype));
            Fc2 = RegisterModule("fc2", new Linear(3, 2, dtype: dtype, generator: g));
            Scale = RegisterParameter("scale", Tensor.Ones([2], dtype))!;
            RegisterBuffer("step_cache", Tensor.Zeros([1]), persistent: false);
        }

        public override Tensor Forward(Tensor input) => Fc2.Call(Bn.Call(Fc1.Call(input)).Tanh()) * Scale;
    }

    private sealed class Registrar : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input;
        public void Parameter(string name, Tensor? t) => RegisterParameter(name, t);
        public void Buffer(string name, Tensor? t) => RegisterBuffer(name, t);
        public void Child(string name, Module m) => RegisterModule(name, m);
        public void ReplaceBuffer(string name, Tensor t) => SetBuffer(name, t);
    }

    [Fact]
    public void NamesAndOrderMatchPyTorch()
    {
        var net = new Net();
        Assert.Equal(["scale", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "fc2.weight", "fc2.bias"],
            net.NamedParameters().Select(p => p.Name));
        Assert.Equal(["step_cache", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"],
            net.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["scale", "fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
            "bn.num_batches_tracked", "fc2.weight", "fc2.bias"], net.StateDict().Keys); // non-persistent buffer left out
        Assert.Equal(["scale"], net.NamedParameters(recurse: false).Select(p => p.Name));
        Assert.Equal(["fc1", "bn", "fc2"], net.NamedChildren().Select(c => c.Name));
        Assert.Equal(2 + 15 + 6 + 8, net.ParameterCount());
        Assert.Same(net.Fc1.Weight, net.Parameters().ElementAt(1));
    }

    [Fact]
    public void SharedParametersAreListedOnce()
    {
        // tie an output projection to the embedding, as language models do
        var emb = new Embedding(6, 4);
        var projection = new Registrar();
        projection.Parameter("weight", emb.Weight);
        var model = new Registrar();
        model.Child("emb", emb);
        model.Child("hidden", new Linear(4, 6, bias: false));
        model.Child("proj", projection);
        Assert.Equal(2, model.Parameters().Count());
        Assert.Equal(["emb.weight", "hidden.weight"], model.NamedParameters().Select(p => p.Name)); // first name wins
        Assert.Equal(["emb.weight", "hidden.weight", "proj.weight"], model.StateDict().Keys);  // every name, as PyTorch's
        Assert.Equal(24 * 2, model.ParameterCount());
    }

    [Fact]
    public void TrainAndEvalReachEverySubmodule()
    {
        var net = new Net();
        var inner = new Sequential(new Dropout(), new Sequential(new BatchNorm1d(2)));
        net.Fc2.Eval();
        Assert.False(net.Fc2.Training);
        net.Train();
        Assert.All(net.Modules(), m => Assert.True(m.Training));
        net.Eval();
        Assert.All(net.Modules(), m => Assert.False(m.Training));
        inner.Eval();
        Assert.All(inner.Modules(), m => Assert.False(m.Training));
        inner.Train(true);
        Assert.All(inner.Modules(), m => Assert.True(m.Training));
        Assert.Same(inner, inner.Train(false));
    }

    [Fact]
    public void StateDictRoundTripCopiesValuesIntoTheSameTensors()
    {
        var source = new Net(seed: 1);
        source.Call(Tensor.Randn([5, 4], 3, DType.Float64)); // moves BatchNorm's running statistics
        var target = new Net(seed: 2);
        var weight = target.Fc1.Weight;
        target.LoadStateDict(source.StateDict());
        Assert.Same(weight, target.Fc1.Weight);
        Assert.Equal(source.Fc1.Weight.ToDoubleArray(), target.Fc1.Weight.ToDoubleArray());
        Assert.Equal(source.Bn.RunningVar!.ToDoubleArray(), target.Bn.RunningVar!.ToDoubleArray());
        Assert.Equal(1, target.Bn.NumBatchesTracked!.Item());
        source.Eval();
        target.Eval();
        var x = Tensor.Randn([3, 4], 4, DType.Float64);
        Assert.Equal(source.Call(x).ToDoubleArray(), target.Call(x).ToDoubleArray());

        // copied, not shared: changing the source afterwards leaves the target alone
        using (Tensor.NoGrad()) source.Fc1.Weight.Fill_(0);
        Assert.NotEqual(0, target.Fc1.Weight.ToDoubleArray().Sum(Math.Abs));
    }

    [Fact]
    public void StateDictValuesAreDetachedViewsOfTheParameters()
    {
        var net = new Net();
        var state = net.StateDict();
        Assert.False(state["fc1.weight"].RequiresGrad);
        using (Tensor.NoGrad()) net.Fc1.Bias!.Fill_(3);
        Assert.Equal(new double[] { 3, 3, 3 }, state["fc1.bias"].ToDoubleArray()); // same storage, as in PyTorch
    }

    [Fact]
    public void StrictLoadListsMissingUnexpectedAndMisShapedKeys()
    {
        var net = new Net();
        var state = new Net(seed: 5).StateDict();
        state.Remove("fc2.bias");
        state.Remove("bn.num_batches_tracked");
        state["fc3.weight"] = Tensor.Zeros([1]);
        state["fc1.weight"] = Tensor.Zeros([4, 3], DType.Float64);
        var before = net.Scale.ToDoubleArray();
        var ex = Assert.Throws<ArgumentException>(() => net.LoadStateDict(state));
        Assert.Equal("LoadStateDict into Net failed — missing keys: bn.num_batches_tracked, fc2.bias; unexpected keys: fc3.weight; " +
                     "mis-shaped keys: fc1.weight: expected [3, 4], got [4, 3].", ex.Message);
        Assert.Equal(before, net.Scale.ToDoubleArray()); // nothing was loaded

        // non-strict: missing and unexpected keys are fine, a wrong shape never is
        var misShaped = Assert.Throws<ArgumentException>(() => net.LoadStateDict(state, strict: false));
        Assert.Equal("LoadStateDict into Net failed — mis-shaped keys: fc1.weight: expected [3, 4], got [4, 3].", misShaped.Message);
        state.Remove("fc1.weight");
        using (Tensor.NoGrad()) state["scale"].Detach().Fill_(2);
        net.LoadStateDict(state, strict: false);
        Assert.Equal(new double[] { 2, 2 }, net.Scale.ToDoubleArray());
    }

    [Fact]
    public void ToConvertsParametersAndFloatBuffersInPlace()
    {
        var net = new Net(dtype: DType.Float32);
        var weight = net.Fc1.Weight;
        var values = weight.ToDoubleArray();
        Assert.Same(net, net.To(DType.Float64));
        Assert.Same(weight, net.Fc1.Weight);                // identity kept: optimizers holding it stay valid
        Assert.Equal(DType.Float64, weight.DType);
        Assert.True(weight.RequiresGrad);
        Assert.Equal(values, weight.ToDoubleArray());
        Assert.Equal(DType.Float64, net.Bn.RunningMean!.DType);
        Assert.Equal(DType.Int64, net.Bn.NumBatchesTracked!.DType); // integer buffers keep their type
        Assert.All(net.Parameters(), p => Assert.Equal(DType.Float64, p.DType));
        var y = net.Call(Tensor.Randn([3, 4], 1, DType.Float64));
        Assert.Equal(DType.Float64, y.DType);
        y.Sum().Backward();
        Assert.Equal(DType.Float64, weight.Grad!.DType);
    }

    [Fact]
    public void ToAfterBackwardConvertsTheGradientsToo()
    {
        var net = new Net(dtype: DType.Float32);
        net.Call(Tensor.Randn([3, 4], 1)).Sum().Backward();
        net.To(DType.Float64);
        Assert.All(net.Parameters(), p => Assert.Equal(DType.Float64, p.Grad!.DType));
        net.Call(Tensor.Randn([3, 4], 2, DType.Float64)).Sum().Backward(); // accumulates into the converted gradients
        Assert.All(net.Parameters(), p => Assert.Equal(DType.Float64, p.Grad!.DType));
    }

    [Fact]
    public void FrozenLayerDoesNotMoveUnderManualSgd()
    {
        // transfer learning: freeze the first layer, train the rest with a hand-written SGD step
        var features = new Linear(3, 8, dtype: DType.Float64, generator: new Generator(1));
        var head = new Linear(8, 1, dtype: DType.Float64, generator: new Generator(2));
        var model = new Sequential(features, new Registrar(), head);
        foreach (var p in features.Parameters()) p.RequiresGrad = false;
        Assert.Equal(9, model.ParameterCount(trainableOnly: true));
        Assert.Equal(41, model.ParameterCount());

        var frozen = features.Parameters().Select(p => p.ToDoubleArray()).ToList();
        var headBefore = head.Weight.ToDoubleArray();
        var x = Tensor.Randn([16, 3], 3, DType.Float64);
        var target = x.Sum(1, keepDim: true);
        double firstLoss = 0, lastLoss = 0;
        const double lr = 0.05;
        for (int step = 0; step < 30; step++)
        {
            model.ZeroGrad();
            var diff = model.Call(x).Tanh() - target.Tanh();
            var loss = (diff * diff).Mean();
            loss.Backward();
            if (step == 0) firstLoss = loss.Item();
            lastLoss = loss.Item();
            foreach (var p in model.Parameters())
                if (p.Grad is not null)
                    using (Tensor.NoGrad()) p.Add_(p.Grad!, -lr);
        }
        Assert.All(features.Parameters(), p => Assert.Null(p.Grad));
        Assert.Equal(frozen, features.Parameters().Select(p => p.ToDoubleArray()));
        Assert.NotEqual(headBefore, head.Weight.ToDoubleArray());
        Assert.NotNull(head.Weight.Grad);
        Assert.True(lastLoss < firstLoss, $"loss went from {firstLoss} to {lastLoss}");
    }

    [Fact]
    public void ZeroGradSetsToNoneOrZeros()
    {
        var linear = new Linear(2, 2);
        linear.Call(Tensor.Ones([1, 2])).Sum().Backward();
        linear.ZeroGrad(setToNone: false);
        Assert.All(linear.Weight.Grad!.ToFloatArray(), v => Assert.Equal(0f, v));
        linear.ZeroGrad();
        Assert.Null(linear.Weight.Grad);
    }

    [Fact]
    public void RegistrationErrors()
    {
        var m = new Registrar();
        m.Parameter("w", Tensor.Ones([2]));
        Assert.True(m.Parameters().Single().RequiresGrad); // registering makes it trainable
        Assert.Equal("Registrar already has a member named 'w'.",
            Assert.Throws<ArgumentException>(() => m.Buffer("w", Tensor.Ones([1]))).Message);
        Assert.Equal("Invalid name 'a.b': names must be non-empty and contain no '.'.",
            Assert.Throws<ArgumentException>(() => m.Child("a.b", new Identity())).Message);
        Assert.Equal("Invalid name '': names must be non-empty and contain no '.'.",
            Assert.Throws<ArgumentException>(() => m.Parameter("", Tensor.Ones([1]))).Message);
        var nonLeaf = Tensor.Ones([2], requiresGrad: true) * 2;
        Assert.Equal("RegisterParameter: 'v' must be a leaf tensor; use Detach() first.",
            Assert.Throws<ArgumentException>(() => m.Parameter("v", nonLeaf)).Message);
        Assert.Equal("Registrar has no buffer named 'nope'.",
            Assert.Throws<ArgumentException>(() => m.ReplaceBuffer("nope", Tensor.Ones([1]))).Message);
        m.Parameter("nothing", null); // reserves the name, like bias=None
        Assert.Single(m.NamedParameters());
        Assert.Throws<ArgumentException>(() => m.Parameter("nothing", Tensor.Ones([1])));
    }

    [Fact]
    public void ForwardHooksRunOnCallAndCanBeRemoved()
    {
        var linear = new Linear(3, 2);
        var seen = new List<int[]>();
        var handle = linear.RegisterForwardHook((module, input, output) => seen.Add(output.Shape));
        linear.Call(Tensor.Ones([4, 3]));
        linear.Forward(Tensor.Ones([5, 3])); // Forward alone skips hooks
        handle.Dispose();
        linear.Call(Tensor.Ones([6, 3]));
        Assert.Equal([[4, 2]], seen);
    }

    [Fact]
    public void ToStringNestsChildrenLikePyTorch()
    {
        var net = new Net();
        Assert.Equal("Net(\n  (fc1): Linear(in_features=4, out_features=3, bias=True)\n" +
                     "  (bn): BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n" +
                     "  (fc2): Linear(in_features=3, out_features=2, bias=True)\n)", net.ToString());
    }
}
