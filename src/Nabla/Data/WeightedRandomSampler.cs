namespace Nabla.Data;

/// <summary>
/// Draws numSamples indices with probability proportional to their weights (PyTorch's WeightedRandomSampler, i.e.
/// torch.multinomial): with replacement by default, which is how a minority class is oversampled — give each sample
/// the weight 1 / (its class's count) and every class comes up equally often. Weights need not sum to one.
/// </summary>
public sealed class WeightedRandomSampler : Sampler
{
    private readonly double[] weights;
    private readonly double[] cumulative; // cumulative[i] = w0 + … + wi
    private readonly bool replacement;
    private readonly int lastPositive;

    /// <exception cref="ArgumentException">a weight is negative or not finite, all are zero, or without replacement
    /// numSamples exceeds the number of positive weights.</exception>
    public WeightedRandomSampler(IReadOnlyList<double> weights, int numSamples, bool replacement = true)
    {
        ArgumentNullException.ThrowIfNull(weights);
        this.weights = [.. weights];
        this.replacement = replacement;
        Count = CheckCount("WeightedRandomSampler", numSamples);
        cumulative = new double[this.weights.Length];
        double total = 0;
        int positive = 0;
        for (int i = 0; i < this.weights.Length; i++)
        {
            double w = this.weights[i];
            if (!double.IsFinite(w) || w < 0)
                throw new ArgumentException($"WeightedRandomSampler: weight {i} is {w}; weights must be finite and non-negative.", nameof(weights));
            total += w;
            cumulative[i] = total;
            if (w > 0) (positive, lastPositive) = (positive + 1, i);
        }
        if (numSamples > 0 && positive == 0) throw new ArgumentException("WeightedRandomSampler: all weights are zero.", nameof(weights));
        if (!replacement && numSamples > positive)
            throw new ArgumentException($"WeightedRandomSampler: cannot draw {numSamples} samples without replacement from {positive} positive weights.", nameof(numSamples));
    }

    /// <summary>Weights from class labels so that each class is drawn equally often: sample i gets 1 / count(label i).</summary>
    public static WeightedRandomSampler Balanced(Tensor labels, int? numSamples = null)
    {
        var values = ClassWeights.Labels("WeightedRandomSampler.Balanced", labels);
        var counts = new Dictionary<long, int>();
        foreach (long c in values) counts[c] = counts.GetValueOrDefault(c) + 1;
        return new WeightedRandomSampler(values.Select(c => 1.0 / counts[c]).ToArray(), numSamples ?? values.Length);
    }

    public override int Count { get; }

    public override int[] Indices(Generator generator) => replacement ? WithReplacement(generator) : WithoutReplacement(generator);

    // Inverse-CDF draws: the first i with cumulative[i] > u · total (never a zero weight, whose cumulative equals its predecessor's).
    private int[] WithReplacement(Generator generator)
    {
        var order = new int[Count];
        double total = cumulative[^1];
        for (int k = 0; k < order.Length; k++)
        {
            double u = generator.NextDouble() * total;
            int i = cumulative.AsSpan().BinarySearch(u);
            i = i >= 0 ? i + 1 : ~i;
            if (i >= weights.Length) i = lastPositive; // u · total rounded up to total
            order[k] = i;
        }
        return order;
    }

    // Successive sampling without replacement equals ordering by the keys u^(1/w) (Efraimidis–Spirakis), largest first.
    private int[] WithoutReplacement(Generator generator)
    {
        var keys = new double[weights.Length];
        var ids = new int[weights.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            double u = 1.0 - generator.NextDouble();
            keys[i] = weights[i] > 0 ? -Math.Log(u) / weights[i] : double.PositiveInfinity; // smallest exponential first
            ids[i] = i;
        }
        Array.Sort(keys, ids);
        return ids[..Count];
    }
}
