using Nabla;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace SiameseSample;

public sealed record PairOptions
{
    public string? Folder { get; init; }
    /// <summary>Training pairs drawn from the first 8,000 MNIST test images; held-out pairs from the last 2,000.</summary>
    public int TrainPairs { get; init; } = 12000;
    public int TestPairs { get; init; } = 2000;
    public int Epochs { get; init; } = 2;
    /// <summary>CosineEmbeddingLoss's margin: different-digit pairs are pushed to cos ≤ margin.</summary>
    public double Margin { get; init; } = 0.0;
    public long Seed { get; init; } = 1;
}

/// <summary>Pair accuracy on held-out pairs: "same digit" predicted when cos &gt; (1 + margin) / 2.</summary>
public sealed record PairResult(double PairAccuracy, double MeanSameCosine, double MeanDifferentCosine, double Threshold);

/// <summary>Trains <see cref="SiameseNetwork"/> on pairs of MNIST digits (half same digit, half different).</summary>
public static class PairExperiment
{
    public const string DefaultFolder = "/work/shared/data/mnist";

    public static PairResult Run(PairOptions o)
    {
        var set = Mnist.Load(o.Folder ?? DefaultFolder, train: false);
        Tensor images;
        using (Tensor.NoGrad()) images = ((set.Features - 0.1307) * (1 / 0.3081)).Unsqueeze(1);
        var labels = set.Targets.ToLongArray();
        var g = new Generator(o.Seed);
        var train = Pairs.Draw(labels, 0, 8000, o.TrainPairs, g);
        var test = Pairs.Draw(labels, 8000, 10000, o.TestPairs, g);

        var model = new SiameseNetwork(generator: new Generator(o.Seed + 1));
        var loss = new CosineEmbeddingLoss(o.Margin);
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        const int batch = 64;
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            int[] order = Pairs.Permutation(train.Count, g);
            for (int start = 0; start < order.Length; start += batch)
            {
                var rows = order.AsSpan(start, Math.Min(batch, order.Length - start));
                var (a, b, target) = train.Batch(images, rows);
                optimizer.ZeroGrad();
                var value = loss.Call(model.Encoder.Call(a), model.Encoder.Call(b), target);
                value.Backward();
                optimizer.Step();
            }
        }
        return Score(model, images, test, (1 + o.Margin) / 2);
    }

    private static PairResult Score(SiameseNetwork model, Tensor images, Pairs test, double threshold)
    {
        model.Eval();
        using var noGrad = Tensor.NoGrad();
        int[] all = Enumerable.Range(0, test.Count).ToArray();
        var (a, b, target) = test.Batch(images, all);
        var cosine = model.Call(a, b).ToArray<float>();
        var same = target.ToArray<float>();
        int correct = 0;
        double sameSum = 0, differentSum = 0;
        for (int i = 0; i < cosine.Length; i++)
        {
            bool isSame = same[i] > 0;
            if ((cosine[i] > threshold) == isSame) correct++;
            if (isSame) sameSum += cosine[i]; else differentSum += cosine[i];
        }
        int sameCount = same.Count(s => s > 0);
        return new PairResult((double)correct / cosine.Length, sameSum / sameCount, differentSum / (cosine.Length - sameCount), threshold);
    }
}
