using System.Runtime;
using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// Watches one large array for the whole of its life and gives it back to <see cref="StoragePool"/> when nothing
/// references it any more. The array is the primary of a dependent handle whose secondary is this object, and this
/// object holds the array: neither keeps the other alive, so once the last outside reference to the array (a tensor,
/// a view, a span in a running kernel on any thread) is gone, the collector finds both unreachable and queues this
/// finalizer, which returns the array to the pool and re-arms itself. Reachability is the collector's own, exact
/// answer, so a buffer is never recycled while anything can still read it — the guarantee PyTorch's caching
/// allocator gets from reference counts.
/// </summary>
internal sealed class PooledBuffer
{
    private DependentHandle handle;

    /// <summary>Set by the pool when it drops this buffer: the finalizer then lets the array go for good.</summary>
    internal bool Dropped;

    /// <summary>Whether the pool holds this buffer right now (guards against returning it twice).</summary>
    internal bool InPool;

    public PooledBuffer(Array array)
    {
        Array = array;
        handle = new DependentHandle(array, this);
    }

    public Array Array { get; }

    public DType DType => Array switch
    {
        float[] => DType.Float32,
        double[] => DType.Float64,
        _ => DType.Int64,
    };

    public long Bytes => (long)Array.Length * DType.ElementSize();

    ~PooledBuffer()
    {
        if (!Dropped && StoragePool.TakeBackUnreferenced(this))
        {
            handle.Dispose(); // a handle's target can only be cleared, so the next life gets a fresh handle
            handle = new DependentHandle(Array, this);
            GC.ReRegisterForFinalize(this);
        }
        else
        {
            handle.Dispose();
        }
    }
}
