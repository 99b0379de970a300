using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Nabla.IO;

namespace Nabla.Tests.IO;

/// <summary>
/// Hostile but well-formed headers: the loader's time and memory stay proportional to the file and to the tensors
/// it returns, and text JSON can express but .NET strings cannot hold is a <see cref="SafetensorsException"/>.
/// </summary>
public sealed class SafetensorsBoundsTests
{
    private const string Entry = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";

    // ------------------------------------------------------------------ escaped lone surrogates (fuzzer finding)

    public static TheoryData<string, string?> LoneSurrogates => new()
    {
        { "{\"w\\ud800\":{" + Entry + "}}", "a tensor name is not valid text: it escapes a lone UTF-16 surrogate (such as \\ud800 without its pair)" },
        { "{\"w\":{\"dtype\":\"F3\\udc00\",\"shape\":[2],\"data_offsets\":[0,8]}}", "tensor 'w': dtype is not valid text: it escapes a lone UTF-16 surrogate" },
        { "{\"__metadata__\":{\"\\ud800\":\"x\"},\"w\":{" + Entry + "}}", "a '__metadata__' key is not valid text: it escapes a lone UTF-16 surrogate" },
        { "{\"__metadata__\":{\"note\":\"a\\udfffb\"},\"w\":{" + Entry + "}}", "'__metadata__' entry 'note' is not valid text: it escapes a lone UTF-16 surrogate" },
        { "{\"w\":{" + Entry + ",\"\\ud800\":1}}", "tensor 'w': a field name is not valid text: it escapes a lone UTF-16 surrogate" },
        { "{\"w\":{" + Entry + ",\"note\":\"\\ud800\"}}", null }, // an ignored field's value is never decoded: the file loads
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void EscapedLoneSurrogateIsASafetensorsException(string header, string? fragment)
    {
        byte[] file = FileBytes(header, 8);
        if (fragment is null)
        {
            Assert.Equal([2], Safetensors.Load(new MemoryStream(file), "s.safetensors").Tensors["w"].Shape);
            return;
        }
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(new MemoryStream(file), "s.safetensors"));
        Assert.StartsWith($"Safetensors file 's.safetensors': {fragment}", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void EscapedSurrogatePairIsOneCharacterAndLoads()
    {
        var file = Safetensors.Load(new MemoryStream(FileBytes("{\"w\\ud83d\\ude00\":{" + Entry + "}}", 8)), "pair");
        Assert.Equal(["w😀"], file.Tensors.Keys);
    }

    // ------------------------------------------------------------------ rank

    [Fact]
    public void RankSixteenLoadsAndConvertsRankSeventeenIsRejectedAtLoad()
    {
        Assert.Equal(16, Safetensors.MaxRank);
        string sixteen = "[" + string.Join(",", Enumerable.Repeat(1, 15)) + ",2]";
        var loaded = Safetensors.Load(new MemoryStream(FileBytes($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":{sixteen},\"data_offsets\":[0,8]}}}}", 8)), "r16");
        Assert.Equal(16, loaded.Tensors["w"].Shape.Rank);
        Assert.Equal([0.0, 0.0], loaded.Tensors["w"].ToDoubleArray()); // the check is the limit the kernels have

        string seventeen = "[" + string.Join(",", Enumerable.Repeat(1, 16)) + ",2]";
        var e = Assert.Throws<SafetensorsException>(() =>
            Safetensors.Load(new MemoryStream(FileBytes($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":{seventeen},\"data_offsets\":[0,8]}}}}", 8)), "r17"));
        Assert.Equal("Safetensors file 'r17': tensor 'w': shape has more than 16 dims; Nabla tensors have at most 16.", e.Message);
    }

    // ------------------------------------------------------------------ bounded work

    /// <summary>
    /// The issue's case at a tenth of the size: a legal-length header whose one shape is millions of ones. It used to
    /// build a JsonDocument (~12 bytes per token, 25× the file) and take seconds; now the 17th dim ends the parse,
    /// and the load allocates little more than the header bytes it has to read.
    /// </summary>
    [Fact]
    public void MillionsOfDimsAreRejectedFastWithAllocationProportionalToTheFile()
    {
        const int ones = 2_000_000;
        var header = new StringBuilder("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4],\"shape\":[", 2 * ones + 64);
        header.Insert(header.Length, "1,", ones - 1).Append("1]}}");
        byte[] file = FileBytes(header.ToString(), 4);

        var (e, allocated, elapsed) = Measure(() => Assert.Throws<SafetensorsException>(() => Safetensors.Load(new MemoryStream(file), "ones")));
        Assert.Equal("Safetensors file 'ones': tensor 'w': shape has more than 16 dims; Nabla tensors have at most 16.", e.Message);
        Assert.True(allocated < file.Length + (1 << 20), $"allocated {allocated:N0} bytes for a {file.Length:N0}-byte file");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed.TotalMilliseconds:F0} ms"); // ~20 ms; generous for a loaded CI host
    }

    /// <summary>Fields the reader ignores are skipped without being materialised, however large.</summary>
    [Fact]
    public void HugeIgnoredFieldIsSkippedWithoutAllocating()
    {
        const int ones = 500_000;
        var header = new StringBuilder("{\"w\":{" + Entry + ",\"extra\":[", 2 * ones + 64);
        header.Insert(header.Length, "[1],", ones - 1).Append("[1]]}}");
        byte[] file = FileBytes(header.ToString(), 8);

        var (loaded, allocated, _) = Measure(() => Safetensors.Load(new MemoryStream(file), "extra"));
        Assert.Equal([2], loaded.Tensors["w"].Shape);
        Assert.True(allocated < file.Length + (1 << 20), $"allocated {allocated:N0} bytes for a {file.Length:N0}-byte file");
    }

    /// <summary>
    /// Many tiny tensors are what the file asks for, so they are returned; memory beyond the returned tensors
    /// themselves (measured by building the same dictionary directly) stays a small multiple of the file (~4×: the
    /// header bytes, the entry list and name set as they grow, the offset order).
    /// </summary>
    [Fact]
    public void ManyEntriesCostMemoryProportionalToTheFileAndResult()
    {
        const int count = 20_000;
        var header = new StringBuilder("{");
        for (int i = 0; i < count; i++)
            header.Append(i == 0 ? "" : ",").Append($"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[{4 * i},{4 * i + 4}]}}");
        byte[] file = FileBytes(header.Append('}').ToString(), 4 * count);

        var (loaded, allocated, _) = Measure(() => Safetensors.Load(new MemoryStream(file), "many"));
        var (_, result, _) = Measure(() => Enumerable.Range(0, count).ToDictionary(i => $"t{i}", _ => Tensor.Zeros([1])));
        Assert.Equal(count, loaded.Tensors.Count);
        Assert.True(allocated - result < 6L * file.Length,
            $"allocated {allocated:N0} bytes for a {file.Length:N0}-byte file of {count} tensors that take {result:N0} bytes");
    }

    [Fact]
    public void MoreThanAMillionTensorsAreRejected()
    {
        // Fixed-width names, so the header is one template copied a million times (60 MB, built in bytes for speed).
        byte[] entry = Encoding.ASCII.GetBytes("\"0000000\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},");
        int count = Safetensors.MaxEntries + 1;
        var header = new byte[1 + count * entry.Length + 2];
        header[0] = (byte)'{';
        for (int i = 0; i < count; i++)
        {
            var slot = header.AsSpan(1 + i * entry.Length, entry.Length);
            entry.CopyTo(slot);
            i.TryFormat(slot.Slice(1, 7), out _, "D7");
        }
        header[^3] = (byte)' '; // the last entry's comma
        header[^2] = (byte)'}';
        header[^1] = (byte)' ';
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(new MemoryStream(FileBytes(header, 0)), "wide"));
        Assert.Equal("Safetensors file 'wide': the header has more than 1000000 tensors, Nabla's limit for one file.", e.Message);
    }

    [Fact]
    public void MoreThanAMillionMetadataEntriesAreRejected()
    {
        var header = new StringBuilder("{\"__metadata__\":{");
        for (int i = 0; i <= Safetensors.MaxEntries; i++) header.Append(i == 0 ? "" : ",").Append('"').Append(i).Append("\":\"\"");
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(new MemoryStream(FileBytes(header.Append("}}").ToString(), 0)), "meta"));
        Assert.Equal("Safetensors file 'meta': '__metadata__' has more than 1000000 entries, Nabla's limit for one file.", e.Message);
    }

    [Fact]
    public void HugeNamesAreShortenedInMessages()
    {
        string name = new('n', 1_000_000);
        var e = Assert.Throws<SafetensorsException>(() =>
            Safetensors.Load(new MemoryStream(FileBytes($"{{\"{name}\":{{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}}}", 4)), "long"));
        Assert.Equal($"Safetensors file 'long': tensor '{new string('n', 60)}…(1000000 chars)': unsupported dtype 'F16'; Nabla reads F32, F64 and I64.", e.Message);
    }

    [Fact]
    public void NestingDeeperThanSixteenIsInvalidJson()
    {
        string deep = new string('[', 20) + new string(']', 20);
        var e = Assert.Throws<SafetensorsException>(() =>
            Safetensors.Load(new MemoryStream(FileBytes("{\"w\":{" + Entry + ",\"x\":" + deep + "}}", 8)), "deep"));
        Assert.StartsWith("Safetensors file 'deep': the header is not valid JSON: ", e.Message);
        Assert.Contains("maximum configured depth of 16", e.Message);
    }

    [Fact]
    public void TextAfterTheRootObjectIsInvalidJson()
    {
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(new MemoryStream(FileBytes("{\"w\":{" + Entry + "}} x", 8)), "tail"));
        Assert.StartsWith("Safetensors file 'tail': the header is not valid JSON: ", e.Message);
    }

    private static (T Result, long Allocated, TimeSpan Elapsed) Measure<T>(Func<T> action)
    {
        action(); // JIT and one-time statics outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = action();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before, clock.Elapsed);
    }

    private static byte[] FileBytes(string header, int dataBytes) => FileBytes(Encoding.UTF8.GetBytes(header), dataBytes);

    private static byte[] FileBytes(byte[] json, int dataBytes)
    {
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
