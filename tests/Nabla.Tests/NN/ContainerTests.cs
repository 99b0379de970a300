using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Sequential, ModuleList, ModuleDict and the residual (shortcut) block.</summary>
public class ContainerTests
{
    private sealed class TanhModule : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input.Tanh();
    }

    private sealed class ReluModule : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input.Relu();
    }

    private static Linear Lin(int i, int o, bool bias = true, int seed = 1) =>
        new(i, o, bias, DType.Float64, new Generator(seed));

    // ---------------------------------------------------------------- Sequential

    [Fact]
    public void SequentialNamesChildrenByPositionLikePyTorch()
    {
        var model = new Sequential(Lin(3, 4), new TanhModule(), Lin(4, 2, seed: 2));
        Assert.Equal(["0", "1", "2"], model.NamedChildren().Select(c => c.Name));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.StateDict().Keys);
        Assert.Equal(3, model.Count);
        Assert.IsType<TanhModule>(model[1]);
        Assert.Same(model[2], model[-1]);
        Assert.Equal(16 + 10, model.ParameterCount());
        Assert.StartsWith("Sequential: index 3 is out of range for 3 modules.",
            Assert.Throws<ArgumentOutOfRangeException>(() => model[3]).Message);
    }

    [Fact]
    public void SequentialForwardChainsItsModules()
    {
        var l1 = Lin(3, 4);
        var l2 = Lin(4, 2, seed: 2);
        var model = new Sequential(l1, new TanhModule(), l2);
        var x = Tensor.Randn([5, 3], 3, DType.Float64);
        var expected = (x.MatMul(l1.Weight.T) + l1.Bias!).Tanh().MatMul(l2.Weight.T) + l2.Bias!;
        Assert.Equal(expected.ToDoubleArray(), model.Call(x).ToDoubleArray());
        Assert.Same(x, new Sequential().Call(x)); // empty: the identity
    }

    [Fact]
    public void SequentialFromNamedPairsAndAppend()
    {
        var model = new Sequential(("fc1", Lin(3, 4)), ("act", new ReluModule()), ("fc2", Lin(4, 1)));
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], model.StateDict().Keys);
        var grown = new Sequential(Lin(2, 2)).Append(new ReluModule()).Append(Lin(2, 1));
        Assert.Equal(["0", "1", "2"], grown.NamedChildren().Select(c => c.Name));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], grown.StateDict().Keys);
        Assert.Equal(3, grown.Count());
        Assert.Equal("Sequential(\n  (fc1): Linear(in_features=3, out_features=4, bias=True)\n  (act): ReluModule()\n" +
                     "  (fc2): Linear(in_features=4, out_features=1, bias=True)\n)", model.ToString());
        Assert.Equal("Sequential already has a member named 'fc1'.",
            Assert.Throws<ArgumentException>(() => new Sequential(("fc1", Lin(1, 1)), ("fc1", Lin(1, 1)))).Message);
    }

    [Fact]
    public void NestedContainersGiveDottedNames()
    {
        var model = new Sequential(new Sequential(Lin(2, 3), new BatchNorm1d(3, dtype: DType.Float64)), Lin(3, 1));
        Assert.Equal(["0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "1.weight", "1.bias"],
            model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["0.1.running_mean", "0.1.running_var", "0.1.num_batches_tracked"], model.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["", "0", "0.0", "0.1", "1"], model.NamedModules().Select(m => m.Name));
    }

    // ---------------------------------------------------------------- ModuleList, ModuleDict

    private sealed class Tower : Module<Tensor, Tensor>
    {
        public ModuleList<Module<Tensor, Tensor>> Layers { get; }

        public Tower(int depth)
        {
            Layers = RegisterModule("layers", new ModuleList<Module<Tensor, Tensor>>(Enumerable.Range(0, depth).Select(i => (Module<Tensor, Tensor>)Lin(2, 2, seed: i))));
        }

        public override Tensor Forward(Tensor input)
        {
            var x = input;
            foreach (var layer in Layers) x = layer.Call(x).Tanh();
            return x;
        }
    }

    [Fact]
    public void ModuleListRegistersItsModules()
    {
        var tower = new Tower(3);
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias"],
            tower.StateDict().Keys);
        Assert.Equal(18, tower.ParameterCount());
        Assert.Equal([4, 2], tower.Call(Tensor.Ones([4, 2], DType.Float64)).Shape);
        tower.Layers.Append(Lin(2, 2));
        Assert.Equal(4, tower.Layers.Count);
        Assert.Equal("layers.3.bias", tower.NamedParameters().Last().Name);
        Assert.Same(tower.Layers[3], tower.Layers[-1]);
        Assert.StartsWith("ModuleList: index 9 is out of range for 4 modules.",
            Assert.Throws<ArgumentOutOfRangeException>(() => tower.Layers[9]).Message);
    }

    [Fact]
    public void ModuleDictKeepsInsertionOrder()
    {
        var heads = new ModuleDict(("classifier", Lin(4, 3)), ("regressor", Lin(4, 1)));
        heads.Add("embedding", new Embedding(5, 4));
        Assert.Equal(["classifier", "regressor", "embedding"], heads.Keys);
        Assert.Equal(["classifier.weight", "classifier.bias", "regressor.weight", "regressor.bias", "embedding.weight"],
            heads.StateDict().Keys);
        Assert.IsType<Embedding>(heads["embedding"]);
        Assert.True(heads.ContainsKey("regressor"));
        Assert.Equal(["classifier", "regressor", "embedding"], heads.Select(kv => kv.Key));
        Assert.Equal("ModuleDict: no module under key 'decoder' (keys: classifier, regressor, embedding).",
            Assert.Throws<KeyNotFoundException>(() => heads["decoder"]).Message);
        Assert.Equal("ModuleDict already has a member named 'classifier'.",
            Assert.Throws<ArgumentException>(() => heads.Add("classifier", Lin(1, 1))).Message);
        Assert.Equal("Invalid name 'a.b': names must be non-empty and contain no '.'.",
            Assert.Throws<ArgumentException>(() => heads.Add("a.b", Lin(1, 1))).Message);
    }

    // ---------------------------------------------------------------- Residual

    [Fact]
    public void ResidualWithIdentityShortcutAddsTheInput()
    {
        var inner = Lin(3, 3);
        var block = new Residual(inner, activation: new TanhModule());
        var x = Tensor.Randn([4, 3], 2, DType.Float64);
        var expected = (x.MatMul(inner.Weight.T) + inner.Bias!).Tanh() + x;
        Assert.Equal(expected.ToDoubleArray(), block.Call(x).ToDoubleArray());
        Assert.Equal(["inner.weight", "inner.bias"], block.StateDict().Keys);
        Assert.Null(block.Shortcut);
    }

    [Fact]
    public void ResidualWithoutActivation()
    {
        var inner = Lin(2, 2);
        var x = Tensor.Randn([3, 2], 4, DType.Float64);
        Assert.Equal((inner.Call(x) + x).ToDoubleArray(), new Residual(inner).Call(x).ToDoubleArray());
    }

    [Fact]
    public void ShortcutNetworkHasTheCoursesParameterCount()
    {
        // h₁ = f(W₁x + b₁) + Wₛx, z = W₂h₁ + b₂ with x ∈ ℝⁿ, h₁ ∈ ℝᵐ, z ∈ ℝˡ: 2mn + m + lm + l parameters
        const int n = 7, m = 5, l = 3;
        var w1 = Lin(n, m, seed: 1);
        var ws = Lin(n, m, bias: false, seed: 2);
        var w2 = Lin(m, l, seed: 3);
        var model = new Sequential(new Residual(w1, ws, new TanhModule()), w2);
        Assert.Equal(2 * m * n + m + l * m + l, model.ParameterCount());
        Assert.Equal(["0.inner.weight", "0.inner.bias", "0.shortcut.weight", "1.weight", "1.bias"], model.StateDict().Keys);

        var x = Tensor.Randn([2, n], 5, DType.Float64);
        var h1 = (x.MatMul(w1.Weight.T) + w1.Bias!).Tanh() + x.MatMul(ws.Weight.T);
        var z = h1.MatMul(w2.Weight.T) + w2.Bias!;
        Assert.Equal(z.ToDoubleArray(), model.Call(x).ToDoubleArray());
    }

    [Fact]
    public void ResidualNamesTheMismatchedShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Residual(Lin(3, 4)).Call(Tensor.Ones([2, 3], DType.Float64)));
        Assert.Equal("Residual: the inner branch gives shape [2, 4] but the identity branch gives [2, 3] for input [2, 3]; " +
                     "use a shortcut module that maps to the inner output's shape.", ex.Message);
    }
}
