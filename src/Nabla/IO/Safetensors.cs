using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.IO;

/// <summary>What <see cref="Safetensors.Load(string)"/> returns: the tensors in header order, and the string metadata.</summary>
public sealed class SafetensorsFile(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
{
    /// <summary>Tensors by name, in the order the header lists them (for Nabla-written files: the order given to Save).</summary>
    public Dictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>The header's "__metadata__" (empty when the file has none), e.g. {"format": "pt"}.</summary>
    public Dictionary<string, string> Metadata { get; } = metadata;
}

/// <summary>
/// Reads and writes the safetensors format (F32, F64 and I64 tensors): an 8-byte little-endian header length N,
/// N bytes of JSON header, then the raw little-endian data buffer that the header's data_offsets index into.
/// <code>
/// Safetensors.Save("model.safetensors", model.StateDict(), new Dictionary&lt;string, string&gt; { ["format"] = "pt" });
/// model.LoadStateDict(Safetensors.Load("model.safetensors").Tensors);
/// </code>
/// Loading validates everything before allocating tensor memory and reports any defect as a
/// <see cref="SafetensorsException"/> naming the file. Saving is atomic (<see cref="AtomicFile"/>).
/// Data is little-endian on every host: big-endian hosts swap bytes on the way in and out.
/// </summary>
public static class Safetensors
{
    private const int ChunkBytes = 1 << 20; // I/O in 1 MiB pieces: spans stay small however large the tensor is

    /// <summary>Most dims a stored shape may have: the library's tensor rank limit, enforced when loading.</summary>
    public const int MaxRank = SafetensorsHeader.MaxRank;

    /// <summary>Most tensors (and, separately, metadata strings) one file may hold when loading.</summary>
    public const int MaxEntries = SafetensorsHeader.MaxEntries;

    /// <summary>
    /// Writes <paramref name="tensors"/> (any layout; views are written as their logical, row-major elements) and
    /// optional metadata to <paramref name="path"/>, replacing an existing file atomically.
    /// The header lists tensors in the given order; the data buffer holds the 8-byte types (F64, I64) first, then
    /// F32, keeping that order within each group, so every tensor is aligned to its element size — what
    /// safetensors' own writer achieves by sorting. Readers do not depend on either order.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (header, order) = Plan(tensors, metadata, path);
        AtomicFile.Write(path, stream => WriteData(stream, header, order));
    }

    /// <summary>Writes the safetensors bytes to a stream (no atomicity: that is the caller's business).</summary>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, string nameForErrors = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (header, order) = Plan(tensors, metadata, nameForErrors);
        WriteData(stream, header, order);
    }

    /// <summary>Reads a safetensors file; see <see cref="Load(Stream, string)"/>.</summary>
    public static SafetensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Load(stream, path);
    }

    /// <summary>
    /// Reads safetensors bytes from the stream's current position to its end. <paramref name="nameForErrors"/> is
    /// the file name that error messages give. A stream that cannot seek is first copied into memory (its length
    /// must be known before any tensor is allocated).
    /// </summary>
    public static SafetensorsFile Load(Stream stream, string nameForErrors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForErrors);
        string file = nameForErrors;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return Load(copy, nameForErrors);
        }

        long length = stream.Length - stream.Position;
        if (length < 8)
            throw new SafetensorsException(file, $"the file is {length} bytes long, too short to hold the 8-byte header length.");
        Span<byte> lengthField = stackalloc byte[8];
        stream.ReadExactly(lengthField);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (headerLength > SafetensorsHeader.MaxHeaderBytes)
            throw new SafetensorsException(file,
                $"the header length field says {headerLength} bytes, more than the {SafetensorsHeader.MaxHeaderBytes}-byte limit (the file is corrupt or not safetensors).");
        if ((long)headerLength > length - 8)
            throw new SafetensorsException(file,
                $"the header length field says {headerLength} bytes, but only {length - 8} bytes follow it (the file is truncated or not safetensors).");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var (entries, metadata) = SafetensorsHeader.Parse(headerBytes, file);
        long dataLength = length - 8 - (long)headerLength;
        int[] offsetOrder = SafetensorsHeader.CheckLayout(entries, dataLength, file);

        // The layout check proved the entries tile the buffer, so reading them in offset order is one sequential pass.
        var loaded = new Tensor[entries.Count];
        foreach (int i in offsetOrder)
        {
            var e = entries[i];
            try
            {
                loaded[i] = e.DType switch
                {
                    DType.Float32 => Read<float>(stream, e.Shape),
                    DType.Float64 => Read<double>(stream, e.Shape),
                    _ => Read<long>(stream, e.Shape),
                };
            }
            catch (EndOfStreamException ex)
            {
                throw new SafetensorsException(file, $"tensor '{SafetensorsJson.Quote(e.Name)}': the file ended inside its data (it was truncated while being read).", ex);
            }
        }
        var tensors = new Dictionary<string, Tensor>(entries.Count);
        for (int i = 0; i < entries.Count; i++) tensors[entries[i].Name] = loaded[i];
        return new SafetensorsFile(tensors, metadata);
    }

    // ------------------------------------------------------------------------------------------ writing

    private static (byte[] Header, List<(SafetensorsEntry Entry, Tensor Tensor)> DataOrder) Plan(
        IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata, string file)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var items = new List<(string Name, Tensor Tensor)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (name is null || tensor is null)
                throw new ArgumentException($"Safetensors.Save to '{file}': tensor '{name}' is null.", nameof(tensors));
            if (name == SafetensorsHeader.MetadataKey)
                throw new ArgumentException($"Safetensors.Save to '{file}': '{name}' is reserved for the metadata and cannot name a tensor.", nameof(tensors));
            items.Add((name, tensor));
        }
        if (metadata is not null)
            foreach (var (key, value) in metadata)
                if (key is null || value is null)
                    throw new ArgumentException($"Safetensors.Save to '{file}': metadata entry '{key}' is null.", nameof(metadata));

        // 8-byte element types first (OrderBy is stable), so each tensor starts at a multiple of its element size.
        var dataOrder = new List<(SafetensorsEntry, Tensor)>(items.Count);
        var entryOf = new Dictionary<string, SafetensorsEntry>(items.Count);
        long offset = 0;
        foreach (var (name, tensor) in items.OrderBy(i => -i.Tensor.DType.ElementSize()))
        {
            long bytes = (long)tensor.Numel * tensor.DType.ElementSize();
            var entry = new SafetensorsEntry(name, tensor.DType, tensor.Shape, offset, offset + bytes);
            offset += bytes;
            entryOf[name] = entry;
            dataOrder.Add((entry, tensor));
        }
        var header = SafetensorsHeader.Build(items.Select(i => entryOf[i.Name]).ToList(), metadata);
        return (header, dataOrder);
    }

    private static void WriteData(Stream stream, byte[] header, List<(SafetensorsEntry Entry, Tensor Tensor)> dataOrder)
    {
        Span<byte> lengthField = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthField, (ulong)header.Length);
        stream.Write(lengthField);
        stream.Write(header);
        foreach (var (_, tensor) in dataOrder)
        {
            switch (tensor.DType)
            {
                case DType.Float32: Write<float>(stream, tensor); break;
                case DType.Float64: Write<double>(stream, tensor); break;
                default: Write<long>(stream, tensor); break;
            }
        }
    }

    private static void Write<T>(Stream stream, Tensor tensor) where T : unmanaged
    {
        ReadOnlySpan<T> values = tensor.IsContiguous ? (ReadOnlySpan<T>)tensor.Span<T>() : tensor.ToArray<T>();
        int chunk = ChunkBytes / Unsafe.SizeOf<T>();
        T[]? swapped = BitConverter.IsLittleEndian ? null : new T[Math.Min(chunk, values.Length)];
        for (int i = 0; i < values.Length; i += chunk)
        {
            var piece = values.Slice(i, Math.Min(chunk, values.Length - i));
            if (swapped is not null)
            {
                piece.CopyTo(swapped);
                piece = swapped.AsSpan(0, piece.Length);
                ReverseEndianness<T>(swapped.AsSpan(0, piece.Length));
            }
            stream.Write(MemoryMarshal.AsBytes(piece));
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    private static Tensor Read<T>(Stream stream, int[] shape) where T : unmanaged
    {
        var data = GC.AllocateUninitializedArray<T>(ShapeUtil.Numel(shape));
        int chunk = ChunkBytes / Unsafe.SizeOf<T>();
        for (int i = 0; i < data.Length; i += chunk)
        {
            var piece = data.AsSpan(i, Math.Min(chunk, data.Length - i));
            stream.ReadExactly(MemoryMarshal.AsBytes(piece));
            if (!BitConverter.IsLittleEndian) ReverseEndianness(piece);
        }
        return Tensor.Wrap(data, shape);
    }

    /// <summary>Swaps each element's bytes (only big-endian hosts get here): floats are swapped as same-size integers.</summary>
    private static void ReverseEndianness<T>(Span<T> values) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() == 4)
        {
            var ints = MemoryMarshal.Cast<T, int>(values);
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        else
        {
            var longs = MemoryMarshal.Cast<T, long>(values);
            BinaryPrimitives.ReverseEndianness(longs, longs);
        }
    }
}
