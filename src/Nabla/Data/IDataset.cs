namespace Nabla.Data;

/// <summary>
/// A data set of numbered samples (PyTorch's map-style Dataset): <see cref="Count"/> samples, each a pair of
/// features and target, indexed 0 … Count − 1.
/// </summary>
public interface IDataset
{
    /// <summary>The number of samples.</summary>
    int Count { get; }

    /// <summary>Sample <paramref name="index"/>: its features and its target (e.g. a class index as a 0-d Int64 tensor).</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0 … Count − 1.</exception>
    Sample this[int index] { get; }
}

/// <summary>
/// A data set that can gather many samples at once into one contiguous batch tensor, without a tensor object per
/// sample; <see cref="DataLoader"/> uses it when available (tensor-backed sets implement it).
/// </summary>
public interface IBatchDataset : IDataset
{
    /// <summary>The samples at <paramref name="indices"/>, stacked along a new leading dim, in that order.</summary>
    Batch GetBatch(ReadOnlySpan<int> indices);
}

/// <summary>One sample: features (e.g. an image [C, H, W] or a vector [F]) and its target.</summary>
public readonly record struct Sample(Tensor Features, Tensor Target);

/// <summary>A batch: features [N, …] and targets [N, …] stacked along the leading dim.</summary>
public sealed record Batch(Tensor Features, Tensor Target)
{
    /// <summary>Buffers the loader allocated for this batch and nobody else was handed: a consumer that is done with
    /// the batch (the Trainer after its step) may give them back through <see cref="DataLoader.Recycle"/>.</summary>
    internal Storage[]? LoaderOwned { get; init; }
}

internal static class DatasetChecks
{
    public static void Index(string op, int index, int count)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), $"{op}: index {index} is outside a data set of {count} samples.");
    }

    /// <summary>Stacks samples one by one: the general path for data sets that cannot gather a batch themselves.</summary>
    public static Batch Collate(IDataset dataset, ReadOnlySpan<int> indices)
    {
        var features = new Tensor[indices.Length];
        var targets = new Tensor[indices.Length];
        for (int i = 0; i < indices.Length; i++) (features[i], targets[i]) = dataset[indices[i]];
        return new Batch(Tensor.Stack(features), Tensor.Stack(targets));
    }

    /// <summary>A batch of the given samples, gathered directly when the set can, stacked otherwise.</summary>
    public static Batch Gather(IDataset dataset, ReadOnlySpan<int> indices) =>
        dataset is IBatchDataset batched ? batched.GetBatch(indices) : Collate(dataset, indices);

    /// <summary>True when every batch <see cref="Gather"/> returns for this set is made of new tensors that nothing
    /// else references: stacked samples, or rows copied out of a <see cref="TensorDataset"/> (also through a
    /// <see cref="Subset"/>). A user's own <see cref="IBatchDataset"/> might hand out cached tensors, so it is not.</summary>
    public static bool GathersFresh(IDataset dataset) => dataset switch
    {
        TensorDataset => true,
        Subset subset => GathersFresh(subset.Dataset),
        IBatchDataset => false,
        _ => true,
    };
}
