namespace Nabla;

/// <summary>The flat buffer a tensor and all its views share.</summary>
internal abstract class Storage
{
    public abstract DType DType { get; }
    public abstract int Length { get; }
    public abstract Array Array { get; }

    /// <summary>Bumped by every in-place write, so autograd can detect a saved tensor that was modified.</summary>
    public int Version;

    /// <summary>A buffer with undefined contents: a large one comes from <see cref="StoragePool"/> when it has one.</summary>
    public static Storage Allocate(DType dtype, int length) => dtype switch
    {
        DType.Float32 => Uninitialized<float>(length),
        DType.Float64 => Uninitialized<double>(length),
        DType.Int64 => Uninitialized<long>(length),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static Storage AllocateZeroed(DType dtype, int length)
    {
        var storage = Allocate(dtype, length);
        Array.Clear(storage.Array);
        return storage;
    }

    /// <summary>A second storage over the same buffer with its own version counter.</summary>
    public abstract Storage Alias();

    /// <summary>The pool's watcher of a large buffer (null for small ones and for arrays the library did not make).</summary>
    public abstract PooledBuffer? Buffer { get; }

    private static Storage<T> Uninitialized<T>(int length) where T : unmanaged
    {
        if (!StoragePool.IsLarge<T>(length)) return new Storage<T>(GC.AllocateUninitializedArray<T>(length));
        var array = StoragePool.Rent<T>(length, out var buffer);
        return new Storage<T>(array, buffer);
    }
}

internal sealed class Storage<T>(T[] data, PooledBuffer? buffer = null) : Storage where T : unmanaged
{
    public readonly T[] Data = data;

    public override PooledBuffer? Buffer => buffer;

    public override DType DType => typeof(T) == typeof(float) ? DType.Float32
        : typeof(T) == typeof(double) ? DType.Float64 : DType.Int64;

    public override int Length => Data.Length;
    public override Array Array => Data;
    public override Storage Alias() => new Storage<T>(Data, buffer);
}
