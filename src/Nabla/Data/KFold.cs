namespace Nabla.Data;

/// <summary>One fold of a cross-validation: its index, the training indices (ascending) and the validation indices.</summary>
public sealed record Fold(int Index, int[] Train, int[] Validation);

/// <summary>
/// K-fold cross-validation indices (scikit-learn's KFold): the samples, shuffled once when shuffle is true, are cut
/// into k consecutive folds; the first n mod k folds have n / k + 1 samples, the others n / k. Each fold serves once
/// as the validation set while the rest train. With a seed every call to <see cref="Split"/> gives the same folds.
/// </summary>
public sealed class KFold
{
    /// <param name="nSplits">k, at least 2.</param>
    /// <param name="shuffle">shuffle the samples before cutting them into folds.</param>
    /// <param name="seed">seed of the shuffle; null draws one from <see cref="Generator.Default"/> per call.</param>
    public KFold(int nSplits = 5, bool shuffle = false, long? seed = null)
    {
        NSplits = CheckSplits("KFold", nSplits);
        (Shuffle, Seed) = (shuffle, seed);
    }

    public int NSplits { get; }
    public bool Shuffle { get; }
    public long? Seed { get; }

    /// <summary>The k folds of count samples.</summary>
    /// <exception cref="ArgumentException">fewer samples than folds.</exception>
    public IReadOnlyList<Fold> Split(int count)
    {
        if (count < NSplits) throw new ArgumentException($"KFold: cannot have {NSplits} folds with only {count} samples.", nameof(count));
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        if (Shuffle) Sampler.Shuffle(order, NewGenerator(Seed));
        var folds = new Fold[NSplits];
        for (int k = 0, start = 0; k < NSplits; k++)
        {
            int size = count / NSplits + (k < count % NSplits ? 1 : 0);
            folds[k] = MakeFold(k, count, order[start..(start + size)]);
            start += size;
        }
        return folds;
    }

    internal static Fold MakeFold(int index, int count, int[] validation)
    {
        var inValidation = new bool[count];
        foreach (int i in validation) inValidation[i] = true;
        var train = new int[count - validation.Length];
        for (int i = 0, t = 0; i < count; i++)
            if (!inValidation[i]) train[t++] = i;
        return new Fold(index, train, validation);
    }

    internal static int CheckSplits(string op, int nSplits) =>
        nSplits >= 2 ? nSplits : throw new ArgumentOutOfRangeException(nameof(nSplits), $"{op}: nSplits must be at least 2, got {nSplits}.");

    internal static Generator NewGenerator(long? seed)
    {
        if (seed is { } s) return new Generator(s);
        lock (Generator.Default) return new Generator((long)Generator.Default.NextUInt64());
    }
}

/// <summary>
/// Stratified k-fold (scikit-learn's StratifiedKFold): each fold keeps the class proportions. As in scikit-learn,
/// the labels sorted by class are dealt round-robin to the folds to decide how many of each class every fold gets,
/// then each class's samples, in index order, are assigned those folds (in random order when shuffle is true).
/// Validation indices are ascending.
/// </summary>
public sealed class StratifiedKFold
{
    public StratifiedKFold(int nSplits = 5, bool shuffle = false, long? seed = null)
    {
        NSplits = KFold.CheckSplits("StratifiedKFold", nSplits);
        (Shuffle, Seed) = (shuffle, seed);
    }

    public int NSplits { get; }
    public bool Shuffle { get; }
    public long? Seed { get; }

    /// <summary>The k folds of samples with these class labels (Int64 [n]).</summary>
    /// <exception cref="ArgumentException">fewer samples than folds, or every class has fewer members than folds.</exception>
    public IReadOnlyList<Fold> Split(Tensor labels)
    {
        var values = ClassWeights.Labels("StratifiedKFold", labels);
        int n = values.Length;
        if (n < NSplits) throw new ArgumentException($"StratifiedKFold: cannot have {NSplits} folds with only {n} samples.", nameof(labels));
        var byClass = Splits.IndicesByClass(values);
        if (byClass.All(members => members.Count < NSplits))
            throw new ArgumentException($"StratifiedKFold: nSplits = {NSplits} cannot be greater than the number of members in each class.", nameof(labels));

        // allocation[f, k]: members of class k in fold f = count of class k among sorted labels f, f + k', f + 2k', …
        var allocation = new int[NSplits, byClass.Count];
        for (int k = 0, position = 0; k < byClass.Count; k++)
            for (int m = 0; m < byClass[k].Count; m++, position++) allocation[position % NSplits, k]++;

        var generator = Shuffle ? KFold.NewGenerator(Seed) : null;
        var foldOf = new int[n];
        for (int k = 0; k < byClass.Count; k++)
        {
            var folds = new List<int>();
            for (int f = 0; f < NSplits; f++) folds.AddRange(Enumerable.Repeat(f, allocation[f, k]));
            var assigned = folds.ToArray();
            if (generator is not null) Sampler.Shuffle(assigned, generator);
            for (int m = 0; m < assigned.Length; m++) foldOf[byClass[k][m]] = assigned[m];
        }
        return Enumerable.Range(0, NSplits)
            .Select(f => KFold.MakeFold(f, n, Enumerable.Range(0, n).Where(i => foldOf[i] == f).ToArray()))
            .ToArray();
    }
}
