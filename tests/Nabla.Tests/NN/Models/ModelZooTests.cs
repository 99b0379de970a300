using Nabla.NN;
using Nabla.NN.Models;

namespace Nabla.Tests.NN.Models;

public class ModelZooTests
{
    public static TheoryData<string, long> Models => new()
    {
        { "mlp", 784 * 128 + 128 + 128 * 10 + 10 },
        { "lenet", 61_706 },                        // PyTorch's count for the same LeNet
        { "cnn-bn", 32 * 9 + 64 + 64 * 32 * 9 + 128 + 3136 * 128 + 256 + 128 * 10 + 10 },
        { "resnet-mini", ResNetMiniParameters },
    };

    // stem 16·9 + bn; block 16→16: 2·(16·16·9) + 2 bn; 16→32: 16·32·9 + 32·32·9 + 1×1 16·32 + 3 bn; 32→64 likewise; fc 64·10 + 10
    private const long ResNetMiniParameters = 16 * 9 + 32 + (2 * 16 * 16 * 9 + 64) + (16 * 32 * 9 + 32 * 32 * 9 + 16 * 32 + 3 * 64)
        + (32 * 64 * 9 + 64 * 64 * 9 + 32 * 64 + 3 * 128) + 64 * 10 + 10;

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryModelMapsImagesToLogitsAndAcceptsFlatRows(string name, long parameters)
    {
        var model = ModelZoo.Create(name, [1, 28, 28], 10, new Generator(5));
        Assert.Equal(parameters, model.ParameterCount());
        model.Eval();
        var x = Tensor.Rand([3, 1, 28, 28], generator: new Generator(6));
        using var noGrad = Tensor.NoGrad();
        var images = model.Call(x);
        Assert.Equal([3, 10], images.Shape);
        Assert.Equal(images.ToArray<float>(), model.Call(x.Reshape(3, 784)).ToArray<float>());
        Assert.Equal(images.ToArray<float>(), model.Call(x.Reshape(3, 28, 28)).ToArray<float>());
    }

    [Fact]
    public void ModelsTakeOtherShapesAndClassCounts()
    {
        var x = Tensor.Rand([2, 3, 32, 32], generator: new Generator(1));
        foreach (string name in ModelZoo.Names)
            Assert.Equal([2, 7], ModelZoo.Create(name, [3, 32, 32], 7, new Generator(2)).Call(x).Shape);
        Assert.Equal([120, 16 * 6 * 6], new LeNet([3, 32, 32], 7).Classifier[0].StateDict()["weight"].Shape);
    }

    [Fact]
    public void SeededModelsAreReproducible()
    {
        foreach (string name in ModelZoo.Names)
        {
            var a = ModelZoo.Create(name, [1, 28, 28], 10, new Generator(9)).StateDict();
            var b = ModelZoo.Create(name, [1, 28, 28], 10, new Generator(9)).StateDict();
            foreach (var (key, t) in a) Assert.Equal(t.ToDoubleArray(), b[key].ToDoubleArray());
        }
    }

    [Fact]
    public void ResNetMiniUsesTorchvisionNamesAndShortcuts()
    {
        var names = new ResNetMini([1, 28, 28]).StateDict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("bn1.running_mean", names);
        Assert.Contains("layer1.0.conv2.weight", names);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", names); // identity shortcut
        Assert.Contains("layer2.0.downsample.0.weight", names);        // 1×1 conv shortcut
        Assert.Contains("layer3.0.downsample.1.running_var", names);
        Assert.Contains("fc.weight", names);
        Assert.Equal([32, 16, 1, 1], new ResNetMini([1, 28, 28]).Layer2[0].StateDict()["downsample.0.weight"].Shape);
    }

    [Fact]
    public void CnnBnNamesFollowSequentialNumbering()
    {
        var names = new CnnBn([1, 28, 28]).StateDict().Keys.ToHashSet();
        Assert.Contains("features.0.weight", names);
        Assert.Contains("features.1.running_mean", names);
        Assert.Contains("features.5.weight", names);
        Assert.Contains("classifier.1.weight", names);
        Assert.Contains("classifier.4.bias", names);
    }

    /// <summary>The residual block's gradients in float64 agree with finite differences.</summary>
    [Fact]
    public void BasicBlockWithDownsamplePassesGradCheck()
    {
        var block = new BasicBlock(2, 3, stride: 2, generator: new Generator(4));
        block.To(DType.Float64);
        var x = Tensor.Randn([2, 2, 5, 5], generator: new Generator(8), dtype: DType.Float64, requiresGrad: true);
        Assert.True(Nabla.Autograd.GradCheck(t => block.Call(t[0]), [x], name: "BasicBlock"));
    }

    [Fact]
    public void BadArgumentsGiveClearMessages()
    {
        Assert.Equal("ModelZoo: unknown model 'vgg'; choose one of mlp, lenet, cnn-bn, resnet-mini. (Parameter 'name')",
            Assert.Throws<ArgumentException>(() => ModelZoo.Create("vgg", [1, 28, 28], 10)).Message);
        Assert.Equal("LeNet: the input shape must be [C, H, W] with positive sizes, got [28, 28]. (Parameter 'inputShape')",
            Assert.Throws<ArgumentException>(() => ModelZoo.Create("lenet", [28, 28], 10)).Message);
        Assert.Equal("LeNet: the input [1, 8, 8] is too small; height and width must be at least 10. (Parameter 'inputShape')",
            Assert.Throws<ArgumentException>(() => new LeNet([1, 8, 8])).Message);
        Assert.Equal("ResNetMini: the number of classes must be positive, got 0. (Parameter 'classes')",
            Assert.Throws<ArgumentException>(() => new ResNetMini([1, 28, 28], 0)).Message);
        Assert.Equal("CnnBn: dropout must be in [0, 1), got 1. (Parameter 'p')",
            Assert.Throws<ArgumentException>(() => new CnnBn([1, 28, 28], dropout: 1)).Message);
        Assert.Equal("LeNet: expected images [N, 1, 28, 28] (or [N, 784]), got [2, 3, 28, 28]. (Parameter 'input')",
            Assert.Throws<ArgumentException>(() => new LeNet([1, 28, 28]).Call(Tensor.Zeros([2, 3, 28, 28]))).Message);
    }
}
