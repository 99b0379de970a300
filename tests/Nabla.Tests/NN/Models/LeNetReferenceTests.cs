using System.Text.Json;
using Nabla.IO;
using Nabla.NN;
using Nabla.NN.Models;

namespace Nabla.Tests.NN.Models;

/// <summary>
/// The zoo's LeNet against PyTorch's (tests/reference/generate_lenet.py): PyTorch's safetensors state dict loads by
/// name, and the logits, the loss and every parameter's gradient match PyTorch's; the reverse direction (a file Nabla
/// writes, read by PyTorch) is checked by tests/reference/check_lenet_from_nabla.py on the files
/// <see cref="NablaWrittenLeNetRoundTripsAndExportsForPyTorch"/> writes.
/// </summary>
public class LeNetReferenceTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "reference", "lenet");
    private const string ExportVariable = "NABLA_LENET_EXPORT_DIR";

    private static JsonElement Reference() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "lenet.json"))).RootElement;

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static (Tensor Input, Tensor Target) Batch(JsonElement r, DType dtype)
    {
        var shape = r.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var input = Tensor.FromArray(Doubles(r.GetProperty("input")), shape).To(dtype);
        var target = Tensor.FromArray(r.GetProperty("target").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        return (input, target);
    }

    private static LeNet LoadPyTorchLeNet()
    {
        var model = new LeNet([1, 28, 28], 10, new Generator(1));
        model.LoadStateDict(Safetensors.Load(Path.Combine(Dir, "lenet.safetensors")).Tensors);
        model.Eval();
        return model;
    }

    [Fact]
    public void StateDictNamesAndShapesAreTorchs()
    {
        var file = Safetensors.Load(Path.Combine(Dir, "lenet.safetensors"));
        var ours = new LeNet([1, 28, 28]).StateDict();
        Assert.Equal(file.Tensors.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, t) in ours) Assert.Equal(file.Tensors[name].Shape, t.Shape);
        Assert.Equal([6, 1, 5, 5], ours["features.0.weight"].Shape);
        Assert.Equal([120, 400], ours["classifier.0.weight"].Shape);
    }

    [Fact]
    public void Float32OutputsMatchPyTorch()
    {
        var r = Reference();
        var model = LoadPyTorchLeNet();
        var (x, y) = Batch(r, DType.Float32);
        using var noGrad = Tensor.NoGrad();
        var output = model.Call(x);
        Assert.Equal([4, 10], output.Shape);
        var want = Doubles(r.GetProperty("output_float32"));
        var got = output.ToArray<float>();
        for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], got[i], 1e-5);
        Assert.Equal(r.GetProperty("loss_float32").GetDouble(), new CrossEntropyLoss().Call(output, y).Item<float>(), 1e-5);
    }

    [Fact]
    public void Float64OutputsAndWeightGradientsMatchPyTorch()
    {
        var r = Reference();
        var model = LoadPyTorchLeNet();
        model.To(DType.Float64);
        var (x, y) = Batch(r, DType.Float64);
        var output = model.Call(x);
        var loss = new CrossEntropyLoss().Call(output, y);
        loss.Backward();

        var want = Doubles(r.GetProperty("output_float64"));
        var got = output.Detach().ToArray<double>();
        for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], got[i], 1e-12);
        Assert.Equal(r.GetProperty("loss_float64").GetDouble(), loss.Item<double>(), 1e-12);
        var grads = Safetensors.Load(Path.Combine(Dir, "lenet_grads.safetensors")).Tensors;
        foreach (var (name, p) in model.NamedParameters())
        {
            var g = p.Grad!.ToArray<double>();
            var w = grads[name].ToArray<double>();
            double scale = w.Max(Math.Abs);
            for (int i = 0; i < w.Length; i++)
                Assert.True(Math.Abs(g[i] - w[i]) <= 1e-10 * (1 + scale), $"{name}[{i}]: Nabla {g[i]}, PyTorch {w[i]}");
        }
    }

    /// <summary>Writes a seeded Nabla LeNet, an input and Nabla's output (to NABLA_LENET_EXPORT_DIR when set, for
    /// check_lenet_from_nabla.py) and checks that the file loads back into a fresh LeNet with the same outputs.</summary>
    [Fact]
    public void NablaWrittenLeNetRoundTripsAndExportsForPyTorch()
    {
        string dir = Environment.GetEnvironmentVariable(ExportVariable) is { Length: > 0 } export
            ? export : Directory.CreateTempSubdirectory("nabla-lenet").FullName;
        Directory.CreateDirectory(dir);
        var model = new LeNet([1, 28, 28], 10, new Generator(42));
        model.Eval();
        var x = Tensor.Rand([3, 1, 28, 28], generator: new Generator(43));
        Tensor output;
        using (Tensor.NoGrad()) output = model.Call(x);
        string weights = Path.Combine(dir, "nabla_lenet.safetensors");
        Safetensors.Save(weights, model.StateDict(), new Dictionary<string, string> { ["format"] = "pt" });
        File.WriteAllText(Path.Combine(dir, "nabla_lenet_expected.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["input_shape"] = x.Shape,
            ["input"] = x.ToArray<float>(),
            ["output"] = output.ToArray<float>(),
        }));

        var back = new LeNet([1, 28, 28], 10, new Generator(7));
        back.LoadStateDict(Safetensors.Load(weights).Tensors);
        back.Eval();
        using (Tensor.NoGrad()) Assert.Equal(output.ToArray<float>(), back.Call(x).ToArray<float>());
    }
}
