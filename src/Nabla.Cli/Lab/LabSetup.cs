using Nabla.Data;
using Nabla.NN;

namespace Nabla.Cli.Lab;

/// <summary>
/// What the four trainings of <c>nabla lab</c> share, so that they compute the same thing: the circles split, the
/// initial weights of 2 → 10 tanh → 2 (PyTorch's Linear default from one seed) and the order of the mini-batches.
/// </summary>
internal sealed class LabSetup
{
    public const int Inputs = 2, Hidden = 10, Classes = 2;

    public required Tensor TrainX { get; init; }
    public required Tensor TrainY { get; init; }
    public required Tensor TestX { get; init; }
    public required Tensor TestY { get; init; }
    public required long Seed { get; init; }
    public required double Lr { get; init; }

    /// <summary>The mini-batches, epoch by epoch (one shuffle per epoch, drawn once for all four ways).</summary>
    public required IReadOnlyList<Batch[]> Batches { get; init; }

    public int Epochs => Batches.Count;

    public static LabSetup Create(Train.LoadedData circles, int epochs, int batchSize, double lr, long seed)
    {
        var g = new Generator(seed + 7919);
        var sampler = new RandomSampler(circles.Train.Count);
        var batches = Enumerable.Range(0, epochs).Select(_ => sampler.Indices(g).Chunk(batchSize).Select(rows => circles.Train.GetBatch(rows)).ToArray()).ToList();
        return new LabSetup
        {
            TrainX = circles.Train.Features, TrainY = circles.Train.Targets, TestX = circles.Test.Features, TestY = circles.Test.Targets,
            Seed = seed, Lr = lr, Batches = batches,
        };
    }

    /// <summary>The same setup cut to its first epochs (a warm-up run, so that JIT compilation is not timed).</summary>
    public LabSetup FirstEpochs(int epochs) => new()
    {
        TrainX = TrainX, TrainY = TrainY, TestX = TestX, TestY = TestY, Seed = Seed, Lr = Lr, Batches = [.. Batches.Take(epochs)],
    };

    /// <summary>The network as nn modules, initialised from the seed: every call returns the same weights.</summary>
    public Sequential NewModel()
    {
        var g = new Generator(Seed);
        return new Sequential(new Linear(Inputs, Hidden, generator: g), new Tanh(), new Linear(Hidden, Classes, generator: g));
    }

    /// <summary>Copies of the initial W₁ [10, 2], b₁ [10], W₂ [2, 10], b₂ [2], as plain tensors.</summary>
    public Tensor[] InitialWeights() => NewModel().Parameters().Select(p => p.Detach().Clone()).ToArray();

    /// <summary>The share of rows whose largest logit is the label's.</summary>
    public static double Accuracy(Tensor logits, Tensor labels)
    {
        var predicted = logits.ArgMax(1).ToLongArray();
        var truth = labels.ToLongArray();
        return predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
    }
}
