namespace Nabla.Tests.Autograd;

/// <summary>User-defined autograd functions (torch.autograd.Function).</summary>
public class FunctionTests
{
    /// <summary>y = x³ with a hand-written backward 3x²·g; records whether its backward was recorded.</summary>
    private sealed class Cube : Function
    {
        public List<bool> CreateGraphSeen { get; } = [];

        protected override Tensor Forward(FunctionContext ctx, Tensor[] inputs)
        {
            Assert.False(GradMode.IsEnabled); // forward runs without recording
            ctx.SaveForBackward(inputs[0]);
            return inputs[0].Pow(3);
        }

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput)
        {
            CreateGraphSeen.Add(ctx.CreateGraph);
            return [gradOutput * 3.0 * ctx.SavedTensors[0].Pow(2)];
        }
    }

    /// <summary>x·w with an option to return a bad backward.</summary>
    private sealed class Scale(Func<FunctionContext, Tensor, Tensor?[]> backward) : Function
    {
        public override string Name => "Scale";

        protected override Tensor Forward(FunctionContext ctx, Tensor[] inputs)
        {
            ctx.SaveForBackward(inputs);
            ctx.State = 2.0;
            return inputs[0] * inputs[1];
        }

        protected override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => backward(ctx, gradOutput);
    }

    private sealed class Passthrough : Function
    {
        protected override Tensor Forward(FunctionContext ctx, Tensor[] inputs) => inputs[0];
        protected override Tensor?[] Backward(FunctionContext ctx, Tensor gradOutput) => [gradOutput * 2.0];
    }

    private static Tensor Leaf(int seed, params int[] shape) => Tensor.Randn(shape, seed, DType.Float64, requiresGrad: true);

    [Fact]
    public void RecordsLikeABuiltInOpAndPassesGradChecks()
    {
        var cube = new Cube();
        var x = Leaf(1, 3, 2);
        var y = cube.Apply(x);
        Assert.Equal("CubeBackward", y.GradFn!.Name);
        Assert.Contains("grad_fn=<CubeBackward>", y.ToString());
        y.Sum().Backward();
        Assert.Equal((x.Detach().Pow(2) * 3.0).ToDoubleArray(), x.Grad!.ToDoubleArray());
        Assert.Equal([false], cube.CreateGraphSeen);
        Assert.True(Nabla.Autograd.GradCheck(t => cube.Apply(t), [Leaf(2, 4)]));
        Assert.True(Nabla.Autograd.GradGradCheck(t => cube.Apply(t), [Leaf(3, 4)]));
        Assert.Contains(true, cube.CreateGraphSeen);
    }

    [Fact]
    public void SecondDerivativeFlowsThroughTheHandWrittenBackward()
    {
        var x = Tensor.FromArray(new[] { 2.0 }).RequiresGrad_();
        var dy = Nabla.Autograd.Grad(new Cube().Apply(x).Sum(), x, createGraph: true);
        Assert.Equal(12.0, dy.Item());                             // 3x²
        Assert.Equal(12.0, Nabla.Autograd.Grad(dy.Sum(), x).Item()); // 6x
    }

    [Fact]
    public void NothingIsRecordedWithoutGradOrUnderNoGrad()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 });
        Assert.Null(new Cube().Apply(x).GradFn);
        using (Tensor.NoGrad()) Assert.Null(new Cube().Apply(Leaf(1, 2)).GradFn);
    }

    [Fact]
    public void NeedsInputGradAndStateReachBackward()
    {
        bool[]? needs = null;
        object? state = null;
        var scale = new Scale((ctx, g) =>
        {
            needs = [ctx.NeedsInputGrad(0), ctx.NeedsInputGrad(1)];
            state = ctx.State;
            return [g * ctx.SavedTensors[1], g * ctx.SavedTensors[0]]; // the second is dropped: w needs no grad
        });
        var x = Leaf(1, 3);
        var w = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 });
        scale.Apply(x, w).Sum().Backward();
        Assert.Equal([true, false], needs!);
        Assert.Equal(2.0, state);
        Assert.Equal([1.0, 2.0, 3.0], x.Grad!.ToDoubleArray());
        Assert.Null(w.Grad);
    }

    [Fact]
    public void BroadcastGradientsAreSummedToTheInputShape()
    {
        var scale = new Scale((ctx, g) => [g * ctx.SavedTensors[1], g * ctx.SavedTensors[0]]);
        var x = Leaf(1, 4, 3);
        var w = Leaf(2, 3);
        scale.Apply(x, w).Sum().Backward();
        Assert.Equal([3], w.Grad!.Shape);
        var expected = x.Detach().Sum(0).ToDoubleArray();
        var actual = w.Grad.ToDoubleArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void BadBackwardsAreNamed()
    {
        var tooFew = new Scale((_, g) => [g]);
        Assert.Equal("Scale.Backward returned 1 gradients for 2 inputs; return one (or null) per input.",
            Assert.Throws<InvalidOperationException>(() => tooFew.Apply(Leaf(1, 3), Leaf(2, 3)).Sum().Backward()).Message);
        var badShape = new Scale((_, _) => [Tensor.Ones([2], DType.Float64), null]);
        Assert.Equal("Scale.Backward returned a gradient of shape [2] for input 0 of shape [3].",
            Assert.Throws<InvalidOperationException>(() => badShape.Apply(Leaf(1, 3), Leaf(2, 3)).Sum().Backward()).Message);
        Assert.Equal("Scale.Apply: input 1 is null. (Parameter 'inputs')",
            Assert.Throws<ArgumentNullException>(() => tooFew.Apply(Leaf(1, 3), null!)).Message);
    }

    [Fact]
    public void SavedTensorsAreFreedWithTheGraph()
    {
        FunctionContext? seen = null;
        var scale = new Scale((ctx, g) => { seen = ctx; return [g, g]; });
        var y = scale.Apply(Leaf(1, 3), Leaf(2, 3)).Sum();
        y.Backward();
        Assert.StartsWith("Scale: the saved tensors were freed after the first Backward()",
            Assert.Throws<InvalidOperationException>(() => seen!.SavedTensors).Message);
        Assert.Null(seen!.State);
    }

    [Fact]
    public void AnInputReturnedAsOutputIsANewGraphNode()
    {
        var x = Leaf(1, 3);
        var y = new Passthrough().Apply(x);
        Assert.NotSame(x, y);
        Assert.Equal("PassthroughBackward", y.GradFn!.Name);
        y.Sum().Backward();
        Assert.Equal([2.0, 2.0, 2.0], x.Grad!.ToDoubleArray());
    }
}
