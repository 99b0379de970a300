using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>The typed module contract: one-input layers, losses, pair losses and multi-input models all run hooks
/// through Call, and Summary works for each.</summary>
public class ModuleContractTests
{
    /// <summary>The course's Siamese network: one encoder shared by both inputs, cosine similarity of the codes.</summary>
    private sealed class Siamese : Module<Tensor, Tensor, Tensor>
    {
        public Sequential Encoder { get; }
        public CosineSimilarity Similarity { get; }

        public Siamese()
        {
            var g = new Generator(3);
            Encoder = RegisterModule("encoder", new Sequential(new Linear(6, 4, generator: g), new Tanh(), new Linear(4, 3, generator: g)));
            Similarity = RegisterModule("similarity", new CosineSimilarity());
        }

        public override Tensor Forward(Tensor left, Tensor right) => Similarity.Call(Encoder.Call(left), Encoder.Call(right));
    }

    /// <summary>A model with features and a mask: masked mean of a linear map.</summary>
    private sealed class MaskedMean : Module<Tensor, Tensor, Tensor>
    {
        private readonly Linear linear;

        public MaskedMean() => linear = RegisterModule("linear", new Linear(3, 2, generator: new Generator(1)));

        public override Tensor Forward(Tensor features, Tensor mask) =>
            (linear.Call(features) * mask.Unsqueeze(-1)).Sum(1) / mask.Sum(1, keepDim: true);
    }

    [Fact]
    public void LossHooksSeeInputTargetAndOutput()
    {
        var loss = new CrossEntropyLoss();
        var logits = Tensor.FromArray(new[] { 2.0, 0.5, -1.0, 0.1, 0.2, 0.3 }).Reshape(2, 3);
        var labels = Tensor.FromArray(new long[] { 0, 2 });
        var seen = new List<string>();
        using (loss.RegisterForwardHook((m, input, target, output) => seen.Add($"{m.GetType().Name} {input.Shape[1]} {target.DType} {output.Rank}")))
        using (loss.RegisterForwardPreHook((m, inputs) => seen.Add($"pre {inputs.Count}")))
        {
            var value = loss.Call(logits, labels);
            Assert.Equal(Functional.CrossEntropy(logits, labels).Item(), value.Item());
        }
        Assert.Equal(["pre 2", "CrossEntropyLoss 3 Int64 0"], seen);
        loss.Call(logits, labels);
        Assert.Equal(2, seen.Count); // removed with the scope
    }

    [Fact]
    public void PairLossHooksFire()
    {
        var loss = new CosineEmbeddingLoss(margin: 0.2);
        var a = Tensor.FromArray(new[] { 1.0, 0.0, 0.5, 0.5 }).Reshape(2, 2);
        var b = Tensor.FromArray(new[] { 0.0, 1.0, 0.5, 0.4 }).Reshape(2, 2);
        var y = Tensor.FromArray(new[] { -1.0, 1.0 });
        object? output = null;
        IReadOnlyList<object?>? inputs = null;
        using var hook = loss.RegisterForwardHook((ForwardHook)((_, i, o) => (inputs, output) = (i, o)));
        var value = loss.Call(a, b, y);
        Assert.Same(value, output);
        Assert.Equal(3, inputs!.Count);
        Assert.Same(y, inputs[2]);
        Assert.Equal(3, loss.InputCount);
    }

    [Fact]
    public void TwoInputModelHooksFireForEverySubmodule()
    {
        var model = new MaskedMean();
        var names = new List<string>();
        var hooks = model.NamedModules().Select(m => m.Module.RegisterForwardHook((mod, ins, _) => names.Add($"{m.Name}:{ins.Count}"))).ToList();
        var features = Tensor.Ones([2, 4, 3], DType.Float32);
        var mask = Tensor.FromArray(new float[] { 1, 1, 0, 0, 1, 1, 1, 1 }).Reshape(2, 4);
        var output = model.Call(features, mask);
        Assert.Equal([2, 2], output.Shape);
        Assert.Equal(["linear:1", ":2"], names); // the inner module finishes first
        foreach (var h in hooks) h.Dispose();
    }

    [Fact]
    public void SummaryOfASiamesePairModel()
    {
        var model = new Siamese();
        var summary = model.Summary([[5, 6], [5, 6]]);
        Assert.Equal(2, summary.InputShapes.Count);
        Assert.Equal(6 * 4 + 4 + 4 * 3 + 3, summary.TotalParameters);
        var rows = summary.Rows.ToDictionary(r => r.Name);
        Assert.Equal([5], rows[""].OutputShape!);             // one similarity per pair
        Assert.Equal([5, 3], rows["encoder"].OutputShape!);   // the first call's output
        Assert.Equal([5, 4], rows["encoder.0"].OutputShape!);
        Assert.Equal([5], rows["similarity"].OutputShape!);
        var text = summary.ToString();
        Assert.StartsWith("Input shapes: [5, 6], [5, 6]\n", text);
        Assert.Contains("similarity (CosineSimilarity)", text);
    }

    [Fact]
    public void SummaryOfALossWithIntegerTargets()
    {
        var summary = new CrossEntropyLoss().Summary(Tensor.Zeros([4, 10]), Tensor.Zeros([4], DType.Int64));
        Assert.Equal([4, 10], summary.InputShape);
        Assert.Equal([], summary.Rows[0].OutputShape!);
        Assert.Equal(0, summary.TotalParameters);
    }

    [Fact]
    public void SummaryChecksTheNumberOfInputs()
    {
        Assert.Equal("Summary: Siamese.Forward takes 2 input(s), but 1 example(s) were given.",
            Assert.Throws<ArgumentException>(() => new Siamese().Summary([3, 6])).Message);
        Assert.Equal("Summary: ModuleList has no Forward (it only holds modules); summarise the module that uses it.",
            Assert.Throws<InvalidOperationException>(() => new ModuleList(new Linear(2, 2)).Summary([1, 2])).Message);
    }

    [Fact]
    public void TypedHookOnALayer()
    {
        var layer = new Linear(3, 2, generator: new Generator(0));
        int[]? shape = null;
        using (layer.RegisterForwardHook((m, x, y) => shape = y.Shape)) layer.Call(Tensor.Ones([7, 3]));
        Assert.Equal([7, 2], shape!);
    }

    [Fact]
    public void GenericModuleListCallsItsItemsWithoutCasts()
    {
        var layers = new ModuleList<Linear>(new Linear(2, 3), new Linear(3, 1));
        var x = Tensor.Ones([4, 2]);
        foreach (var layer in layers) x = layer.Call(x);
        Assert.Equal([4, 1], x.Shape);
        Assert.Equal("ModuleList(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): Linear(in_features=3, out_features=1, bias=True)\n)",
            layers.ToString());
    }
}
