using System.IO.Compression;
using Nabla.Data;

namespace Nabla.Tests.Data;

public class IdxTests
{
    private static readonly string MnistFolder = Nabla.Tests.Shared.TestFolders.Mnist;

    internal static byte[] IdxBytes(int[] dims, int dataBytes, byte type = 0x08)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims) bytes.AddRange(BitConverter.GetBytes(d).Reverse());
        bytes.AddRange(Enumerable.Range(0, dataBytes).Select(i => (byte)i));
        return [.. bytes];
    }

    internal static byte[] Gzip(byte[] raw)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(raw);
        return output.ToArray();
    }

    private static string Problem(byte[] bytes) => Assert.Throws<DataFormatException>(() => Idx.Read(bytes, "test.idx")).Message;

    [Fact]
    public void MnistTestSetLoads()
    {
        var (images, labels) = Mnist.Load(MnistFolder, train: false);
        Assert.Equal(new[] { 10_000, 28, 28 }, images.Shape);
        Assert.Equal(DType.Float32, images.DType);
        var y = labels.ToLongArray();
        Assert.Equal(new long[] { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 }, y[..10]);
        Assert.Equal(1135, y.Count(l => l == 1));
        Assert.All(y, l => Assert.InRange(l, 0, 9));
        Assert.Equal(new float[] { 84, 185, 159, 151, 60, 36 }.Select(v => v / 255f), images[0][7].Narrow(0, 6, 6).ToFloatArray());
        Assert.Equal(132 / 255f, images[9999][14][10].Item(), 6);
        Assert.Equal(264_923_200 / 255.0, images.ToFloatArray().Sum(v => (double)v), 1);
        Assert.Equal(new[] { 10_000, 784 }, Mnist.Load(MnistFolder, train: false, flatten: true).Features.Shape);
    }

    [Fact]
    public void FashionMnistLoadsFromTheDebianPackage()
    {
        Assert.True(Directory.Exists(FashionMnist.DefaultFolder), "install Debian's dataset-fashion-mnist (see .ci/run)");
        var (images, labels) = FashionMnist.Load(train: true);
        Assert.Equal(new[] { 60_000, 28, 28 }, images.Shape);
        var y = labels.ToLongArray();
        Assert.Equal(new long[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, y[..10]);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(6000, y.Count(l => l == c)));
        Assert.Equal(193 / 255f, images[0][10][13].Item(), 6);
        Assert.Equal(10_000, FashionMnist.Load(train: false).Count);
        Assert.Equal("Ankle boot", FashionMnist.Classes[9]);
    }

    [Fact]
    public void AMissingFileNamesTheFolderTheExpectedNamesAndThePackage()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(MnistFolder, train: true));
        Assert.Equal($"Fashion-MNIST: no train-images-idx3-ubyte in folder '{MnistFolder}' (expected train-images-idx3-ubyte or "
            + "train-images-idx3-ubyte.gz). Debian's package dataset-fashion-mnist installs these files in /usr/share/datasets/fashion-mnist.", e.Message);
    }

    [Fact]
    public void ReadsRawAndGzippedData()
    {
        var raw = IdxBytes([2, 3], 6);
        var array = Idx.Read(raw);
        Assert.Equal(new[] { 2, 3 }, array.Shape);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, array.Data);
        Assert.Equal(array.Data, Idx.Read(Gzip(raw)).Data);
        Assert.Equal(array.Data, Idx.Read(new NonSeekable(raw), "pipe").Data);
        Assert.Equal(new[] { 5 / 255f }, Idx.ToImages(array, "x")[1][2].Unsqueeze(0).ToFloatArray());
    }

    [Fact]
    public void TruncatedFilesAreRejected()
    {
        Assert.Equal("test.idx: truncated: dimensions [3, 2, 2] need 12 bytes of data, the file has 10", Problem(IdxBytes([3, 2, 2], 10)));
        Assert.Equal("test.idx: truncated: dimensions [3, 2, 2] need 12 bytes of data, the file has 10", Problem(Gzip(IdxBytes([3, 2, 2], 10))));
        Assert.Equal("test.idx: truncated: the file ends inside the header (3 dimensions)", Problem(IdxBytes([3, 2, 2], 0)[..10]));
        // A header claiming the whole MNIST training set over 100 bytes: rejected without allocating 47 MB.
        Assert.Equal("test.idx: truncated: dimensions [60000, 28, 28] need 47040000 bytes of data, the file has 100", Problem(Gzip(IdxBytes([60000, 28, 28], 100))));
    }

    [Fact]
    public void WrongMagicAndTypeAreRejected()
    {
        var bytes = IdxBytes([2], 2);
        bytes[0] = 0x50;
        Assert.Equal("test.idx: wrong magic number 0x50000801: not an IDX file (it must start with 0x0000)", Problem(bytes));
        Assert.Equal("test.idx: type byte 0x0D is not supported (only 0x08, unsigned bytes, as in MNIST)", Problem(IdxBytes([2], 8, type: 0x0D)));
        Assert.Equal("test.idx: rank 0 is outside 1 … 16", Problem(IdxBytes([], 0)));
    }

    [Fact]
    public void WrongDimensionsAreRejected()
    {
        Assert.Equal("test.idx: wrong dimensions [2, 2]: they need 4 bytes of data, the file has 6", Problem(IdxBytes([2, 2], 6)));
        Assert.Equal("test.idx: wrong dimensions [2, 2]: the file holds more than the 4 bytes of data they need", Problem(Gzip(IdxBytes([2, 2], 6))));
        Assert.StartsWith("test.idx: wrong dimensions [65536, 65536…]: more than", Problem(IdxBytes([65536, 65536, 1], 0)));
        Assert.StartsWith("test.idx: wrong dimensions [4294967295…]", Problem(IdxBytes([-1], 0)));
    }

    [Fact]
    public void CorruptGzipIsRejected()
    {
        var gz = Gzip(IdxBytes([20, 20], 400));
        for (int i = 12; i < gz.Length - 8; i++) gz[i] ^= 0x5A;
        Assert.StartsWith("test.idx: ", Problem(gz)); // scrambled deflate blocks: a DataFormatException, whatever breaks first
        Assert.StartsWith("test.idx: corrupt gzip data", Problem([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void ImagesAndLabelsOfDifferentCountsAreRejected()
    {
        string folder = Directory.CreateTempSubdirectory("nabla-idx").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), IdxBytes([3, 2, 2], 12));
            File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), Gzip(IdxBytes([2], 2)));
            var e = Assert.Throws<DataFormatException>(() => Mnist.Load(folder, train: false));
            Assert.Equal($"{folder}/t10k-images-idx3-ubyte: 3 images but 2 labels in {folder}/t10k-labels-idx1-ubyte.gz", e.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
