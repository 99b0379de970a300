namespace Nabla.Data;

/// <summary>Weights that counter class imbalance, computed from label frequencies.</summary>
public static class ClassWeights
{
    /// <summary>
    /// scikit-learn's "balanced" weights n / (k · count_c) for classes 0 … k − 1, as Float32 [k]: pass them as
    /// <c>CrossEntropyLoss(weight: …)</c> so every class contributes as much as if the classes were balanced.
    /// k is numClasses, or the largest label + 1.
    /// </summary>
    /// <exception cref="ArgumentException">labels are not class indices, or a class has no sample (its weight would be infinite).</exception>
    public static Tensor Balanced(Tensor labels, int? numClasses = null)
    {
        var counts = Counts("ClassWeights.Balanced", labels, numClasses);
        long n = counts.Sum();
        for (int c = 0; c < counts.Length; c++)
            if (counts[c] == 0) throw new ArgumentException($"ClassWeights.Balanced: class {c} has no sample; its weight n / (k · 0) would be infinite.", nameof(labels));
        return Tensor.FromArray(counts.Select(count => (float)((double)n / (counts.Length * count))).ToArray());
    }

    /// <summary>
    /// <c>BCEWithLogitsLoss(posWeight: …)</c> for 0/1 targets: negatives / positives, as PyTorch's documentation
    /// suggests, so positives weigh as much in total as negatives. Targets [N] give [1]; multi-label targets [N, C]
    /// give one weight per column, [C].
    /// </summary>
    /// <exception cref="ArgumentException">targets are not 0/1, not rank 1 or 2, or a column has no positive.</exception>
    public static Tensor PosWeight(Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Rank is < 1 or > 2 || targets.ShapeRef[0] == 0)
            throw new ArgumentException($"ClassWeights.PosWeight: expected non-empty targets [N] or [N, C], got {ShapeUtil.Format(targets.ShapeRef)}.", nameof(targets));
        int columns = targets.Rank == 2 ? targets.ShapeRef[1] : 1;
        var values = targets.ToDoubleArray();
        var positives = new long[columns];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not (0 or 1)) throw new ArgumentException($"ClassWeights.PosWeight: targets must be 0 or 1, found {values[i]}.", nameof(targets));
            if (values[i] == 1) positives[i % columns]++;
        }
        long rows = values.Length / columns;
        var weights = new float[columns];
        for (int c = 0; c < columns; c++)
        {
            if (positives[c] == 0) throw new ArgumentException($"ClassWeights.PosWeight: column {c} has no positive target.", nameof(targets));
            weights[c] = (float)((double)(rows - positives[c]) / positives[c]);
        }
        return Tensor.FromArray(weights);
    }

    /// <summary>How many samples each class 0 … k − 1 has.</summary>
    public static long[] Counts(Tensor labels, int? numClasses = null) => Counts("ClassWeights.Counts", labels, numClasses);

    private static long[] Counts(string op, Tensor labels, int? numClasses)
    {
        var values = Labels(op, labels);
        long max = values.Length == 0 ? -1 : values.Max();
        int k = numClasses ?? (int)Math.Min(max + 1, int.MaxValue);
        if (k <= 0) throw new ArgumentException($"{op}: need at least one class, got {k}.", nameof(numClasses));
        if (max >= k) throw new ArgumentException($"{op}: label {max} is outside the {k} classes 0 … {k - 1}.", nameof(labels));
        var counts = new long[k];
        foreach (long c in values) counts[c]++;
        return counts;
    }

    /// <summary>Class indices from a 1-d Int64 tensor, checked non-negative.</summary>
    internal static long[] Labels(string op, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Rank != 1 || labels.DType != DType.Int64)
            throw new ArgumentException($"{op}: labels must be a 1-d Int64 tensor of class indices, got {labels.DType} {ShapeUtil.Format(labels.ShapeRef)}.", nameof(labels));
        var values = labels.ToLongArray();
        foreach (long c in values)
            if (c < 0) throw new ArgumentException($"{op}: class labels must be non-negative, found {c}.", nameof(labels));
        return values;
    }
}
