using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json;

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

    /// <summary>Parses and type-checks the header (offsets against each other are checked by <see cref="CheckLayout"/>).</summary>
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(byte[] header, string file)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw new SafetensorsException(file, header.Length == 0
                ? "the header is empty (its length field is 0); it must hold a JSON object."
                : $"the header does not start with '{{' (first byte 0x{header[0]:X2}); it must be a JSON object.");
        // JsonDocument does not check the UTF-8 inside strings; a bad name would throw later, without the file name.
        if (!Utf8.IsValid(header))
            throw new SafetensorsException(file, "the header is not valid UTF-8 text.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new SafetensorsException(file, $"the header is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new SafetensorsException(file, $"the header names '{property.Name}' twice.");
                if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, file);
                else entries.Add(ReadEntry(property.Name, property.Value, file));
            }
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsException(file, $"'{MetadataKey}' must be an object of strings, not a JSON {value.ValueKind}.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsException(file, $"'{MetadataKey}' entry '{item.Name}' must be a string, not a JSON {item.Value.ValueKind}.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new SafetensorsException(file, $"'{MetadataKey}' names '{item.Name}' twice.");
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsException(file, $"tensor '{name}': its entry must be an object with dtype, shape and data_offsets, not a JSON {value.ValueKind}.");
        JsonElement? dtypeField = null, shapeField = null, offsetsField = null;
        foreach (var field in value.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeField;
            if (field.Name == "shape") slot = ref shapeField;
            else if (field.Name == "data_offsets") slot = ref offsetsField;
            else if (field.Name != "dtype") continue;
            if (slot is not null) throw new SafetensorsException(file, $"tensor '{name}': field '{field.Name}' appears twice.");
            slot = field.Value;
        }
        if (dtypeField is not { } d) throw Missing(name, "dtype", file);
        if (shapeField is not { } s) throw Missing(name, "shape", file);
        if (offsetsField is not { } o) throw Missing(name, "data_offsets", file);

        if (d.ValueKind != JsonValueKind.String)
            throw new SafetensorsException(file, $"tensor '{name}': dtype must be a string, not a JSON {d.ValueKind}.");
        string dtypeName = d.GetString()!;
        var dtype = ParseDType(dtypeName) ?? throw new SafetensorsException(file,
            $"tensor '{name}': unsupported dtype '{dtypeName}'" +
            (KnownUnsupported.Contains(dtypeName) ? "" : " (not a safetensors dtype)") + "; Nabla reads F32, F64 and I64.");

        int[] shape = ReadShape(name, s, file);
        var (begin, end) = ReadOffsets(name, o, file);

        // numel × element size must equal the byte span: checked in long, numel ≤ Array.MaxLength so no overflow.
        long numel = shape.Contains(0) ? 0 : 1;
        foreach (int dim in shape)
        {
            if (numel == 0) break;
            numel *= dim;
            if (numel > Array.MaxLength)
                throw new SafetensorsException(file, $"tensor '{name}': shape {ShapeUtil.Format(shape)} has more elements than a Nabla tensor can hold ({Array.MaxLength}).");
        }
        long expected = numel * dtype.ElementSize();
        if (end - begin != expected)
            throw new SafetensorsException(file,
                $"tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes, but {dtypeName} {ShapeUtil.Format(shape)} needs {numel} × {dtype.ElementSize()} = {expected}.");
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static SafetensorsException Missing(string name, string field, string file) =>
        new(file, $"tensor '{name}': the entry has no '{field}' field.");

    private static int[] ReadShape(string name, JsonElement s, string file)
    {
        string problem = $"tensor '{name}': shape must be an array of non-negative integers";
        if (s.ValueKind != JsonValueKind.Array) throw new SafetensorsException(file, $"{problem}, not a JSON {s.ValueKind}.");
        var shape = new int[s.GetArrayLength()];
        int i = 0;
        foreach (var dim in s.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long v) || v < 0)
                throw new SafetensorsException(file, $"{problem}; dim {i} is {dim.GetRawText()}.");
            if (v > int.MaxValue)
                throw new SafetensorsException(file, $"tensor '{name}': dim {i} is {v}, larger than a Nabla tensor allows ({int.MaxValue}).");
            shape[i++] = (int)v;
        }
        return shape;
    }

    private static (long Begin, long End) ReadOffsets(string name, JsonElement o, string file)
    {
        string problem = $"tensor '{name}': data_offsets must be [begin, end], two non-negative integers with begin <= end";
        if (o.ValueKind != JsonValueKind.Array || o.GetArrayLength() != 2)
            throw new SafetensorsException(file, $"{problem}; got {o.GetRawText()}.");
        var values = new long[2];
        int i = 0;
        foreach (var item in o.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i]) || values[i] < 0)
                throw new SafetensorsException(file, $"{problem}; got {o.GetRawText()}.");
            i++;
        }
        if (values[0] > values[1]) throw new SafetensorsException(file, $"{problem}; got {o.GetRawText()}.");
        return (values[0], values[1]);
    }

    /// <summary>
    /// The spec's layout rule: the entries, sorted by offset, tile the data buffer exactly — every offset inside it,
    /// no two tensors sharing a byte, no byte left over. Reports the first violation with the tensors involved.
    /// </summary>
    public static void CheckLayout(IReadOnlyList<SafetensorsEntry> entries, long dataLength, string file)
    {
        foreach (var e in entries)
            if (e.End > dataLength)
                throw new SafetensorsException(file,
                    $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] lie outside the data buffer, which holds {dataLength} bytes " +
                    "(the file is truncated or the offsets are wrong).");
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long cursor = 0;
        string? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < cursor)
                throw new SafetensorsException(file,
                    $"tensors '{previous}' and '{e.Name}' overlap: '{e.Name}' starts at byte {e.Begin}, before '{previous}' ends at byte {cursor}.");
            if (e.Begin > cursor)
                throw new SafetensorsException(file,
                    $"bytes [{cursor}, {e.Begin}) of the data buffer, before tensor '{e.Name}', belong to no tensor (the format allows no gaps).");
            cursor = e.End;
            previous = e.Name;
        }
        if (cursor < dataLength)
            throw new SafetensorsException(file,
                $"the last {dataLength - cursor} bytes of the data buffer (from byte {cursor}) belong to no tensor (the format allows no gaps).");
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
