using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using static Nabla.IO.SafetensorsJson;

namespace Nabla.IO;

/// <summary>One tensor's header entry: where its bytes lie in the data buffer (after the header), half-open.</summary>
internal readonly record struct SafetensorsEntry(string Name, DType DType, int[] Shape, long Begin, long End);

/// <summary>
/// The JSON header of a safetensors file: <c>{"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets"}}</c>.
/// Parsing checks every field before any tensor memory is allocated; fields other than those three are ignored,
/// as the reference (Rust) reader does, so files from newer writers still load.
/// </summary>
internal static class SafetensorsHeader
{
    /// <summary>The reference implementation's limit; a larger length field means a corrupt or hostile file.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Most dims a shape may have: the library's tensor rank limit, checked here rather than when the
    /// tensor is first used.</summary>
    public const int MaxRank = Kernels.StridedLoop.MaxRank;

    /// <summary>Most entries one header may have (tensors, and separately metadata strings); real checkpoints have
    /// thousands. Together with the header size limit it bounds the objects one load creates.</summary>
    public const int MaxEntries = 1_000_000;

    /// <summary>Nesting the header needs is 3 (root, entry, shape); ignored fields may nest a little deeper.</summary>
    private const int MaxDepth = 16;

    public const string MetadataKey = "__metadata__";

    private static readonly string[] KnownUnsupported =
        ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "U64", "F8_E4M3", "F8_E5M2", "F4", "F6_E2M3", "F6_E3M2", "E8M0"];

    public static string DTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        _ => "I64",
    };

    private static DType? ParseDType(string name) => name switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I64" => DType.Int64,
        _ => null,
    };

    /// <summary>
    /// Parses and type-checks the header (offsets against each other are checked by <see cref="CheckLayout"/>).
    /// The work is bounded by the header's size: one streaming pass, no per-token index; at most
    /// <see cref="MaxEntries"/> entries, each shape at most <see cref="MaxRank"/> dims; ignored fields are skipped
    /// without allocating. What it allocates is what it returns (names, shapes, metadata strings), each no larger
    /// than its text in the header.
    /// </summary>
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(byte[] header, string file)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw new SafetensorsException(file, header.Length == 0
                ? "the header is empty (its length field is 0); it must hold a JSON object."
                : $"the header does not start with '{{' (first byte 0x{header[0]:X2}); it must be a JSON object.");
        // Utf8JsonReader does not check the UTF-8 inside strings; a bad name would throw later, without the file name.
        if (!Utf8.IsValid(header))
            throw new SafetensorsException(file, "the header is not valid UTF-8 text.");
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            Next(ref reader); // '{', checked above
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string name = ReadString(ref reader, "a tensor name", file);
                if (!seen.Add(name))
                    throw new SafetensorsException(file, $"the header names '{Quote(name)}' twice.");
                Next(ref reader);
                if (name == MetadataKey) ReadMetadata(ref reader, metadata, file);
                else if (entries.Count == MaxEntries)
                    throw new SafetensorsException(file, $"the header has more than {MaxEntries} tensors, Nabla's limit for one file.");
                else entries.Add(ReadEntry(ref reader, name, header, file));
            }
            // The root object has ended; a reader over a complete buffer throws on anything but spaces after it.
            if (reader.Read()) throw new JsonException($"'{(char)header[reader.TokenStartIndex]}' follows the root object.");
            return (entries, metadata);
        }
        catch (JsonException e)
        {
            throw new SafetensorsException(file, $"the header is not valid JSON: {e.Message}", e);
        }
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string file)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new SafetensorsException(file, $"'{MetadataKey}' must be an object of strings, not a JSON {Kind(reader.TokenType)}.");
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = ReadString(ref reader, $"a '{MetadataKey}' key", file);
            if (Next(ref reader) != JsonTokenType.String)
                throw new SafetensorsException(file, $"'{MetadataKey}' entry '{Quote(key)}' must be a string, not a JSON {Kind(reader.TokenType)}.");
            if (!metadata.TryAdd(key, ReadString(ref reader, $"'{MetadataKey}' entry '{{0}}'", file, key)))
                throw new SafetensorsException(file, $"'{MetadataKey}' names '{Quote(key)}' twice.");
            if (metadata.Count > MaxEntries)
                throw new SafetensorsException(file, $"'{MetadataKey}' has more than {MaxEntries} entries, Nabla's limit for one file.");
        }
    }

    private static SafetensorsEntry ReadEntry(ref Utf8JsonReader reader, string name, byte[] header, string file)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new SafetensorsException(file, $"{Tensor(name)}: its entry must be an object with dtype, shape and data_offsets, not a JSON {Kind(reader.TokenType)}.");
        (DType Type, string Name)? dtype = null;
        int[]? shape = null;
        (long Begin, long End)? offsets = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (FieldIs(ref reader, "dtype"u8, name, file))
            {
                if (dtype is not null) throw Twice(name, "dtype", file);
                Next(ref reader);
                dtype = ReadDType(ref reader, name, file);
            }
            else if (FieldIs(ref reader, "shape"u8, name, file))
            {
                if (shape is not null) throw Twice(name, "shape", file);
                Next(ref reader);
                shape = ReadShape(ref reader, name, header, file);
            }
            else if (FieldIs(ref reader, "data_offsets"u8, name, file))
            {
                if (offsets is not null) throw Twice(name, "data_offsets", file);
                Next(ref reader);
                offsets = ReadOffsets(ref reader, name, header, file);
            }
            else
            {
                Next(ref reader);
                reader.Skip(); // another writer's field: ignored, and skipping allocates nothing
            }
        }
        if (dtype is not { } d) throw Missing(name, "dtype", file);
        if (shape is null) throw Missing(name, "shape", file);
        if (offsets is not var (begin, end)) throw Missing(name, "data_offsets", file);

        // numel × element size must equal the byte span: checked in long, numel ≤ Array.MaxLength so no overflow.
        long numel = shape.Contains(0) ? 0 : 1;
        foreach (int dim in shape)
        {
            if (numel == 0) break;
            numel *= dim;
            if (numel > Array.MaxLength)
                throw new SafetensorsException(file, $"{Tensor(name)}: shape {ShapeUtil.Format(shape)} has more elements than a Nabla tensor can hold ({Array.MaxLength}).");
        }
        long expected = numel * d.Type.ElementSize();
        if (end - begin != expected)
            throw new SafetensorsException(file,
                $"{Tensor(name)}: data_offsets [{begin}, {end}] span {end - begin} bytes, but {d.Name} {ShapeUtil.Format(shape)} needs {numel} × {d.Type.ElementSize()} = {expected}.");
        return new SafetensorsEntry(name, d.Type, shape, begin, end);
    }

    /// <summary>How messages name a tensor; built only when one is thrown, so a valid entry allocates no text.</summary>
    private static string Tensor(string name) => $"tensor '{Quote(name)}'";

    /// <summary>Whether the current field name is <paramref name="field"/>. Comparing decodes escapes, so a name
    /// with a lone surrogate throws here as GetString would.</summary>
    private static bool FieldIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> field, string name, string file)
    {
        try { return reader.ValueTextEquals(field); }
        catch (InvalidOperationException e) { throw LoneSurrogate($"{Tensor(name)}: a field name", file, e); }
    }

    private static SafetensorsException Missing(string name, string field, string file) =>
        new(file, $"{Tensor(name)}: the entry has no '{field}' field.");

    private static SafetensorsException Twice(string name, string field, string file) =>
        new(file, $"{Tensor(name)}: field '{field}' appears twice.");

    private static (DType, string) ReadDType(ref Utf8JsonReader reader, string name, string file)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new SafetensorsException(file, $"{Tensor(name)}: dtype must be a string, not a JSON {Kind(reader.TokenType)}.");
        string dtypeName = ReadString(ref reader, "tensor '{0}': dtype", file, name);
        var dtype = ParseDType(dtypeName) ?? throw new SafetensorsException(file,
            $"{Tensor(name)}: unsupported dtype '{Quote(dtypeName)}'" +
            (KnownUnsupported.Contains(dtypeName) ? "" : " (not a safetensors dtype)") + "; Nabla reads F32, F64 and I64.");
        return (dtype, dtypeName);
    }

    /// <summary>Reads at most <see cref="MaxRank"/> dims: a longer shape is rejected at its first extra dim, so a
    /// header of millions of dims costs no more than one of seventeen.</summary>
    private static int[] ReadShape(ref Utf8JsonReader reader, string name, byte[] header, string file)
    {
        const string problem = "shape must be an array of non-negative integers";
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new SafetensorsException(file, $"{Tensor(name)}: {problem}, not a JSON {Kind(reader.TokenType)}.");
        Span<int> dims = stackalloc int[MaxRank];
        int rank = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (rank == MaxRank)
                throw new SafetensorsException(file, $"{Tensor(name)}: shape has more than {MaxRank} dims; Nabla tensors have at most {MaxRank}.");
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
                throw new SafetensorsException(file, $"{Tensor(name)}: {problem}; dim {rank} is {RawText(reader, header)}.");
            if (v > int.MaxValue)
                throw new SafetensorsException(file, $"{Tensor(name)}: dim {rank} is {v}, larger than a Nabla tensor allows ({int.MaxValue}).");
            dims[rank++] = (int)v;
        }
        return dims[..rank].ToArray();
    }

    private static (long Begin, long End) ReadOffsets(ref Utf8JsonReader reader, string name, byte[] header, string file)
    {
        var start = reader; // a copy at the '[', to quote the whole array in an error
        if (reader.TokenType != JsonTokenType.StartArray) throw BadOffsets(start, name, header, file);
        Span<long> values = stackalloc long[2];
        int count = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (count == 2 || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out values[count]) || values[count] < 0)
                throw BadOffsets(start, name, header, file);
            count++;
        }
        if (count != 2 || values[0] > values[1]) throw BadOffsets(start, name, header, file);
        return (values[0], values[1]);
    }

    private static SafetensorsException BadOffsets(Utf8JsonReader start, string name, byte[] header, string file) => new(file,
        $"{Tensor(name)}: data_offsets must be [begin, end], two non-negative integers with begin <= end; got {RawText(start, header)}.");

    /// <summary>
    /// The spec's layout rule: the entries, sorted by offset, tile the data buffer exactly — every offset inside it,
    /// no two tensors sharing a byte, no byte left over. Reports the first violation with the tensors involved, and
    /// returns the entries' indices in offset order (the order a sequential read takes).
    /// </summary>
    public static int[] CheckLayout(IReadOnlyList<SafetensorsEntry> entries, long dataLength, string file)
    {
        foreach (var e in entries)
            if (e.End > dataLength)
                throw new SafetensorsException(file,
                    $"tensor '{Quote(e.Name)}': data_offsets [{e.Begin}, {e.End}] lie outside the data buffer, which holds {dataLength} bytes " +
                    "(the file is truncated or the offsets are wrong).");
        var order = new int[entries.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => entries[a].Begin != entries[b].Begin
            ? entries[a].Begin.CompareTo(entries[b].Begin)
            : entries[a].End != entries[b].End ? entries[a].End.CompareTo(entries[b].End) : a.CompareTo(b)); // ties: header order
        var sorted = order.Select(i => entries[i]);
        long cursor = 0;
        string? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < cursor)
                throw new SafetensorsException(file,
                    $"tensors '{Quote(previous!)}' and '{Quote(e.Name)}' overlap: '{Quote(e.Name)}' starts at byte {e.Begin}, before '{Quote(previous!)}' ends at byte {cursor}.");
            if (e.Begin > cursor)
                throw new SafetensorsException(file,
                    $"bytes [{cursor}, {e.Begin}) of the data buffer, before tensor '{Quote(e.Name)}', belong to no tensor (the format allows no gaps).");
            cursor = e.End;
            previous = e.Name;
        }
        if (cursor < dataLength)
            throw new SafetensorsException(file,
                $"the last {dataLength - cursor} bytes of the data buffer (from byte {cursor}) belong to no tensor (the format allows no gaps).");
        return order;
    }

    /// <summary>The header bytes: compact JSON, "__metadata__" first, entries in the given order, space-padded to a
    /// multiple of 8 bytes so the data buffer starts 8-aligned.</summary>
    public static byte[] Build(IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps non-ASCII names readable; the output is still plain, valid JSON.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) w.WriteString(key, value);
                w.WriteEndObject();
            }
            foreach (var e in entries)
            {
                w.WriteStartObject(e.Name);
                w.WriteString("dtype", DTypeName(e.DType));
                w.WriteStartArray("shape");
                foreach (int dim in e.Shape) w.WriteNumberValue(dim);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(e.Begin);
                w.WriteNumberValue(e.End);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
