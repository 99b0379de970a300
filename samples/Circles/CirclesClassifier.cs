using Nabla;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace Circles;

/// <summary>Settings of the concentric-circles experiment; the defaults are the course's.</summary>
public sealed record CirclesOptions
{
    public int Samples { get; init; } = 1000;
    public double Noise { get; init; } = 0.1;
    public double Factor { get; init; } = 0.5;
    public double TestFraction { get; init; } = 0.2;
    public int Hidden { get; init; } = 10;
    public int Epochs { get; init; } = 300;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 0.3;
    public long Seed { get; init; } = 1;
}

public sealed record CirclesResult(double TrainAccuracy, double TestAccuracy, double FinalLoss, IReadOnlyList<double> EpochLosses);

/// <summary>The course's first network: 2 → hidden (tanh) → 2, softmax cross-entropy, plain mini-batch SGD.</summary>
public static class CirclesClassifier
{
    public static Sequential BuildModel(int hidden, Generator g) =>
        new(new Linear(2, hidden, generator: g), new Tanh(), new Linear(hidden, 2, generator: g));

    public static CirclesResult Train(CirclesOptions options, Action<int, double>? onEpoch = null)
    {
        var g = new Generator(options.Seed);
        var (x, y) = Datasets.MakeCircles(options.Samples, noise: options.Noise, factor: options.Factor, generator: g);
        int testCount = (int)Math.Round(options.Samples * options.TestFraction);
        int trainCount = options.Samples - testCount;
        // MakeCircles() shuffles, so the first rows are a random training set and the rest a random test set.
        var (trainX, trainY) = (x.Narrow(0, 0, trainCount), y.Narrow(0, 0, trainCount));
        var (testX, testY) = (x.Narrow(0, trainCount, testCount), y.Narrow(0, trainCount, testCount));

        var model = BuildModel(options.Hidden, g);
        var lossFunction = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: options.LearningRate);
        var losses = new List<double>();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            var order = Tensor.RandPerm(trainCount, g);
            double total = 0;
            for (int start = 0; start < trainCount; start += options.BatchSize)
            {
                var batch = order.Narrow(0, start, Math.Min(options.BatchSize, trainCount - start));
                optimizer.ZeroGrad();
                var loss = lossFunction.Forward(model.Call(trainX.IndexSelect(0, batch)), trainY.IndexSelect(0, batch));
                loss.Backward();
                optimizer.Step();
                total += loss.Item() * batch.Numel;
            }
            losses.Add(total / trainCount);
            onEpoch?.Invoke(epoch, losses[^1]);
        }
        model.Eval();
        return new CirclesResult(Accuracy(model, trainX, trainY), Accuracy(model, testX, testY), losses[^1], losses);
    }

    /// <summary>Fraction of points whose highest logit is their label.</summary>
    public static double Accuracy(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var _ = Tensor.NoGrad();
        var predicted = model.Call(x).ArgMax(1);
        return predicted.Eq(y).Mean().Item();
    }
}
