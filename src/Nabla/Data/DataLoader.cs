using System.Collections;

namespace Nabla.Data;

/// <summary>
/// Batches of a data set in the order a <see cref="Sampler"/> picks (PyTorch's DataLoader). Enumerate it once per
/// epoch: <c>foreach (var (x, y) in loader)</c>.
/// <para>
/// Batch size 1 is online SGD; <c>batchSize: null</c> (<see cref="FullBatch"/>) gives the whole data set as one
/// batch, classic gradient descent. Randomness (shuffling, weighted sampling, transforms) comes only from the loader's
/// own <see cref="Generator"/>, so the sequence of batches is a function of its seed. Tensor-backed data sets
/// (<see cref="IBatchDataset"/>) gather each batch straight into one contiguous tensor.
/// </para>
/// <para>
/// The loader is a cursor: <see cref="Epoch"/> and <see cref="Position"/> (batches already handed out in this epoch)
/// advance as batches are taken. <see cref="StateDict"/> saves them with the generator; <see cref="LoadStateDict"/>
/// restores them, and the next enumeration resumes mid-epoch with exactly the batches that were still to come. An
/// enumeration left early also resumes where it stopped. One enumeration at a time.
/// </para>
/// </summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    /// <summary>Pass as batchSize for full-batch gradient descent (one batch holding every sample).</summary>
    public static readonly int? FullBatch = null;

    private readonly Sampler sampler;
    private readonly bool gathersFresh;
    private int[]? order;             // the current epoch's indices, null between epochs
    private ulong[] epochStartState;  // the generator's state before the current epoch drew its order
    private ulong transformSeed;      // drawn after the order; batch k's transform generator derives from it and k

    /// <param name="dataset">the samples.</param>
    /// <param name="batchSize">samples per batch (1 = online SGD), or null for the whole data set at once.</param>
    /// <param name="shuffle">a new random order each epoch (ignored when a sampler is given — then it must be false).</param>
    /// <param name="sampler">chooses the indices of each epoch; default sequential, or random when shuffle.</param>
    /// <param name="dropLast">leave out a last batch smaller than batchSize.</param>
    /// <param name="generator">the loader's own random source, advanced only by the loader; default a new one seeded
    /// from <see cref="Generator.Default"/> (so <see cref="Tensor.ManualSeed"/> makes runs repeatable).</param>
    /// <param name="transform">applied to each batch's features (training only: give the validation loader none);
    /// seeded per batch from the loader, so results do not depend on prefetching.</param>
    /// <param name="prefetch">prepare the next batch on a background thread while the current one is in use.</param>
    /// <exception cref="ArgumentException">batchSize is not positive, or both shuffle and a sampler are given.</exception>
    public DataLoader(IDataset dataset, int? batchSize = 1, bool shuffle = false, Sampler? sampler = null, bool dropLast = false,
        Generator? generator = null, ITransform? transform = null, bool prefetch = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize is <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batchSize must be positive (or null for full batch), got {batchSize}.");
        if (sampler is not null && shuffle) throw new ArgumentException("DataLoader: shuffle must be false when a sampler is given (the sampler decides the order).", nameof(shuffle));
        Dataset = dataset;
        gathersFresh = DatasetChecks.GathersFresh(dataset);
        this.sampler = sampler ?? (shuffle ? new RandomSampler(dataset.Count) : new SequentialSampler(dataset.Count));
        BatchSize = batchSize;
        DropLast = dropLast;
        Transform = transform;
        Prefetch = prefetch;
        if (generator is null) lock (Generator.Default) generator = new Generator((long)Generator.Default.NextUInt64());
        Generator = generator;
        epochStartState = generator.GetState();
    }

    public IDataset Dataset { get; }

    /// <summary>Samples per batch; null means full batch.</summary>
    public int? BatchSize { get; }

    public bool DropLast { get; }

    public ITransform? Transform { get; }

    public bool Prefetch { get; }

    /// <summary>
    /// Reuse each batch's memory for a later batch once the loop moves on (off by default). With it on, a batch is
    /// valid only until the next iteration of the <c>foreach</c>: keep nothing of it (clone what you keep; never
    /// <c>ToList()</c> the loader). What it buys: batches above the runtime's default large-object threshold (85 KB,
    /// e.g. 64 MNIST images) are not allocated afresh each step — with default GC settings a hand-written loop over
    /// Fashion-MNIST runs about twice as fast. <see cref="Training.Trainer"/> recycles its batches anyway
    /// (<see cref="Training.Trainer.RecycleBatches"/>), whatever this says.
    /// </summary>
    public bool RecycleBatches { get; set; }

    /// <summary>The loader's own random source.</summary>
    public Generator Generator { get; }

    /// <summary>Epochs completed so far (the index of the current epoch).</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches already handed out in the current epoch.</summary>
    public int Position { get; private set; }

    /// <summary>Batches per epoch (PyTorch's len(loader)).</summary>
    public int Count
    {
        get
        {
            int n = sampler.Count, size = EffectiveBatchSize;
            return size == 0 ? 0 : DropLast ? n / size : (n + size - 1) / size;
        }
    }

    private int EffectiveBatchSize => BatchSize ?? sampler.Count;

    /// <summary>
    /// The position, as tensors a checkpoint can store next to model and optimizer state: <c>epoch</c> and
    /// <c>position</c> (0-d Int64) and <c>generator</c> (Int64 [6], the generator's state at the start of the
    /// current epoch, or now between epochs).
    /// </summary>
    public Dictionary<string, Tensor> StateDict() => new(StringComparer.Ordinal)
    {
        ["epoch"] = Tensor.Scalar(Epoch, DType.Int64),
        ["position"] = Tensor.Scalar(Position, DType.Int64),
        ["generator"] = Tensor.FromArray((order is null ? Generator.GetState() : epochStartState).Select(w => (long)w).ToArray()),
    };

    /// <summary>Restores <see cref="StateDict"/>'s output; the next enumeration continues from the saved position
    /// with the same order and transforms as the run that saved it. Nothing changes if the dict is rejected.</summary>
    /// <exception cref="ArgumentException">a key is missing or a value is out of range.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        long epoch = ScalarEntry(stateDict, "epoch"), position = ScalarEntry(stateDict, "position");
        if (!stateDict.TryGetValue("generator", out var state) || state.Rank != 1 || state.Numel != 6 || state.DType != DType.Int64)
            throw new ArgumentException("DataLoader.LoadStateDict: 'generator' must be an Int64 tensor of 6 words.", nameof(stateDict));
        if (epoch is < 0 or > int.MaxValue || position < 0 || position >= Math.Max(Count, 1))
            throw new ArgumentException($"DataLoader.LoadStateDict: epoch {epoch}, position {position} is outside an epoch of {Count} batches.", nameof(stateDict));
        Generator.SetState(state.ToLongArray().Select(w => (ulong)w).ToArray());
        (Epoch, Position, order) = ((int)epoch, (int)position, null);
        if (position > 0) BeginEpoch();
    }

    private static long ScalarEntry(IReadOnlyDictionary<string, Tensor> stateDict, string key) =>
        stateDict.TryGetValue(key, out var t) && t.Numel == 1 && t.DType == DType.Int64
            ? t.ToLongArray()[0]
            : throw new ArgumentException($"DataLoader.LoadStateDict: '{key}' must be a 0-d Int64 tensor.", nameof(stateDict));

    public IEnumerator<Batch> GetEnumerator()
    {
        if (order is null) BeginEpoch();
        var epochOrder = order!;
        ulong seed = transformSeed;
        int batches = Count;
        Task<Batch>? next = Prefetch && Position < batches ? MakeBatchAsync(epochOrder, Position, seed) : null;
        for (int k = Position; k < batches; k++)
        {
            var batch = next is null ? MakeBatch(epochOrder, k, seed) : next.GetAwaiter().GetResult();
            next = Prefetch && k + 1 < batches ? MakeBatchAsync(epochOrder, k + 1, seed) : null;
            Advance(k + 1, batches); // before yielding: a checkpoint taken while this batch trains counts it as done
            try
            {
                yield return batch;
            }
            finally
            {
                if (RecycleBatches) Recycle(batch); // the loop has moved on (or ended): the batch is no longer in use
            }
        }
        if (batches == 0 && order is not null) Advance(0, 0);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void BeginEpoch()
    {
        epochStartState = Generator.GetState();
        var indices = sampler.Indices(Generator);
        foreach (int i in indices)
            if ((uint)i >= (uint)Dataset.Count)
                throw new InvalidOperationException($"DataLoader: the sampler gave index {i}, the data set has {Dataset.Count} samples.");
        transformSeed = Generator.NextUInt64();
        order = indices;
    }

    private void Advance(int taken, int batches)
    {
        Position = taken;
        if (taken < batches) return;
        (Epoch, Position, order) = (Epoch + 1, 0, null);
    }

    /// <summary>
    /// Gives the buffers of a batch this loader made back to the storage pool, so the next batch of the same size
    /// reuses them instead of allocating (a batch of 64 MNIST images is 200 KB: above the runtime's default
    /// large-object threshold, each fresh one would wait for a full collection). Call it only when nothing holds the
    /// batch's tensors any more — the <see cref="Training.Trainer"/> does so after each step. Does nothing for a batch
    /// whose tensors the loader did not allocate itself, or when called twice.
    /// </summary>
    internal static void Recycle(Batch batch)
    {
        var owned = batch.LoaderOwned;
        if (owned is null) return;
        lock (owned)
        {
            for (int i = 0; i < owned.Length; i++)
                if (owned[i] is { } storage)
                {
                    StoragePool.Return(storage);
                    owned[i] = null!;
                }
        }
    }

    private Task<Batch> MakeBatchAsync(int[] epochOrder, int k, ulong seed) => Task.Run(() => MakeBatch(epochOrder, k, seed));

    /// <summary>Batch k of an epoch: a pure function of the epoch's order and transform seed, so any thread may build it.</summary>
    private Batch MakeBatch(int[] epochOrder, int k, ulong seed)
    {
        int size = EffectiveBatchSize, start = k * size;
        var batch = DatasetChecks.Gather(Dataset, epochOrder.AsSpan(start, Math.Min(size, epochOrder.Length - start)));
        if (gathersFresh) batch = batch with { LoaderOwned = [batch.Features.Storage, batch.Target.Storage] };
        if (Transform is null) return batch;
        var generator = new Generator((long)(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(k + 1))));
        return batch with { Features = Transform.Apply(batch.Features, generator) };
    }
}
