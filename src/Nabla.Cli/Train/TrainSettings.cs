namespace Nabla.Cli.Train;

/// <summary>Which data to train on and how to split it.</summary>
/// <param name="Name">circles, moons, spirals, xor, blobs, csv, mnist or fashion-mnist.</param>
/// <param name="Path">the CSV file or the MNIST folder (null: Fashion-MNIST's Debian folder).</param>
/// <param name="Label">the CSV column holding the class.</param>
/// <param name="Samples">points of a synthetic set.</param>
/// <param name="Noise">Gaussian noise of a synthetic set.</param>
/// <param name="ValidationFraction">held out of training for validation curves and early stopping.</param>
/// <param name="TestFraction">held out for the final test (sets without their own test set).</param>
internal sealed record DataSettings(string Name, string? Path, string? Label, int Samples, double Noise, double ValidationFraction, double TestFraction);

/// <summary>The optimizer, its settings and the learning-rate schedule.</summary>
internal sealed record OptimizerSettings(string Name, double Lr, double Momentum, double WeightDecay, string Schedule, double Gamma);

/// <summary>Regularization: penalties added to the loss (Nabla.Optim.Penalties), dropout, class weights, label smoothing.</summary>
internal sealed record RegularizationSettings(double L1, double L2, double LInf, double Dropout, bool BalancedClassWeights, double LabelSmoothing);

/// <summary>Everything a <c>nabla train</c> run does; every field has a default from the command's options.</summary>
internal sealed record TrainSettings
{
    public required DataSettings Data { get; init; }

    /// <summary>mlp or a zoo model (lenet, cnn-bn, resnet-mini).</summary>
    public string Model { get; init; } = "mlp";

    /// <summary>none, flip (random horizontal flip) or crop-flip (random crop with padding 2, then flip) of training images.</summary>
    public string Augment { get; init; } = "none";

    public required int[] Hidden { get; init; }

    public required string Activation { get; init; }

    public required string Init { get; init; }

    /// <summary>none, batch or layer normalisation after each hidden linear layer.</summary>
    public required string Norm { get; init; }

    public required OptimizerSettings Optimizer { get; init; }

    public required RegularizationSettings Regularization { get; init; }

    public required int Epochs { get; init; }

    /// <summary>Samples per batch; null for full-batch gradient descent.</summary>
    public required int? BatchSize { get; init; }

    /// <summary>Epochs without a better validation loss before training stops (0: never).</summary>
    public required int Patience { get; init; }

    /// <summary>Members of a deep ensemble (1: a single model).</summary>
    public required int Ensemble { get; init; }

    public required long Seed { get; init; }
}
