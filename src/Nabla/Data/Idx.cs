using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics.Tensors;

namespace Nabla.Data;

/// <summary>An IDX array of unsigned bytes: its dims and its values in row-major order.</summary>
public sealed record IdxArray(int[] Shape, byte[] Data);

/// <summary>
/// Reader of IDX files (the MNIST format: 0x00 0x00, a type byte, the rank, then each dim as a big-endian 32-bit
/// integer, then the values), raw or gzip-compressed (detected from the content). Only unsigned-byte data (type
/// 0x08) is read. The header is checked against the data before anything of the header's claimed size is
/// allocated: against the file's length when it is known, and while streaming for gzip, so the cost of reading is
/// bounded by what the file really holds. Every malformation raises <see cref="DataFormatException"/>.
/// </summary>
public static class Idx
{
    private const byte UnsignedByte = 0x08;
    private const int MaxRank = 16;

    /// <summary>Reads an IDX file (gzipped or not).</summary>
    public static IdxArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads IDX data held in memory; name stands for the file in error messages.</summary>
    public static IdxArray Read(byte[] bytes, string name = "<memory>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, name);
    }

    /// <summary>Reads IDX data from a stream. A seekable stream may be gzip-compressed (detected from its first bytes);
    /// a non-seekable one is read as raw IDX (wrap compressed data in a GZipStream first).</summary>
    public static IdxArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            if (stream.CanSeek && IsGzip(stream))
            {
                using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
                return ReadRaw(gzip, null, name);
            }
            return ReadRaw(stream, stream.CanSeek ? stream.Length - stream.Position : null, name);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(name, $"corrupt gzip data ({e.Message})", e);
        }
    }

    /// <summary>An IDX file of images [N, rows, cols] (or any rank ≥ 2) as Float32 in [0, 1] (byte / 255).</summary>
    public static Tensor ReadImages(string path) => ToImages(Read(path), path);

    /// <summary>An IDX file of labels [N] as Int64.</summary>
    public static Tensor ReadLabels(string path) => ToLabels(Read(path), path);

    /// <summary>Images [N, …] as Float32 in [0, 1].</summary>
    public static Tensor ToImages(IdxArray array, string name)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Shape.Length < 2) throw new DataFormatException(name, $"expected images (rank ≥ 2), found rank {array.Shape.Length}");
        var images = new Tensor(DType.Float32, (int[])array.Shape.Clone());
        var values = images.Span<float>();
        TensorPrimitives.ConvertChecked<byte, float>(array.Data, values);
        TensorPrimitives.Divide(values, 255f, values);
        return images;
    }

    /// <summary>Labels [N] as Int64.</summary>
    public static Tensor ToLabels(IdxArray array, string name)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Shape.Length != 1) throw new DataFormatException(name, $"expected labels (rank 1), found rank {array.Shape.Length}");
        var labels = new Tensor(DType.Int64, [array.Shape[0]]);
        TensorPrimitives.ConvertChecked<byte, long>(array.Data, labels.Span<long>());
        return labels;
    }

    private static bool IsGzip(Stream stream)
    {
        long start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <param name="available">bytes left in the stream when known (raw seekable data), else null (stream and check).</param>
    private static IdxArray ReadRaw(Stream stream, long? available, string name)
    {
        Span<byte> magic = stackalloc byte[4];
        ReadHeader(stream, magic, name, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException(name, $"wrong magic number 0x{magic[0]:X2}{magic[1]:X2}{magic[2]:X2}{magic[3]:X2}: not an IDX file (it must start with 0x0000)");
        if (magic[2] != UnsignedByte)
            throw new DataFormatException(name, $"type byte 0x{magic[2]:X2} is not supported (only 0x08, unsigned bytes, as in MNIST)");
        int rank = magic[3];
        if (rank is 0 or > MaxRank) throw new DataFormatException(name, $"rank {rank} is outside 1 … {MaxRank}");

        var shape = new int[rank];
        Span<byte> dims = stackalloc byte[4 * rank];
        ReadHeader(stream, dims, name, $"{rank} dimensions");
        var claimed = new uint[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            claimed[d] = BinaryPrimitives.ReadUInt32BigEndian(dims.Slice(4 * d, 4));
            count *= claimed[d]; // below 2^31 · 2^32 at every step: stops before it could overflow
            if (claimed[d] > int.MaxValue || count > Array.MaxLength)
                throw new DataFormatException(name, $"wrong dimensions [{string.Join(", ", claimed[..(d + 1)])}…]: more than {Array.MaxLength} values");
            shape[d] = (int)claimed[d];
        }

        long dataBytes = available is { } total ? total - 4 - 4 * rank : -1;
        if (dataBytes >= 0 && dataBytes != count)
            throw new DataFormatException(name, dataBytes < count
                ? $"truncated: dimensions [{string.Join(", ", shape)}] need {count} bytes of data, the file has {dataBytes}"
                : $"wrong dimensions [{string.Join(", ", shape)}]: they need {count} bytes of data, the file has {dataBytes}");
        var data = dataBytes >= 0 ? ReadKnown(stream, (int)count, name) : ReadStreaming(stream, (int)count, shape, name);
        return new IdxArray(shape, data);
    }

    private static void ReadHeader(Stream stream, Span<byte> buffer, string name, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new DataFormatException(name, $"truncated: the file ends inside the header ({what})");
    }

    private static byte[] ReadKnown(Stream stream, int count, string name)
    {
        var data = GC.AllocateUninitializedArray<byte>(count);
        if (stream.ReadAtLeast(data, count, throwOnEndOfStream: false) < count)
            throw new DataFormatException(name, $"truncated: the file ended before its {count} bytes of data");
        return data;
    }

    // The claimed size cannot be checked up front: grow the buffer only as data arrives (at most twice what was read).
    private static byte[] ReadStreaming(Stream stream, int count, int[] shape, string name)
    {
        var data = new byte[Math.Min(count, 1 << 16)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            int read = stream.Read(data, filled, data.Length - filled);
            if (read == 0)
                throw new DataFormatException(name, $"truncated: dimensions [{string.Join(", ", shape)}] need {count} bytes of data, the file has {filled}");
            filled += read;
        }
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) != 0)
            throw new DataFormatException(name, $"wrong dimensions [{string.Join(", ", shape)}]: the file holds more than the {count} bytes of data they need");
        return data;
    }
}
