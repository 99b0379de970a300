namespace Nabla.NN.Models;

/// <summary>
/// The model zoo by name, for code and for the <c>nabla</c> CLI: every model takes the input shape [C, H, W] and the
/// number of classes, accepts batches [N, C, H, W] or flat [N, C·H·W], and returns logits [N, classes].
/// <list type="bullet">
/// <item><c>mlp</c>: Flatten → Linear(C·H·W, 128) → ReLU → Linear(128, classes) (names 1.*, 3.*).</item>
/// <item><c>lenet</c>: <see cref="LeNet"/>.</item>
/// <item><c>cnn-bn</c>: <see cref="CnnBn"/>, conv blocks with batch norm and dropout.</item>
/// <item><c>resnet-mini</c>: <see cref="ResNetMini"/>, residual blocks with identity and 1×1 shortcuts.</item>
/// </list>
/// </summary>
public static class ModelZoo
{
    public static IReadOnlyList<string> Names { get; } = ["mlp", "lenet", "cnn-bn", "resnet-mini"];

    /// <summary>The model called <paramref name="name"/>, initialised from <paramref name="generator"/> (PyTorch's default init).</summary>
    /// <exception cref="ArgumentException">an unknown name, a shape that is not [C, H, W], or fewer than one class.</exception>
    public static Module<Tensor, Tensor> Create(string name, int[] inputShape, int classes, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "mlp" => Mlp(inputShape, classes, generator: generator),
            "lenet" => new LeNet(inputShape, classes, generator),
            "cnn-bn" => new CnnBn(inputShape, classes, generator: generator),
            "resnet-mini" => new ResNetMini(inputShape, classes, generator),
            _ => throw new ArgumentException($"ModelZoo: unknown model '{name}'; choose one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>A one-hidden-layer perceptron on the flattened image.</summary>
    public static Sequential Mlp(int[] inputShape, int classes, int hidden = 128, Generator? generator = null)
    {
        var input = new ImageInput(inputShape, "mlp");
        ZooChecks.Classes(classes, "mlp");
        if (hidden < 1) throw new ArgumentException($"mlp: the hidden width must be positive, got {hidden}.", nameof(hidden));
        return new Sequential(new Flatten(), new Linear(input.Features, hidden, generator: generator), new ReLU(),
            new Linear(hidden, classes, generator: generator));
    }
}
