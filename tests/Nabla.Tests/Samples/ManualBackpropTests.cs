using ManualBackprop;

namespace Nabla.Tests.Samples;

public class ManualBackpropTests
{
    [Theory]
    [InlineData(1, 4, 5, 3, 6)]
    [InlineData(2, 7, 3, 4, 1)]
    [InlineData(3, 2, 10, 2, 32)]
    public void HandDerivedGradientsEqualAutograd(int seed, int inputs, int hidden, int classes, int batch)
    {
        var g = new Generator(seed);
        var net = TwoLayerNetwork.Random(inputs, hidden, classes, g);
        var x = Tensor.Randn([batch, inputs], g, DType.Float64);
        var y = Tensor.OneHot(Tensor.RandInt(0, classes, [batch], g), classes).Double();
        var manual = net.ManualGradients(x, y);
        var auto = net.AutogradGradients(x, y);
        foreach (var ((name, mine), (_, theirs)) in manual.Named().Zip(auto.Named()))
        {
            Assert.Equal(theirs.Shape, mine.Shape);
            var a = mine.ToDoubleArray();
            var b = theirs.ToDoubleArray();
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-12 * Math.Max(1, Math.Abs(b[i])), $"{name}[{i}]: manual {a[i]:R} vs autograd {b[i]:R}");
        }
        Assert.True(manual.Wy.Abs().Sum().Item() > 0, "gradients must not be trivially zero");
    }
}

public class CustomFunctionSampleTests
{
    [Theory]
    [InlineData(1, 5, 3, 4)]
    [InlineData(2, 1, 2, 7)]
    public void HandWrittenBackwardPassesGradCheckAndGradGradCheck(int seed, int batch, int inputs, int outputs)
    {
        var g = new Generator(seed);
        Tensor[] args =
        [
            Tensor.Randn([batch, inputs], g, DType.Float64, requiresGrad: true),
            Tensor.Randn([outputs, inputs], g, DType.Float64, requiresGrad: true),
            Tensor.Randn([outputs], g, DType.Float64, requiresGrad: true),
        ];
        var function = new LinearTanhFunction();
        Assert.True(Nabla.Autograd.GradCheck(t => function.Apply(t), args));
        Assert.True(Nabla.Autograd.GradGradCheck(t => function.Apply(t), args));
        var reference = (args[0].MatMul(args[1].T) + args[2]).Tanh();
        Assert.Equal(reference.ToDoubleArray(), function.Apply(args).ToDoubleArray());
    }

    [Fact]
    public void TheHandDerivedLayerTrains()
    {
        var (accuracy, losses) = CustomLayerTraining.Run(seed: 3);
        Assert.True(accuracy >= 0.97, $"test accuracy {accuracy}");
        Assert.True(losses[^1] < 0.1 * losses[0], $"loss {losses[0]} → {losses[^1]}");
    }
}
