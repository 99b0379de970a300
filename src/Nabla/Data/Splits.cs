namespace Nabla.Data;

/// <summary>Sample indices of a train / validation / test split (each list in random order).</summary>
public sealed record SplitIndices(int[] Train, int[] Validation, int[] Test)
{
    /// <summary>The three parts of dataset as <see cref="Subset"/>s.</summary>
    public (Subset Train, Subset Validation, Subset Test) Apply(IDataset dataset) =>
        (new Subset(dataset, Train), new Subset(dataset, Validation), new Subset(dataset, Test));
}

/// <summary>Random train / validation / test splits, plain or stratified by class.</summary>
public static class Splits
{
    /// <summary>
    /// Splits 0 … count − 1 at random: ⌈count · testFraction⌉ test and ⌈count · validationFraction⌉ validation
    /// indices (scikit-learn rounds the held-out part up), the rest for training.
    /// </summary>
    /// <exception cref="ArgumentException">a fraction is outside [0, 1) or they leave no training sample.</exception>
    public static SplitIndices TrainValidationTest(int count, double validationFraction, double testFraction = 0, Generator? generator = null)
    {
        var (validation, test) = Sizes(count, validationFraction, testFraction);
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        WithGenerator(generator, g => Sampler.Shuffle(order, g));
        return new SplitIndices(order[(validation + test)..], order[test..(test + validation)], order[..test]);
    }

    /// <summary>
    /// As above; with stratify every part keeps the class proportions of labels (Int64 [n]) to within one sample per
    /// class: each part's size is shared among the classes in proportion to their counts, remainders going to the
    /// classes with the largest fractional shares (scikit-learn's approximate mode).
    /// </summary>
    public static SplitIndices TrainValidationTest(Tensor labels, double validationFraction, double testFraction = 0,
        bool stratify = true, Generator? generator = null)
    {
        var values = ClassWeights.Labels("Splits.TrainValidationTest", labels);
        if (!stratify) return TrainValidationTest(values.Length, validationFraction, testFraction, generator);
        var (validation, test) = Sizes(values.Length, validationFraction, testFraction);
        var byClass = IndicesByClass(values);
        var counts = byClass.Select(c => c.Count).ToArray();
        var testShare = ApproximateMode(counts, test);
        var validationShare = ApproximateMode(counts.Select((c, k) => c - testShare[k]).ToArray(), validation);
        List<int> trainPart = [], validationPart = [], testPart = [];
        WithGenerator(generator, g =>
        {
            for (int k = 0; k < byClass.Count; k++)
            {
                var members = byClass[k].ToArray();
                Sampler.Shuffle(members, g);
                testPart.AddRange(members[..testShare[k]]);
                validationPart.AddRange(members[testShare[k]..(testShare[k] + validationShare[k])]);
                trainPart.AddRange(members[(testShare[k] + validationShare[k])..]);
            }
            foreach (var part in new[] { trainPart, validationPart, testPart }) Sampler.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(part), g);
        });
        return new SplitIndices([.. trainPart], [.. validationPart], [.. testPart]);
    }

    /// <summary>Sample indices of each class, classes in order of first appearance (scikit-learn's encoding).</summary>
    internal static List<List<int>> IndicesByClass(long[] labels)
    {
        var classOf = new Dictionary<long, int>();
        var byClass = new List<List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!classOf.TryGetValue(labels[i], out int k)) { classOf[labels[i]] = k = byClass.Count; byClass.Add([]); }
            byClass[k].Add(i);
        }
        return byClass;
    }

    /// <summary>Shares total among classes in proportion to counts: floors first, then one more to the largest
    /// remainders (ties to the earlier class).</summary>
    internal static int[] ApproximateMode(int[] counts, int total)
    {
        long n = counts.Sum(c => (long)c);
        var share = new int[counts.Length];
        if (n == 0) return share;
        var remainder = new double[counts.Length];
        for (int k = 0; k < counts.Length; k++)
        {
            double exact = (double)counts[k] * total / n;
            share[k] = (int)Math.Floor(exact);
            remainder[k] = exact - share[k];
        }
        int left = total - share.Sum();
        foreach (int k in Enumerable.Range(0, counts.Length).OrderByDescending(k => remainder[k]).ThenBy(k => k))
        {
            if (left == 0) break;
            if (share[k] < counts[k]) { share[k]++; left--; }
        }
        return share;
    }

    private static (int Validation, int Test) Sizes(int count, double validationFraction, double testFraction)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Splits: count must be non-negative, got {count}.");
        if (!(validationFraction >= 0 && validationFraction < 1) || !(testFraction >= 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), $"Splits: fractions must be in [0, 1), got validation {validationFraction}, test {testFraction}.");
        int test = (int)Math.Ceiling(count * testFraction), validation = (int)Math.Ceiling(count * validationFraction);
        if (count > 0 && validation + test >= count)
            throw new ArgumentException($"Splits: validation {validation} + test {test} leave no training sample out of {count}.");
        return (validation, test);
    }

    internal static void WithGenerator(Generator? generator, Action<Generator> use)
    {
        var g = generator ?? Generator.Default;
        lock (g) use(g);
    }
}
