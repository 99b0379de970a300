using Nabla;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace FashionMnistSample;

/// <summary>Settings of the Fashion-MNIST MLP run; the defaults are the reference run (10 epochs over all 60,000 images).</summary>
public sealed record MlpOptions
{
    public string? Folder { get; init; }
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    public double Lr { get; init; } = 0.02;
    public double Momentum { get; init; } = 0.9;
    public long Seed { get; init; } = 1;
    /// <summary>Use only the first n training images (null: all 60,000) — for quick checks.</summary>
    public int? TrainSubset { get; init; }
    public ProgressMode Progress { get; init; } = ProgressMode.Auto;
}

/// <summary>The result: the history and the test set's accuracy and confusion matrix.</summary>
public sealed record MlpResult(History History, double TestAccuracy, ConfusionMatrix Confusion);

/// <summary>
/// The classic first model for Fashion-MNIST: 784 → 256 ReLU → 10, cross-entropy, SGD with momentum 0.9, batch 64, lr 0.02
/// with cosine annealing,
/// on standardised pixels, trained with <see cref="Trainer"/> and evaluated on the 10,000 test images after every epoch.
/// </summary>
public static class FashionMnistMlp
{
    public static Sequential CreateModel(Generator generator) =>
        new(new Linear(784, 256, generator: generator), new ReLU(), new Linear(256, 10, generator: generator));

    /// <summary>Mean and standard deviation of the training pixels (in [0, 1]), the usual normalisation constants.</summary>
    public const double PixelMean = 0.2860, PixelStd = 0.3530;

    /// <summary>(x − mean) / std once for the whole set, so batches need no transform.</summary>
    public static TensorDataset Standardize(TensorDataset data)
    {
        using var noGrad = Tensor.NoGrad();
        return new TensorDataset((data.Features - PixelMean) * (1 / PixelStd), data.Targets);
    }

    public static MlpResult Train(MlpOptions options)
    {
        var train = Standardize(FashionMnist.Load(options.Folder, train: true, flatten: true));
        var test = Standardize(FashionMnist.Load(options.Folder, train: false, flatten: true));
        IDataset trainSet = options.TrainSubset is { } n ? new Subset(train, Enumerable.Range(0, n).ToArray()) : train;

        var model = CreateModel(new Generator(options.Seed));
        var optimizer = new SGD(model.Parameters(), lr: options.Lr, momentum: options.Momentum);
        var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer)
        {
            Metrics = { new Accuracy() },
            Progress = options.Progress,
            // cosine decay of the lr to 0 over the run: the last epochs settle instead of bouncing around
            Scheduler = new CosineAnnealingLR(optimizer, tMax: options.Epochs),
        };
        var trainLoader = new DataLoader(trainSet, options.BatchSize, shuffle: true, generator: new Generator(options.Seed + 1));
        var testLoader = new DataLoader(test, batchSize: 1000);
        var history = trainer.Fit(trainLoader, options.Epochs, testLoader);

        var confusion = new ConfusionMatrix(10);
        using (Tensor.NoGrad())
        {
            model.Eval();
            foreach (var (x, y) in testLoader) confusion.Update(model.Call(x), y);
        }
        return new MlpResult(history, confusion.Accuracy, confusion);
    }
}
