namespace Nabla.Data;

/// <summary>
/// Chooses which sample indices an epoch visits and in what order (PyTorch's Sampler). Randomness comes only from
/// the generator passed in — the <see cref="DataLoader"/>'s own — so an epoch's order is reproducible and can be
/// replayed when training resumes.
/// </summary>
public abstract class Sampler
{
    /// <summary>How many indices one epoch yields.</summary>
    public abstract int Count { get; }

    /// <summary>One epoch's indices, in visiting order.</summary>
    public abstract int[] Indices(Generator generator);

    /// <summary>Fisher–Yates shuffle in place, drawing from generator.</summary>
    internal static void Shuffle(Span<int> values, Generator generator)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)generator.NextInt64(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    internal static int CheckCount(string op, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"{op}: count must be non-negative, got {count}.");
        return count;
    }
}

/// <summary>0, 1, …, count − 1 in order (PyTorch's SequentialSampler).</summary>
public sealed class SequentialSampler(int count) : Sampler
{
    public override int Count { get; } = CheckCount("SequentialSampler", count);

    public override int[] Indices(Generator generator)
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        return order;
    }
}

/// <summary>
/// A random permutation of 0 … count − 1 each epoch, or with <c>replacement</c> numSamples uniform draws
/// (PyTorch's RandomSampler).
/// </summary>
public sealed class RandomSampler : Sampler
{
    private readonly int count;
    private readonly bool replacement;

    /// <param name="count">the data set's size.</param>
    /// <param name="replacement">draw independently (indices may repeat) instead of permuting.</param>
    /// <param name="numSamples">indices per epoch (default count); without replacement more than count cycles through
    /// fresh permutations, as PyTorch does.</param>
    public RandomSampler(int count, bool replacement = false, int? numSamples = null)
    {
        this.count = CheckCount("RandomSampler", count);
        this.replacement = replacement;
        Count = numSamples ?? count;
        if (Count < 0) throw new ArgumentOutOfRangeException(nameof(numSamples), $"RandomSampler: numSamples must be non-negative, got {Count}.");
        if (Count > 0 && count == 0) throw new ArgumentException("RandomSampler: cannot draw samples from an empty data set.", nameof(count));
    }

    public override int Count { get; }

    public override int[] Indices(Generator generator)
    {
        var order = new int[Count];
        if (replacement)
        {
            for (int i = 0; i < order.Length; i++) order[i] = (int)generator.NextInt64(count);
            return order;
        }
        for (int start = 0; start < order.Length; start += count)
        {
            var permutation = new int[count];
            for (int i = 0; i < count; i++) permutation[i] = i;
            Shuffle(permutation, generator);
            permutation.AsSpan(0, Math.Min(count, order.Length - start)).CopyTo(order.AsSpan(start));
        }
        return order;
    }
}

/// <summary>The given indices in a new random order each epoch (PyTorch's SubsetRandomSampler), e.g. for a
/// validation fold taken from one data set.</summary>
public sealed class SubsetRandomSampler : Sampler
{
    private readonly int[] indices;

    public SubsetRandomSampler(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        this.indices = [.. indices];
    }

    public override int Count => indices.Length;

    public override int[] Indices(Generator generator)
    {
        var order = (int[])indices.Clone();
        Shuffle(order, generator);
        return order;
    }
}
