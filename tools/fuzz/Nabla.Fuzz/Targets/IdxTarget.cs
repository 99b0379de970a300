using System.IO.Compression;
using Nabla.Data;

namespace Nabla.Fuzz.Targets;

/// <summary>
/// The IDX reader (MNIST's format, raw or gzipped) on arbitrary bytes, then the conversion to images or labels.
/// Documented failure: <see cref="DataFormatException"/>; anything else (and any allocation beyond what the input
/// can hold) is a bug.
/// </summary>
public sealed class IdxTarget : IFuzzTarget
{
    public string Name => "idx";

    public IEnumerable<byte[]> Seeds()
    {
        byte[] images = Idx(0x08, [2, 3, 3], 18), labels = Idx(0x08, [4], 4);
        yield return images;
        yield return labels;
        yield return Gzip(images);
        yield return Gzip(labels);
        yield return Idx(0x08, [1, 1, 1, 1], 1);
        yield return Idx(0x08, [0, 28, 28], 0);
    }

    public void Run(byte[] input)
    {
        var array = Data.Idx.Read(input, "fuzz.idx");
        var tensor = array.Shape.Length == 1 ? Data.Idx.ToLabels(array, "fuzz.idx") : Data.Idx.ToImages(array, "fuzz.idx");
        if (tensor.Numel != array.Data.Length) throw new InvalidOperationException($"idx: {array.Data.Length} bytes became {tensor.Numel} values.");
    }

    public bool IsDocumented(Exception e) => e is DataFormatException;

    private static byte[] Idx(byte type, int[] dims, int dataBytes)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        for (int i = 0; i < dataBytes; i++) bytes.Add((byte)(i * 37));
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] raw)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(raw);
        return output.ToArray();
    }
}
