using System.Buffers.Binary;
using Nabla.IO;

namespace Nabla.Fuzz.Targets;

/// <summary>
/// <see cref="Safetensors.Load(Stream, string)"/> on arbitrary bytes. Documented: <see cref="SafetensorsException"/>
/// naming the file. When a file loads, every tensor is read out, and saving and loading it again must give the same
/// names, dtypes, shapes and bits — a wrong tensor is a bug too.
/// </summary>
public sealed class SafetensorsTarget : IFuzzTarget
{
    private const string FileName = "fuzz.safetensors";

    public string Name => "safetensors";

    public IEnumerable<byte[]> Seeds()
    {
        yield return Bytes(new() { ["w"] = Tensor.FromArray([1f, 2f]) });
        yield return Bytes(new()
        {
            ["weight"] = Tensor.Randn([3, 2], seed: 1),
            ["bias_f64"] = Tensor.FromArray([0.5, -0.25]),
            ["labels"] = Tensor.FromArray([3L, -1L]),
        }, new() { ["format"] = "pt", ["note"] = "ünï \"q\"" });
        yield return Bytes(new() { ["scalar"] = Tensor.Scalar(2.0, DType.Float64), ["empty"] = Tensor.Zeros([0, 3]) });
        yield return Bytes(new() { ["r4"] = Tensor.Ones([1, 2, 1, 2]), ["😀 name"] = Tensor.FromArray([7L]) });
        yield return Bytes(new(), new() { ["only"] = "metadata" });
        yield return Bytes(new() { ["a"] = Tensor.Zeros([2]), ["b"] = Tensor.Zeros([2]), ["c"] = Tensor.Zeros([2]) });
        // A header written by another writer: unknown fields, extra spaces, an escaped name.
        yield return Raw("{ \"w\\u00e9\" : {\"dtype\":\"F32\", \"shape\":[1], \"data_offsets\":[0,4], \"extra\":{\"x\":[1,[2]]}} }  ", 4);
    }

    public void Run(byte[] input)
    {
        var file = Safetensors.Load(new MemoryStream(input, writable: false), FileName);
        foreach (var t in file.Tensors.Values)
        {
            if (t.Numel != t.Shape.Aggregate(1L, (n, d) => n * d)) throw new FuzzCheckException($"numel {t.Numel} does not match shape");
            _ = t.ToDoubleArray(); // what users do next: any rank or size problem must have been caught at load
        }

        var saved = new MemoryStream();
        Safetensors.Save(saved, file.Tensors, file.Metadata);
        saved.Position = 0;
        var again = Safetensors.Load(saved, "roundtrip");
        if (!again.Tensors.Keys.SequenceEqual(file.Tensors.Keys)) throw new FuzzCheckException("round trip changed the names or their order");
        if (!again.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(file.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)))
            throw new FuzzCheckException("round trip changed the metadata");
        foreach (var (name, t) in file.Tensors)
        {
            var u = again.Tensors[name];
            if (u.DType != t.DType || !u.Shape.SequenceEqual(t.Shape)) throw new FuzzCheckException($"round trip changed '{name}'s dtype or shape");
            bool same = t.DType switch
            {
                DType.Float32 => t.ToArray<float>().Select(BitConverter.SingleToInt32Bits).SequenceEqual(u.ToArray<float>().Select(BitConverter.SingleToInt32Bits)),
                DType.Float64 => t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).SequenceEqual(u.ToArray<double>().Select(BitConverter.DoubleToInt64Bits)),
                _ => t.ToArray<long>().SequenceEqual(u.ToArray<long>()),
            };
            if (!same) throw new FuzzCheckException($"round trip changed the bits of '{name}'");
        }
    }

    public bool IsDocumented(Exception e) => e is SafetensorsException s && s.FileName == FileName && s.Message.StartsWith($"Safetensors file '{FileName}': ");

    /// <summary>
    /// Edits the JSON header and, most of the time, rewrites the length field to match, so the edit reaches the
    /// parser instead of failing the length check; sometimes also cuts or pads the data buffer.
    /// </summary>
    public byte[]? MutateStructured(byte[] input, Random random)
    {
        if (input.Length < 8) return null;
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(input);
        if (length > (ulong)(input.Length - 8)) return null;
        byte[] header = input[8..(8 + (int)length)], data = input[(8 + (int)length)..];
        header = JsonMutator.Mutate(header, random);
        if (random.Next(5) == 0) data = random.Next(2) == 0 && data.Length > 0 ? data[..random.Next(data.Length)] : [.. data, .. new byte[1 << random.Next(6)]];

        var result = new byte[8 + header.Length + data.Length];
        ulong field = random.Next(10) switch
        {
            0 => (ulong)(header.Length + random.Next(-8, 9)),
            1 => (ulong)ByteMutator.InterestingIntegers[random.Next(ByteMutator.InterestingIntegers.Length)],
            _ => (ulong)header.Length,
        };
        BinaryPrimitives.WriteUInt64LittleEndian(result, field);
        header.CopyTo(result, 8);
        data.CopyTo(result, 8 + header.Length);
        return result;
    }

    private static byte[] Bytes(Dictionary<string, Tensor> tensors, Dictionary<string, string>? metadata = null)
    {
        var stream = new MemoryStream();
        Safetensors.Save(stream, tensors, metadata);
        return stream.ToArray();
    }

    private static byte[] Raw(string header, int dataBytes)
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
