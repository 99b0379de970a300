using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// A size-bucketed cache of large buffers (in the spirit of PyTorch's caching allocator). Arrays at or above the
/// runtime's large-object threshold live in the large-object heap, which only a full (gen2) collection frees; a
/// training step that allocated its weight gradients afresh would force a gen2 every few steps. Buffers come back
/// here only when the library knows nobody else references them (a private gradient dropped by ZeroGrad), and
/// <see cref="Storage.Allocate"/> takes them again for the next tensor of exactly that length and dtype.
/// </summary>
internal static class StoragePool
{
    /// <summary>The runtime's default large-object threshold: smaller arrays die cheaply in gen0.</summary>
    public const int MinBytes = 85_000;

    /// <summary>Buffers kept per (dtype, length): a step reuses a handful of distinct gradient shapes.</summary>
    private const int MaxPerBucket = 4;

    /// <summary>Upper bound on the bytes held, so a cache never grows without limit.</summary>
    private const long MaxBytes = 512L << 20;

    private static readonly Dictionary<(DType, int), Stack<Array>> Buckets = [];
    private static readonly Lock Gate = new();
    private static long heldBytes;

    /// <summary>Bytes currently cached.</summary>
    public static long HeldBytes
    {
        get { lock (Gate) return heldBytes; }
    }

    /// <summary>A cached array of exactly this length (contents undefined), or null.</summary>
    public static T[]? Rent<T>(int length) where T : unmanaged
    {
        if ((long)length * Unsafe.SizeOf<T>() < MinBytes) return null;
        lock (Gate)
        {
            if (!Buckets.TryGetValue((DTypeOf<T>(), length), out var stack) || stack.Count == 0) return null;
            heldBytes -= (long)length * Unsafe.SizeOf<T>();
            return (T[])stack.Pop();
        }
    }

    /// <summary>Takes back a buffer that nothing references any more.</summary>
    public static void Return(Storage storage)
    {
        var array = storage.Array;
        long bytes = (long)array.Length * storage.DType.ElementSize();
        if (bytes < MinBytes) return;
        lock (Gate)
        {
            if (heldBytes + bytes > MaxBytes) return;
            var key = (storage.DType, array.Length);
            if (!Buckets.TryGetValue(key, out var stack)) Buckets[key] = stack = new Stack<Array>();
            if (stack.Count >= MaxPerBucket) return;
            stack.Push(array);
            heldBytes += bytes;
        }
    }

    private static DType DTypeOf<T>() =>
        typeof(T) == typeof(float) ? DType.Float32 : typeof(T) == typeof(double) ? DType.Float64 : DType.Int64;

    /// <summary>Drops every cached buffer (torch.cuda.empty_cache's counterpart).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Buckets.Clear();
            heldBytes = 0;
        }
    }
}
