using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// A size-bucketed cache of large buffers, in the spirit of PyTorch's caching allocator. Arrays at or above the
/// runtime's default large-object threshold live in the large-object heap, which only a full (gen2) collection
/// frees — and the runtime then hands the freed pages back to the OS, so the next large array page-faults its way in
/// again (about 40 faults for one 200 KB batch). A training step that allocated its batch, activations and gradients
/// afresh would spend more time in those faults than in its arithmetic unless the app raised the threshold.
/// <para>
/// Every large buffer <see cref="Storage.Allocate"/> makes is watched by a <see cref="PooledBuffer"/> for its whole
/// life and comes back here when the collector finds it unreachable; the library also returns buffers it knows
/// nobody holds (a private gradient dropped by ZeroGrad, a batch the Trainer is done with) at once. Allocation takes
/// a cached buffer of exactly the same dtype and length when there is one.
/// </para>
/// <para>
/// Large arrays are only found unreachable by a full collection, which the runtime starts rarely when little else
/// is allocated. So when the cache runs dry after at least <see cref="ReclaimAfterBytes"/> of large buffers were
/// handed out since the last full collection, the pool starts one itself (blocking, non-compacting: tens of
/// microseconds for a training process whose heap is tensors) — when its measured cost stays below what faulting
/// in that much fresh memory would cost, so an application with a large heap of its own collects less often, and in
/// any case after four times that much, so the cache stays bounded.
/// </para>
/// </summary>
internal static class StoragePool
{
    /// <summary>The runtime's default large-object threshold: smaller arrays die cheaply in gen0.</summary>
    public const int MinBytes = 85_000;

    /// <summary>Large-buffer bytes handed out, and not given back early, between full collections that the pool
    /// starts: the cache settles at about this size, and a fresh 200 KB batch per step gives one collection per about
    /// 250 steps.</summary>
    public const long ReclaimAfterBytes = 48L << 20;

    /// <summary>Bytes handed out after which the pool collects however long its collections take: in an application
    /// whose own heap makes them slow, the cost rule alone would let the cache grow towards <see cref="MaxBytes"/>.</summary>
    private const long CollectAfterBytesAtMost = 4 * ReclaimAfterBytes;

    /// <summary>Upper bound on the bytes held, so a cache never grows without limit.</summary>
    private const long MaxBytes = 256L << 20;

    private static readonly Dictionary<(DType, int), Bucket> Buckets = [];
    private static readonly Lock Gate = new();
    private static long heldBytes;
    private static long handedOutBytes;
    private static int lastGen2Count;
    private static double collectionSeconds; // a running average of the collections the pool started
    private static long clock;

    /// <summary>Bytes currently cached.</summary>
    public static long HeldBytes
    {
        get { lock (Gate) return heldBytes; }
    }

    /// <summary>Full collections the pool started itself (for the benchmarks and tests).</summary>
    public static int CollectionsStarted { get; private set; }

    /// <summary>Whether an array of this many elements of T is pooled.</summary>
    public static bool IsLarge<T>(int length) where T : unmanaged => (long)length * Unsafe.SizeOf<T>() >= MinBytes;

    /// <summary>An array of exactly this length (contents undefined) and its watcher: a cached one when there is one,
    /// else a new one (after a full collection when enough was handed out since the last one, to find the dropped
    /// ones). The watcher is null when the runtime put a new array of this size outside the large-object heap.</summary>
    public static T[] Rent<T>(int length, out PooledBuffer? buffer) where T : unmanaged
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        var dtype = DTypeOf<T>();
        buffer = TryTake(dtype, length, bytes);
        if (buffer is null && ShouldCollect())
        {
            Collect();
            buffer = TryTake(dtype, length, bytes);
        }
        if (buffer is not null) return (T[])buffer.Array;
        var array = GC.AllocateUninitializedArray<T>(length);
        // Only arrays born in the large-object heap are watched: under a raised threshold (the app's runtimeconfig)
        // they start in gen0 and die cheaply there, and a watcher would only carry them into older generations.
        if (GC.GetGeneration(array) != 2) return array;
        lock (Gate) handedOutBytes += bytes;
        buffer = new PooledBuffer(array);
        return array;
    }

    private static PooledBuffer? TryTake(DType dtype, int length, long bytes)
    {
        lock (Gate)
        {
            if (!Buckets.TryGetValue((dtype, length), out var bucket)) return null;
            bucket.LastUsed = ++clock;
            if (bucket.Buffers.Count == 0) return null;
            var buffer = bucket.Buffers.Pop();
            buffer.InPool = false;
            heldBytes -= bytes;
            handedOutBytes += bytes;
            return buffer;
        }
    }

    private static bool ShouldCollect()
    {
        int gen2 = GC.CollectionCount(2);
        lock (Gate)
        {
            if (gen2 != lastGen2Count)
            {
                // The runtime collected on its own: whatever died came back through the finalizers.
                lastGen2Count = gen2;
                handedOutBytes = 0;
                return false;
            }
            if (handedOutBytes < ReclaimAfterBytes) return false;
            // Worth it when the collection costs less than faulting in that much fresh memory would (at least a
            // microsecond per 4 KB page; about 7 µs on the VM measured): a large heap collects less often.
            double faultSeconds = handedOutBytes / 4096 * 1e-6;
            bool worthIt = collectionSeconds <= faultSeconds || handedOutBytes >= CollectAfterBytesAtMost;
            return worthIt && GCSettings.LatencyMode != GCLatencyMode.NoGCRegion;
        }
    }

    private static void Collect()
    {
        long start = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        // The dead buffers come back through their finalizers; without waiting, this step and the next would
        // allocate afresh while the finalizer thread catches up. No lock of the pool is held here.
        GC.WaitForPendingFinalizers();
        long end = Stopwatch.GetTimestamp();
        lock (Gate)
        {
            CollectionsStarted++;
            lastGen2Count = GC.CollectionCount(2);
            handedOutBytes = 0;
            double seconds = (double)(end - start) / Stopwatch.Frequency;
            collectionSeconds = CollectionsStarted == 1 ? seconds : (collectionSeconds + seconds) / 2;
        }
    }

    /// <summary>Takes back a buffer that nothing references any more (the library's own early returns).</summary>
    public static void Return(Storage storage)
    {
        if (storage.Buffer is { } buffer) Push(buffer, early: true);
    }

    /// <summary>Called by a finalizer when the collector found the buffer unreachable: true when the pool keeps it.</summary>
    internal static bool TakeBackUnreferenced(PooledBuffer buffer) => Push(buffer, early: false);

    private static bool Push(PooledBuffer buffer, bool early)
    {
        long bytes = buffer.Bytes;
        lock (Gate)
        {
            if (buffer.InPool) return true;
            // A buffer back without a collection does not count towards the next one.
            if (early) handedOutBytes = Math.Max(0, handedOutBytes - bytes);
            var key = (buffer.DType, buffer.Array.Length);
            if (!Buckets.TryGetValue(key, out var bucket)) Buckets[key] = bucket = new Bucket { LastUsed = ++clock };
            if (heldBytes + bytes > MaxBytes && !EvictFor(bytes, bucket)) return false;
            bucket.Buffers.Push(buffer);
            buffer.InPool = true;
            heldBytes += bytes;
            return true;
        }
    }

    /// <summary>Makes room by dropping the buffers of the sizes asked for least recently (never the one being filled):
    /// a run that moves on to other shapes must not find the pool full of the old ones. Called under the lock.</summary>
    private static bool EvictFor(long bytes, Bucket keep)
    {
        while (heldBytes + bytes > MaxBytes)
        {
            Bucket? oldest = null;
            foreach (var bucket in Buckets.Values)
                if (bucket != keep && bucket.Buffers.Count > 0 && (oldest is null || bucket.LastUsed < oldest.LastUsed)) oldest = bucket;
            if (oldest is null) return false;
            var dropped = oldest.Buffers.Pop();
            dropped.InPool = false;
            dropped.Dropped = true;
            heldBytes -= dropped.Bytes;
        }
        return true;
    }

    private sealed class Bucket
    {
        public readonly Stack<PooledBuffer> Buffers = new();

        /// <summary>When a buffer of this size was last asked for (the pool's own clock).</summary>
        public long LastUsed;
    }

    private static DType DTypeOf<T>() =>
        typeof(T) == typeof(float) ? DType.Float32 : typeof(T) == typeof(double) ? DType.Float64 : DType.Int64;

    /// <summary>Drops every cached buffer (torch.cuda.empty_cache's counterpart): the collector frees them for good.</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            foreach (var bucket in Buckets.Values)
                foreach (var buffer in bucket.Buffers) buffer.Dropped = true;
            Buckets.Clear();
            heldBytes = 0;
        }
    }
}
