namespace Nabla.NN.Models;

/// <summary>
/// torchvision's BasicBlock: y = ReLU(bn2(conv2(ReLU(bn1(conv1(x))))) + shortcut(x)), 3×3 convolutions; the shortcut is
/// the identity when shape is kept, else "downsample" = Conv2d(1×1, stride) → BatchNorm2d (names as torchvision's).
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    public Conv2d Conv1 { get; }
    public BatchNorm2d Bn1 { get; }
    public Conv2d Conv2 { get; }
    public BatchNorm2d Bn2 { get; }

    /// <summary>Null for the identity shortcut.</summary>
    public Sequential? Downsample { get; }

    public BasicBlock(int inChannels, int outChannels, int stride = 1, Generator? generator = null)
    {
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false, generator: generator));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(outChannels));
        Conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, padding: 1, bias: false, generator: generator));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels));
        if (stride != 1 || inChannels != outChannels)
            Downsample = RegisterModule("downsample", new Sequential(
                new Conv2d(inChannels, outChannels, 1, stride: stride, bias: false, generator: generator), new BatchNorm2d(outChannels)));
    }

    public override Tensor Forward(Tensor x)
    {
        var main = Bn2.Call(Conv2.Call(Functional.Relu(Bn1.Call(Conv1.Call(x)))));
        return Functional.Relu(main + (Downsample is null ? x : Downsample.Call(x)));
    }
}

/// <summary>
/// A ResNet for small images such as 28×28: a 3×3 stem (16 channels) → BatchNorm → ReLU, then three stages of one
/// <see cref="BasicBlock"/> each — 16 channels (identity shortcut), 32 and 64 channels with stride 2 (1×1 shortcuts) —
/// then global average pooling and Linear(64, classes). Names follow torchvision: conv1, bn1, layer1.0.conv1, …, fc.
/// </summary>
public sealed class ResNetMini : Module<Tensor, Tensor>
{
    private readonly ImageInput input;

    public Conv2d Conv1 { get; }
    public BatchNorm2d Bn1 { get; }
    public Sequential Layer1 { get; }
    public Sequential Layer2 { get; }
    public Sequential Layer3 { get; }
    public Linear Fc { get; }

    public ResNetMini(int[] inputShape, int classes = 10, Generator? generator = null)
    {
        input = new ImageInput(inputShape, nameof(ResNetMini));
        ZooChecks.Classes(classes, nameof(ResNetMini));
        Conv1 = RegisterModule("conv1", new Conv2d(input.Channels, 16, 3, padding: 1, bias: false, generator: generator));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(16));
        Layer1 = RegisterModule("layer1", new Sequential(new BasicBlock(16, 16, generator: generator)));
        Layer2 = RegisterModule("layer2", new Sequential(new BasicBlock(16, 32, stride: 2, generator: generator)));
        Layer3 = RegisterModule("layer3", new Sequential(new BasicBlock(32, 64, stride: 2, generator: generator)));
        Fc = RegisterModule("fc", new Linear(64, classes, generator: generator));
    }

    public override Tensor Forward(Tensor x)
    {
        var h = Functional.Relu(Bn1.Call(Conv1.Call(input.ToImages(x, nameof(ResNetMini)))));
        h = Layer3.Call(Layer2.Call(Layer1.Call(h)));
        return Fc.Call(Functional.AdaptiveAvgPool2d(h, 1).Flatten(1));
    }
}
