namespace Nabla.NN.Models;

/// <summary>
/// A small CNN with batch normalisation and dropout (the course's "modern" CNN): two blocks
/// Conv2d(3×3, padding 1, no bias) → BatchNorm2d → ReLU → MaxPool2d(2) → Dropout2d, with 32 and 64 channels, then
/// Flatten → Linear(64·H/4·W/4, 128) → BatchNorm1d → ReLU → Dropout → Linear(128, classes).
/// Names as PyTorch numbers nn.Sequential children: features.0 (conv), features.1 (bn), features.5, features.6,
/// classifier.0, classifier.1, classifier.4.
/// </summary>
public sealed class CnnBn : Module<Tensor, Tensor>
{
    private readonly ImageInput input;

    public Sequential Features { get; }

    public Sequential Classifier { get; }

    /// <param name="dropout">the probability of the fully connected dropout; the conv blocks drop channels with half of it.</param>
    public CnnBn(int[] inputShape, int classes = 10, double dropout = 0.3, Generator? generator = null)
    {
        input = new ImageInput(inputShape, nameof(CnnBn));
        ZooChecks.Classes(classes, nameof(CnnBn));
        ZooChecks.Dropout(dropout, nameof(CnnBn));
        int h = input.Height / 4, w = input.Width / 4;
        if (h < 1 || w < 1)
            throw new ArgumentException($"{nameof(CnnBn)}: the input {input} is too small; height and width must be at least 4.", nameof(inputShape));
        // dropout generators derive from the model's, so a seeded model also drops the same units
        Generator Child() => new((long)(generator ?? Generator.Default).NextUInt64());
        Features = RegisterModule("features", new Sequential(
            new Conv2d(input.Channels, 32, 3, padding: 1, bias: false, generator: generator), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Dropout2d(dropout / 2, Child()),
            new Conv2d(32, 64, 3, padding: 1, bias: false, generator: generator), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
            new Dropout2d(dropout / 2, Child())));
        Classifier = RegisterModule("classifier", new Sequential(
            new Linear(64 * h * w, 128, bias: false, generator: generator), new BatchNorm1d(128), new ReLU(), new Dropout(dropout, generator: Child()),
            new Linear(128, classes, generator: generator)));
    }

    public override Tensor Forward(Tensor x) =>
        Classifier.Call(Features.Call(input.ToImages(x, nameof(CnnBn))).Flatten(1));
}
