namespace Nabla.Data;

/// <summary>The samples of another data set at given indices, in that order (PyTorch's Subset).</summary>
public sealed class Subset : IBatchDataset
{
    private readonly int[] indices;

    /// <exception cref="ArgumentOutOfRangeException">an index is outside the underlying data set.</exception>
    public Subset(IDataset dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        this.indices = [.. indices];
        foreach (int i in this.indices) DatasetChecks.Index("Subset", i, dataset.Count);
        Dataset = dataset;
    }

    /// <summary>The underlying data set.</summary>
    public IDataset Dataset { get; }

    /// <summary>The indices into <see cref="Dataset"/> (a copy).</summary>
    public int[] Indices => (int[])indices.Clone();

    public int Count => indices.Length;

    public Sample this[int index]
    {
        get
        {
            DatasetChecks.Index("Subset", index, Count);
            return Dataset[indices[index]];
        }
    }

    public Batch GetBatch(ReadOnlySpan<int> batchIndices)
    {
        var mapped = new int[batchIndices.Length];
        for (int i = 0; i < mapped.Length; i++)
        {
            DatasetChecks.Index("Subset.GetBatch", batchIndices[i], Count);
            mapped[i] = indices[batchIndices[i]];
        }
        return DatasetChecks.Gather(Dataset, mapped);
    }
}
