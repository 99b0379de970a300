namespace Nabla.Training;

/// <summary>What a classifier's output holds, so metrics can turn it into predicted classes.</summary>
public enum Scores
{
    /// <summary>[N, C] unnormalised scores: the class is the arg-max.</summary>
    Logits,
    /// <summary>[N, C] probabilities (softmax output, an ensemble's average): the class is the arg-max.</summary>
    Probabilities,
    /// <summary>[N] or [N, 1] logits of the positive class (BCEWithLogitsLoss): class 1 where the logit is > 0.</summary>
    BinaryLogit,
    /// <summary>[N] or [N, 1] probabilities of the positive class (BCELoss after a sigmoid): class 1 where p > 0.5.</summary>
    BinaryProbability,
}

/// <summary>Turns classifier outputs and targets into class indices, checking their shapes.</summary>
public static class Classification
{
    /// <summary>The predicted class of each sample.</summary>
    /// <exception cref="ArgumentException">the output's shape does not fit <paramref name="scores"/>.</exception>
    public static long[] PredictedClasses(Tensor output, Scores scores)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (IsBinary(scores))
        {
            var values = BinaryColumn("PredictedClasses", output);
            double threshold = scores == Scores.BinaryLogit ? 0 : 0.5;
            return values.Select(v => v > threshold ? 1L : 0L).ToArray();
        }
        CheckMatrix("PredictedClasses", output, scores);
        return output.ArgMax(1).ToLongArray();
    }

    /// <summary>Each sample's classes ordered by decreasing score ([N, C] outputs only): row i holds k class indices.</summary>
    public static long[] TopKClasses(Tensor output, int k, Scores scores)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (IsBinary(scores)) throw new ArgumentException($"TopKClasses: needs [N, C] logits or probabilities, not {scores}.", nameof(scores));
        CheckMatrix("TopKClasses", output, scores);
        int n = output.ShapeRef[0], c = output.ShapeRef[1];
        if (k < 1 || k > c) throw new ArgumentOutOfRangeException(nameof(k), $"TopKClasses: k must be in 1 … {c} (the number of classes), got {k}.");
        var values = output.ToDoubleArray();
        var result = new long[n * k];
        var order = new int[c];
        var keys = new double[c];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < c; j++) (order[j], keys[j]) = (j, -values[i * c + j]);
            Array.Sort(keys, order); // ascending −score, ties keep no particular order (as torch.topk)
            for (int j = 0; j < k; j++) result[i * k + j] = order[j];
        }
        return result;
    }

    /// <summary>The target classes: Int64 class indices [N], or 0/1 values [N] / [N, 1] of any dtype.</summary>
    /// <exception cref="ArgumentException">the target is not one class per sample.</exception>
    public static long[] TargetClasses(Tensor target, int samples)
    {
        ArgumentNullException.ThrowIfNull(target);
        bool column = target.Rank == 2 && target.ShapeRef[1] == 1;
        if ((target.Rank != 1 && !column) || target.ShapeRef[0] != samples)
            throw new ArgumentException($"Classification: expected {samples} targets as [N] (or [N, 1]), got shape {ShapeUtil.Format(target.ShapeRef)}.", nameof(target));
        if (target.DType == DType.Int64) return target.ToLongArray();
        var values = target.ToDoubleArray();
        var classes = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != Math.Floor(values[i]) || values[i] < 0)
                throw new ArgumentException($"Classification: a {target.DType} target must hold class numbers (0, 1, …), found {values[i]} at {i}.", nameof(target));
            classes[i] = (long)values[i];
        }
        return classes;
    }

    internal static bool IsBinary(Scores scores) => scores is Scores.BinaryLogit or Scores.BinaryProbability;

    private static double[] BinaryColumn(string op, Tensor output)
    {
        bool column = output.Rank == 2 && output.ShapeRef[1] == 1;
        if (output.Rank != 1 && !column)
            throw new ArgumentException($"{op}: binary scores must be [N] or [N, 1], got shape {ShapeUtil.Format(output.ShapeRef)}.", nameof(output));
        return output.ToDoubleArray();
    }

    private static void CheckMatrix(string op, Tensor output, Scores scores)
    {
        if (output.Rank != 2 || output.ShapeRef[1] == 0)
            throw new ArgumentException($"{op}: {scores} must be [N, C] with C ≥ 1, got shape {ShapeUtil.Format(output.ShapeRef)}.", nameof(output));
    }
}
