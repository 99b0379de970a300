namespace Nabla.Training;

/// <summary>The fraction of samples whose predicted class equals the target class.</summary>
public sealed class Accuracy(Scores scores = Scores.Logits) : Metric
{
    private long correct, total;

    public Scores Scores { get; } = scores;

    public override string Name => "accuracy";

    public override void Reset() => (correct, total) = (0, 0);

    public override void Update(Tensor output, Tensor target)
    {
        var predicted = Classification.PredictedClasses(output, Scores);
        var actual = Classification.TargetClasses(target, predicted.Length);
        for (int i = 0; i < predicted.Length; i++)
            if (predicted[i] == actual[i]) correct++;
        total += predicted.Length;
    }

    public override double Compute() => total == 0 ? double.NaN : (double)correct / total;

    public override Metric Clone() => new Accuracy(Scores);
}

/// <summary>The fraction of samples whose target class is among the k highest-scoring classes.</summary>
public sealed class TopKAccuracy : Metric
{
    private long correct, total;

    public TopKAccuracy(int k, Scores scores = Scores.Logits)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"TopKAccuracy: k must be at least 1, got {k}.");
        if (Classification.IsBinary(scores)) throw new ArgumentException($"TopKAccuracy: needs [N, C] logits or probabilities, not {scores}.", nameof(scores));
        (K, Scores) = (k, scores);
    }

    public int K { get; }

    public Scores Scores { get; }

    public override string Name => $"top{K}_accuracy";

    public override void Reset() => (correct, total) = (0, 0);

    public override void Update(Tensor output, Tensor target)
    {
        var top = Classification.TopKClasses(output, K, Scores);
        int n = top.Length / K;
        var actual = Classification.TargetClasses(target, n);
        for (int i = 0; i < n; i++)
            if (top.AsSpan(i * K, K).Contains(actual[i])) correct++;
        total += n;
    }

    public override double Compute() => total == 0 ? double.NaN : (double)correct / total;

    public override Metric Clone() => new TopKAccuracy(K, Scores);
}
