namespace Nabla.NN.Models;

/// <summary>
/// LeNet-5 as the course (and most PyTorch tutorials) write it: two conv-ReLU-maxpool stages, then three fully
/// connected layers. For [1, 28, 28]: Conv2d(1, 6, 5, padding 2) → ReLU → MaxPool2d(2) → Conv2d(6, 16, 5) → ReLU →
/// MaxPool2d(2) → Flatten → Linear(400, 120) → ReLU → Linear(120, 84) → ReLU → Linear(84, classes).
/// Parameter names match PyTorch's nn.Sequential numbering: features.0/3.{weight,bias}, classifier.0/2/4.{weight,bias}
/// (tests/reference/generate_lenet.py builds the same module in PyTorch).
/// </summary>
public sealed class LeNet : Module<Tensor, Tensor>
{
    private readonly ImageInput input;

    /// <summary>The convolutional part: conv, ReLU, pool, conv, ReLU, pool.</summary>
    public Sequential Features { get; }

    /// <summary>The fully connected part, on the flattened features.</summary>
    public Sequential Classifier { get; }

    public LeNet(int[] inputShape, int classes = 10, Generator? generator = null)
    {
        input = new ImageInput(inputShape, nameof(LeNet));
        ZooChecks.Classes(classes, nameof(LeNet));
        // padding 2 keeps 28×28 through the first 5×5 conv; each pool halves, the second conv takes 4 off
        int h = (input.Height / 2 - 4) / 2, w = (input.Width / 2 - 4) / 2;
        if (h < 1 || w < 1)
            throw new ArgumentException($"{nameof(LeNet)}: the input {input} is too small; height and width must be at least 10.", nameof(inputShape));
        Features = RegisterModule("features", new Sequential(
            new Conv2d(input.Channels, 6, 5, padding: 2, generator: generator), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 16, 5, generator: generator), new ReLU(), new MaxPool2d(2)));
        Classifier = RegisterModule("classifier", new Sequential(
            new Linear(16 * h * w, 120, generator: generator), new ReLU(),
            new Linear(120, 84, generator: generator), new ReLU(),
            new Linear(84, classes, generator: generator)));
    }

    public override Tensor Forward(Tensor x) =>
        Classifier.Call(Features.Call(input.ToImages(x, nameof(LeNet))).Flatten(1));
}
