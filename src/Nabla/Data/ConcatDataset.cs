namespace Nabla.Data;

/// <summary>Several data sets one after another (PyTorch's ConcatDataset): sample indices run through each in turn.</summary>
public sealed class ConcatDataset : IDataset
{
    private readonly IDataset[] parts;
    private readonly int[] ends; // ends[k] = total count of parts 0 … k

    /// <exception cref="ArgumentException">no parts, or more than int.MaxValue samples in total.</exception>
    public ConcatDataset(params IDataset[] datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Length == 0) throw new ArgumentException("ConcatDataset: needs at least one data set.", nameof(datasets));
        parts = [.. datasets];
        ends = new int[parts.Length];
        long total = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            ArgumentNullException.ThrowIfNull(parts[k], nameof(datasets));
            total += parts[k].Count;
            if (total > int.MaxValue) throw new ArgumentException($"ConcatDataset: more than {int.MaxValue} samples in total.", nameof(datasets));
            ends[k] = (int)total;
        }
    }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<IDataset> Datasets => parts;

    public int Count => ends[^1];

    public Sample this[int index]
    {
        get
        {
            DatasetChecks.Index("ConcatDataset", index, Count);
            // The first part whose end lies beyond index holds it.
            int k = Array.BinarySearch(ends, index);
            k = k >= 0 ? k + 1 : ~k;
            while (parts[k].Count == 0) k++;
            return parts[k][index - (k == 0 ? 0 : ends[k - 1])];
        }
    }
}
