using System.Buffers.Binary;
using System.Text;
using Nabla.IO;

namespace Nabla.Tests.IO;

/// <summary>
/// Every defect a safetensors file can have is reported as a <see cref="SafetensorsException"/> whose message names
/// the file, the problem and (where one is at fault) the tensor — never a crash, a hang or a wrong tensor.
/// </summary>
public sealed class SafetensorsMalformedTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("nabla-safetensors-bad-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A valid F32 [2] entry over bytes [begin, end).</summary>
    private static string F32(string name, int begin = 0, int end = 8, string shape = "[2]") =>
        $"\"{name}\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    public static TheoryData<string, string, int, string> BadHeaders => new()
    {
        // case, header JSON, data bytes after the header, expected message fragment
        { "not json", "{not json}", 0, "the header is not valid JSON: " },
        { "truncated json", "{\"w\":{\"dtype\":\"F32\"", 0, "the header is not valid JSON: " },
        { "array, not object", "[1, 2]", 0, "does not start with '{' (first byte 0x5B)" },
        { "leading space", " {}", 0, "does not start with '{' (first byte 0x20)" },
        { "entry not object", "{\"w\":[1,2]}", 0, "tensor 'w': its entry must be an object with dtype, shape and data_offsets, not a JSON Array" },
        { "missing dtype", "{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'w': the entry has no 'dtype' field" },
        { "missing shape", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, "tensor 'w': the entry has no 'shape' field" },
        { "missing offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "tensor 'w': the entry has no 'data_offsets' field" },
        { "dtype number", "{\"w\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'w': dtype must be a string, not a JSON Number" },
        { "dtype F16", "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "tensor 'w': unsupported dtype 'F16'; Nabla reads F32, F64 and I64" },
        { "dtype BF16", "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "tensor 'w': unsupported dtype 'BF16'; Nabla reads" },
        { "dtype I32", "{\"w\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'w': unsupported dtype 'I32'; Nabla reads" },
        { "dtype BOOL", "{\"w\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2, "tensor 'w': unsupported dtype 'BOOL'; Nabla reads" },
        { "dtype unknown", "{\"w\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'w': unsupported dtype 'F33' (not a safetensors dtype)" },
        { "shape negative", "{" + F32("w", shape: "[-2]") + "}", 8, "tensor 'w': shape must be an array of non-negative integers; dim 0 is -2" },
        { "shape fractional", "{" + F32("w", shape: "[2, 1.5]") + "}", 8, "tensor 'w': shape must be an array of non-negative integers; dim 1 is 1.5" },
        { "shape not array", "{" + F32("w", shape: "\"2\"") + "}", 8, "tensor 'w': shape must be an array of non-negative integers, not a JSON String" },
        { "dim too large", "{" + F32("w", shape: "[3000000000]") + "}", 8, "tensor 'w': dim 0 is 3000000000, larger than a Nabla tensor allows" },
        { "too many elements", "{" + F32("w", shape: "[100000, 100000]") + "}", 8, "tensor 'w': shape [100000, 100000] has more elements than a Nabla tensor can hold" },
        { "offsets three", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8, "tensor 'w': data_offsets must be [begin, end]" },
        { "offsets negative", "{" + F32("w", -8, 0) + "}", 8, "tensor 'w': data_offsets must be [begin, end], two non-negative integers with begin <= end; got [-8,0]" },
        { "offsets reversed", "{" + F32("w", 8, 0) + "}", 8, "tensor 'w': data_offsets must be [begin, end], two non-negative integers with begin <= end; got [8,0]" },
        { "offsets fractional", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.5]}}", 8, "tensor 'w': data_offsets must be [begin, end]" },
        { "size mismatch", "{" + F32("w", shape: "[3]") + "}", 8, "tensor 'w': data_offsets [0, 8] span 8 bytes, but F32 [3] needs 3 × 4 = 12" },
        { "offsets out of range", "{" + F32("w", 8, 16) + "}", 8, "tensor 'w': data_offsets [8, 16] lie outside the data buffer, which holds 8 bytes" },
        { "overlap", "{" + F32("a") + "," + F32("b", 4, 12) + "}", 12, "tensors 'a' and 'b' overlap: 'b' starts at byte 4, before 'a' ends at byte 8" },
        { "same offsets", "{" + F32("a") + "," + F32("b") + "}", 8, "tensors 'a' and 'b' overlap" },
        { "gap", "{" + F32("a") + "," + F32("b", 12, 20) + "}", 20, "bytes [8, 12) of the data buffer, before tensor 'b', belong to no tensor" },
        { "gap at start", "{" + F32("a", 4, 12) + "}", 12, "bytes [0, 4) of the data buffer, before tensor 'a', belong to no tensor" },
        { "trailing bytes", "{" + F32("a") + "}", 12, "the last 4 bytes of the data buffer (from byte 8) belong to no tensor" },
        { "duplicate tensor", "{" + F32("w") + "," + F32("w") + "}", 8, "the header names 'w' twice" },
        { "duplicate field", "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'w': field 'dtype' appears twice" },
        { "metadata not object", "{\"__metadata__\":[1]," + F32("w") + "}", 8, "'__metadata__' must be an object of strings, not a JSON Array" },
        { "metadata number", "{\"__metadata__\":{\"epoch\":3}," + F32("w") + "}", 8, "'__metadata__' entry 'epoch' must be a string, not a JSON Number" },
        { "metadata twice", "{\"__metadata__\":{},\"__metadata__\":{}}", 0, "the header names '__metadata__' twice" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void MalformedHeaderIsReported(string caseName, string header, int dataBytes, string fragment)
    {
        string path = Write(caseName, Encoding.UTF8.GetBytes(header), new byte[dataBytes]);
        AssertBad(path, fragment);
    }

    [Fact]
    public void FileShorterThanTheLengthField()
    {
        string path = Path.Combine(dir, "short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        AssertBad(path, "the file is 5 bytes long, too short to hold the 8-byte header length");
    }

    [Fact]
    public void HeaderLengthAboveTheLimit()
    {
        string path = Write("huge", "{}"u8.ToArray(), [], lengthField: 1UL << 40);
        AssertBad(path, "the header length field says 1099511627776 bytes, more than the 100000000-byte limit");
    }

    [Fact]
    public void HeaderLengthPastTheEndOfTheFile()
    {
        string path = Write("past", "{}"u8.ToArray(), [], lengthField: 64);
        AssertBad(path, "the header length field says 64 bytes, but only 2 bytes follow it (the file is truncated or not safetensors)");
    }

    [Fact]
    public void HeaderLengthZero()
    {
        string path = Write("zero", [], []);
        AssertBad(path, "the header is empty (its length field is 0)");
    }

    [Fact]
    public void HeaderWithInvalidUtf8()
    {
        string path = Write("utf8", [.. "{\"w"u8, 0xFF, .. "\":1}"u8], []);
        AssertBad(path, "the header is not valid UTF-8 text");
    }

    [Fact]
    public void TruncatedDataNamesTheTensorWhoseBytesAreMissing()
    {
        string full = Path.Combine(dir, "full.safetensors");
        Safetensors.Save(full, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones([4]), ["b"] = Tensor.Ones([4]) });
        byte[] bytes = File.ReadAllBytes(full);
        string path = Path.Combine(dir, "truncated.safetensors");
        File.WriteAllBytes(path, bytes[..^3]);
        AssertBad(path, "tensor 'b': data_offsets [16, 32] lie outside the data buffer, which holds 29 bytes (the file is truncated or the offsets are wrong)");

        using var stream = new MemoryStream(bytes[..^3], writable: false);
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(stream, "upload.bin"));
        Assert.StartsWith("Safetensors file 'upload.bin': tensor 'b'", e.Message);
    }

    [Fact]
    public void HeaderPaddedWithSpacesLoads()
    {
        string path = Write("padded", Encoding.UTF8.GetBytes("{" + F32("w") + "}" + new string(' ', 21)), [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]);
        Assert.Equal([1f, 2f], Safetensors.Load(path).Tensors["w"].ToArray<float>());
    }

    [Fact]
    public void MissingFileIsAFileNotFoundException()
    {
        string path = Path.Combine(dir, "absent.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
    }

    /// <summary>Every prefix of a valid file, and random byte flips in its header, either load or raise
    /// SafetensorsException — nothing else escapes.</summary>
    [Fact]
    public void TruncationsAndCorruptionsNeverEscapeAsOtherExceptions()
    {
        string source = Path.Combine(dir, "source.safetensors");
        Safetensors.Save(source, new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.Randn([3, 2], seed: 1),
            ["d"] = Tensor.FromArray([1.0, 2.0]),
            ["i"] = Tensor.FromArray([5L]),
        }, new Dictionary<string, string> { ["format"] = "pt" });
        byte[] bytes = File.ReadAllBytes(source);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);

        for (int n = 0; n < bytes.Length; n++)
            Assert.Throws<SafetensorsException>(() => Safetensors.Load(new MemoryStream(bytes, 0, n), $"prefix{n}"));

        var random = new Random(42);
        int loaded = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] corrupt = (byte[])bytes.Clone();
            int at = random.Next(headerEnd);
            corrupt[at] = trial % 2 == 0 ? (byte)random.Next(256) : (byte)"{}[]\",:0123456789- "[random.Next(19)];
            try
            {
                Safetensors.Load(new MemoryStream(corrupt), $"corrupt{trial}");
                loaded++; // e.g. a digit changed inside a name, or a flip that left the bytes unchanged
            }
            catch (SafetensorsException e)
            {
                Assert.StartsWith($"Safetensors file 'corrupt{trial}': ", e.Message);
            }
        }
        // Only flips that leave a consistent header can load (19 of these 400); the rest must all have been caught.
        Assert.InRange(loaded, 1, 40);
    }

    private string Write(string caseName, byte[] header, byte[] data, ulong? lengthField = null)
    {
        string path = Path.Combine(dir, caseName.Replace(' ', '_') + ".safetensors");
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, lengthField ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertBad(string path, string fragment)
    {
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(path));
        Assert.StartsWith($"Safetensors file '{path}': ", e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.Equal(path, e.FileName);
    }
}
