using System.Text;
using System.Text.Json;
using Nabla.IO;
using Nabla.NN;

namespace Nabla.Tests.IO;

/// <summary>
/// Safetensors round trips, the PyTorch-written files in tests/reference/safetensors/ (made by
/// tests/reference/generate_safetensors.py), module integration and atomic saving. Malformed files are in
/// <see cref="SafetensorsMalformedTests"/>.
/// </summary>
public sealed class SafetensorsTests : IDisposable
{
    /// <summary>When set, the Nabla-written files and their expected values are copied here for
    /// tests/reference/check_nabla_safetensors.py to load in PyTorch.</summary>
    private const string ExportVariable = "NABLA_SAFETENSORS_EXPORT_DIR";

    private static readonly string ReferenceDir = Path.Combine(AppContext.BaseDirectory, "reference", "safetensors");
    private readonly string dir = Directory.CreateTempSubdirectory("nabla-safetensors-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // ------------------------------------------------------------------ files written by PyTorch

    [Fact]
    public void PyTorchMlpFileLoadsIntoTheSameArchitectureAndReproducesItsOutputs()
    {
        var expected = Expected().GetProperty("mlp");
        var file = Safetensors.Load(Path.Combine(ReferenceDir, "mlp.safetensors"));

        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, file.Metadata);
        Assert.Equal(Strings(expected.GetProperty("header_order")), file.Tensors.Keys);
        foreach (var p in expected.GetProperty("state_dict").EnumerateObject())
            AssertSameTensor(p.Value, file.Tensors[p.Name], p.Name);

        var model = Mlp(seed: 123); // different initial weights: everything must come from the file
        model.LoadStateDict(file.Tensors);
        var output = model.Call(ReadTensor(expected.GetProperty("input")));
        var want = ReadTensor(expected.GetProperty("output"));
        Assert.Equal(want.Shape, output.Shape);
        var (got, exp) = (output.ToArray<float>(), want.ToArray<float>());
        for (int i = 0; i < exp.Length; i++)
            Assert.True(Math.Abs(got[i] - exp[i]) <= 1e-6, $"output[{i}]: Nabla {got[i]:R}, PyTorch {exp[i]:R}");
    }

    [Fact]
    public void PyTorchMixedFileLoadsF64I64F32ExactlyWithMetadata()
    {
        var expected = Expected().GetProperty("mixed");
        var file = Safetensors.Load(Path.Combine(ReferenceDir, "mixed.safetensors"));

        Assert.Equal("ünïcödé ✓ \"quoted\"", file.Metadata["note"]);
        Assert.Equal("", file.Metadata["empty"]);
        Assert.Equal(expected.GetProperty("metadata").EnumerateObject().Count(), file.Metadata.Count);
        Assert.Equal(Strings(expected.GetProperty("header_order")), file.Tensors.Keys);
        foreach (var p in expected.GetProperty("tensors").EnumerateObject())
            AssertSameTensor(p.Value, file.Tensors[p.Name], p.Name);
        Assert.Equal([long.MinValue, long.MaxValue], file.Tensors["labels_i64"].ToArray<long>()[^2..]);
        Assert.Equal([0, 2], file.Tensors["empty_i64"].Shape);
        Assert.Equal([], file.Tensors["scalar_f64"].Shape);
        Assert.True(double.IsNegative(file.Tensors["specials_f64"].ToArray<double>()[0])); // -0.0 kept
    }

    // ------------------------------------------------------------------ writing

    [Fact]
    public void SavedBytesAreExactlyTheFormat()
    {
        string path = Path.Combine(dir, "tiny.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.FromArray([1f, 2f]) });

        const string json = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        byte[] want = [56, 0, 0, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(json + "  "), 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40];
        Assert.Equal(54, json.Length); // padded with 2 spaces to 56, a multiple of 8
        Assert.Equal(want, File.ReadAllBytes(path));
    }

    [Fact]
    public void SaveKeepsHeaderOrderAndAlignsDataByElementSize()
    {
        string path = Path.Combine(dir, "aligned.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["odd_f32"] = Tensor.FromArray([1f, 2f, 3f]),
            ["d_f64"] = Tensor.FromArray([0.5, -0.25]),
            ["i_i64"] = Tensor.FromArray([7L]),
        };
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, headerLength % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        Assert.Equal(["__metadata__", "odd_f32", "d_f64", "i_i64"], header.RootElement.EnumerateObject().Select(p => p.Name));
        int[] Offsets(string name) => header.RootElement.GetProperty(name).GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal([0, 16], Offsets("d_f64"));   // 8-byte types first ...
        Assert.Equal([16, 24], Offsets("i_i64"));
        Assert.Equal([24, 36], Offsets("odd_f32")); // ... then F32, so every tensor is aligned to its element size
        Assert.Equal(8 + headerLength + 36, bytes.Length);

        var loaded = Safetensors.Load(path);
        Assert.Equal(tensors.Keys, loaded.Tensors.Keys); // file order = the order given to Save
    }

    [Fact]
    public void RoundTripKeepsEveryDtypeShapeValueAndMetadata()
    {
        string path = Path.Combine(dir, "round.safetensors");
        var tensors = MixedNablaTensors();
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "Nabla ✓ \"quoted\" \\ <tag>", ["empty"] = "" };
        Safetensors.Save(path, tensors, metadata);
        var file = Safetensors.Load(path);

        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(tensors.Keys, file.Tensors.Keys);
        foreach (var (name, t) in tensors)
        {
            var back = file.Tensors[name];
            Assert.Equal(t.DType, back.DType);
            Assert.Equal(t.Shape, back.Shape);
            Assert.True(back.IsContiguous && back.IsLeaf && !back.RequiresGrad, name);
            Assert.Equal(t.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits), back.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits)); // NaN bits too
        }
        Assert.Equal(tensors["matrix_f64"].T.ToArray<double>(), file.Tensors["transposed_f64"].ToArray<double>()); // the view's logical order
        Assert.Equal(tensors["labels_i64"].ToArray<long>(), file.Tensors["labels_i64"].ToArray<long>());
    }

    [Fact]
    public void LoadFromNonSeekableStreamGivesTheSameTensors()
    {
        string path = Path.Combine(dir, "stream.safetensors");
        Safetensors.Save(path, MixedNablaTensors());
        using var stream = new NonSeekableStream(File.ReadAllBytes(path));
        var file = Safetensors.Load(stream, "in-memory");
        var direct = Safetensors.Load(path);
        Assert.Equal(direct.Tensors.Keys, file.Tensors.Keys);
        foreach (var (name, t) in direct.Tensors) Assert.Equal(t.ToDoubleArray(), file.Tensors[name].ToDoubleArray());
    }

    // ------------------------------------------------------------------ modules

    [Fact]
    public void ModuleStateDictSavesAndLoadsIntoAFreshModule()
    {
        string path = Path.Combine(dir, "model.safetensors");
        var source = Mlp(seed: 1);
        Safetensors.Save(path, source.StateDict());
        var target = Mlp(seed: 2);
        var x = Tensor.Randn([6, 4], seed: 3);
        Assert.NotEqual(source.Call(x).ToArray<float>(), target.Call(x).ToArray<float>());

        target.LoadStateDict(Safetensors.Load(path).Tensors);
        Assert.Equal(source.Call(x).ToArray<float>(), target.Call(x).ToArray<float>());
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], Safetensors.Load(path).Tensors.Keys);
    }

    /// <summary>
    /// Writes a Nabla model and mixed tensors, and checks they load back. With NABLA_SAFETENSORS_EXPORT_DIR set it
    /// also leaves them there, with Nabla's outputs, for check_nabla_safetensors.py to verify in PyTorch.
    /// </summary>
    [Fact]
    public void NablaWrittenFilesForPyTorchCheck()
    {
        var model = Mlp(seed: 2024);
        var x = Tensor.Randn([5, 4], seed: 7);
        var y = model.Call(x);
        var mixed = MixedNablaTensors();
        var meta = new Dictionary<string, string> { ["format"] = "pt", ["written_by"] = "Nabla" };
        string mlpPath = Path.Combine(dir, "nabla_mlp.safetensors"), mixedPath = Path.Combine(dir, "nabla_mixed.safetensors");
        Safetensors.Save(mlpPath, model.StateDict(), meta);
        Safetensors.Save(mixedPath, mixed, meta);

        var reloaded = Mlp(seed: 5);
        reloaded.LoadStateDict(Safetensors.Load(mlpPath).Tensors);
        Assert.Equal(y.ToArray<float>(), reloaded.Call(x).ToArray<float>());
        Assert.Equal(mixed.Keys, Safetensors.Load(mixedPath).Tensors.Keys);

        if (Environment.GetEnvironmentVariable(ExportVariable) is { Length: > 0 } export)
        {
            Directory.CreateDirectory(export);
            File.Copy(mlpPath, Path.Combine(export, "nabla_mlp.safetensors"), overwrite: true);
            File.Copy(mixedPath, Path.Combine(export, "nabla_mixed.safetensors"), overwrite: true);
            using var stream = File.Create(Path.Combine(export, "nabla_expected.json"));
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WritePropertyName("input"); WriteTensor(w, x);
            w.WritePropertyName("output"); WriteTensor(w, y);
            w.WriteStartObject("mixed");
            foreach (var (name, t) in mixed) { w.WritePropertyName(name); WriteTensor(w, t); }
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    // ------------------------------------------------------------------ atomic saving

    [Fact]
    public void FailureMidWriteLeavesTheOldFileIntactAndNoTemporaryFile()
    {
        string path = Path.Combine(dir, "keep.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.FromArray([1.0, 2.0]) });
        byte[] before = File.ReadAllBytes(path);

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[5000]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal("disk full (simulated)", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir));
    }

    [Fact]
    public void SaveReplacesAnExistingFile()
    {
        string path = Path.Combine(dir, "replace.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["old"] = Tensor.Zeros([100]) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["new"] = Tensor.FromArray([3L]) });
        Assert.Equal(["new"], Safetensors.Load(path).Tensors.Keys);
        Assert.Equal([path], Directory.GetFiles(dir));
    }

    [Fact]
    public void SaveRejectsTheReservedNameAndLeavesTheOldFile()
    {
        string path = Path.Combine(dir, "reserved.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones([2]) });
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<ArgumentException>(() =>
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones([2]) }));
        Assert.Contains(path, e.Message);
        Assert.Contains("'__metadata__' is reserved", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void SaveIntoAMissingDirectoryNamesIt()
    {
        string missing = Path.Combine(dir, "no-such-dir");
        var e = Assert.Throws<DirectoryNotFoundException>(() =>
            Safetensors.Save(Path.Combine(missing, "m.safetensors"), new Dictionary<string, Tensor> { ["w"] = Tensor.Ones([2]) }));
        Assert.Contains(missing, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3)): the reference script's architecture.</summary>
    private static Sequential Mlp(long seed)
    {
        var generator = new Generator(seed);
        return new Sequential(new Linear(4, 8, generator: generator), new Tanh(), new Linear(8, 3, generator: generator));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }

    /// <summary>F32/F64/I64 tensors incl. a 0-d, an empty, a transposed view, extremes and non-finite values.</summary>
    private static Dictionary<string, Tensor> MixedNablaTensors()
    {
        var matrix = Tensor.Randn([3, 4], seed: 11, dtype: DType.Float64);
        return new Dictionary<string, Tensor>
        {
            ["matrix_f64"] = matrix,
            ["transposed_f64"] = matrix.T, // non-contiguous view
            ["specials_f64"] = Tensor.FromArray([-0.0, double.Epsilon, double.MaxValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1]),
            ["scalar_f64"] = Tensor.Scalar(Math.E, DType.Float64),
            ["labels_i64"] = Tensor.FromArray([0L, 2, -1, (1L << 53) + 1, long.MinValue, long.MaxValue]),
            ["empty_f32"] = Tensor.Zeros([0, 3]),
            ["odd_f32"] = Tensor.FromArray([1.5f, -2.25f, 3e-40f, float.NaN, 1e38f], 5),
            ["cube_f32"] = Tensor.Randn([2, 3, 2], seed: 12),
        };
    }

    private static JsonElement Expected()
    {
        string path = Path.Combine(ReferenceDir, "expected.json");
        Assert.True(File.Exists(path), $"{path} is missing: run `/usr/bin/python3 tests/reference/generate_safetensors.py` and rebuild.");
        return JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => throw new InvalidDataException(s) }
        : e.GetDouble();

    private static Tensor ReadTensor(JsonElement t)
    {
        int[] shape = t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = t.GetProperty("data").EnumerateArray();
        return t.GetProperty("dtype").GetString() switch
        {
            "F32" => Tensor.FromArray(data.Select(e => (float)Number(e)).ToArray(), shape),
            "F64" => Tensor.FromArray(data.Select(Number).ToArray(), shape),
            _ => Tensor.FromArray(data.Select(e => e.GetInt64()).ToArray(), shape),
        };
    }

    /// <summary>Bit patterns, so -0.0 and subnormals count; every NaN maps to one value (JSON's "NaN" has no payload
    /// or sign, and Python's NaN is 0x7FF8…, .NET's 0xFFF8…).</summary>
    private static long[] Bits(double[] values) => values.Select(v => double.IsNaN(v) ? 0x7FF8_0000_0000_0000 : BitConverter.DoubleToInt64Bits(v)).ToArray();

    /// <summary>Same dtype, shape and bits (float32 widened to double exactly).</summary>
    private static void AssertSameTensor(JsonElement expected, Tensor actual, string name)
    {
        var want = ReadTensor(expected);
        Assert.True(want.DType == actual.DType, $"{name}: dtype {actual.DType}, expected {want.DType}");
        Assert.Equal(want.Shape, actual.Shape);
        switch (want.DType)
        {
            case DType.Float32: Assert.Equal(Bits(want.ToDoubleArray()), Bits(actual.ToDoubleArray())); break;
            case DType.Float64: Assert.Equal(Bits(want.ToArray<double>()), Bits(actual.ToArray<double>())); break;
            default: Assert.Equal(want.ToArray<long>(), actual.ToArray<long>()); break;
        }
    }

    private static void WriteTensor(Utf8JsonWriter w, Tensor t)
    {
        w.WriteStartObject();
        w.WriteString("dtype", t.DType switch { DType.Float32 => "F32", DType.Float64 => "F64", _ => "I64" });
        w.WriteStartArray("shape");
        foreach (int d in t.Shape) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("data");
        foreach (double v in t.DType == DType.Int64 ? [] : t.ToDoubleArray())
        {
            if (v == 0 && double.IsNegative(v)) w.WriteRawValue("-0.0"); // "-0" would parse as the integer 0 in Python
            else if (double.IsFinite(v)) w.WriteNumberValue(v);
            else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
        if (t.DType == DType.Int64) foreach (long v in t.ToArray<long>()) w.WriteNumberValue(v);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
