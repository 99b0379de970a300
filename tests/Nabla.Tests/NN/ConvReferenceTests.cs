using System.Text.Json;
using Nabla.NN;
using Nabla.Tests.Reference;

namespace Nabla.Tests.NN;

/// <summary>
/// Conv2d, ConvTranspose2d, pooling and batch norm against PyTorch 1.13 (tests/reference/conv.json, written by
/// tests/reference/generate_conv.py): forward values and every input's gradient, in Float64 and Float32.
/// </summary>
public class ConvReferenceTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ReferenceCase>> Cases = new(Load);

    // op name (as in conv.json) → Nabla call; t = inputs in file order, a = the case's args.
    private static readonly Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Ops = new()
    {
        ["conv2d"] = (t, a) => a.GetProperty("padding").ValueKind == JsonValueKind.String
            ? Functional.Conv2d(t[0], t[1], a.GetProperty("padding").GetString()!, Bias(t), Pair(a, "stride"), Pair(a, "dilation"), Int(a, "groups"))
            : Functional.Conv2d(t[0], t[1], Bias(t), Pair(a, "stride"), Pair(a, "padding"), Pair(a, "dilation"), Int(a, "groups")),
        ["conv_transpose2d"] = (t, a) => Functional.ConvTranspose2d(t[0], t[1], Bias(t), Pair(a, "stride"), Pair(a, "padding"),
            Pair(a, "output_padding"), Int(a, "groups"), Pair(a, "dilation")),
        ["max_pool2d"] = (t, a) => Functional.MaxPool2d(t[0], Pair(a, "kernel_size"), Pair(a, "stride"), Pair(a, "padding"), Flag(a, "ceil_mode")),
        ["max_pool2d_indices"] = (t, a) =>
            Functional.MaxPool2dWithIndices(t[0], Pair(a, "kernel_size"), Pair(a, "stride"), Pair(a, "padding"), Flag(a, "ceil_mode")).Indices,
        ["avg_pool2d"] = (t, a) => Functional.AvgPool2d(t[0], Pair(a, "kernel_size"), Pair(a, "stride"), Pair(a, "padding"), Flag(a, "ceil_mode"),
            Flag(a, "count_include_pad")),
        ["adaptive_avg_pool2d"] = (t, a) => Functional.AdaptiveAvgPool2d(t[0], Pair(a, "output_size")),
        ["batch_norm"] = (t, a) => Functional.BatchNorm(t[0], t[1], t[2], t[3], t[4], Flag(a, "training"), Dbl(a, "momentum"), Dbl(a, "eps")),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Value.Keys);

    [Fact]
    public void EveryOpIsMappedAndCovered()
    {
        var ops = Cases.Value.Values.Select(c => c.Op).Distinct().ToList();
        Assert.Equal(Ops.Keys.Order(), ops.Order());
        Assert.True(Cases.Value.Count >= 80, $"only {Cases.Value.Count} cases");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = Cases.Value[caseName];
        var inputs = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var output = Ops[c.Op](inputs, c.Args);
        NnReferenceCases.AssertClose(c.Name, "output", c.Output, output, ReferenceCase.ParseDType(c.Output.DType ?? c.DType));
        if (c.GradOutput is null) return; // indices: forward only

        output.Backward(c.GradOutput.ToTensor(c.DType));
        for (int i = 0; i < inputs.Length; i++)
        {
            if (c.Grads![i] is not { } expected)
            {
                Assert.True(inputs[i].Grad is null, $"{c.Name}: input {i} does not require grad but has a .Grad");
                continue;
            }
            Assert.True(inputs[i].Grad is not null, $"{c.Name}: input {i} requires grad but got no gradient");
            NnReferenceCases.AssertClose(c.Name, $"grad of input {i}", expected, inputs[i].Grad!, inputs[i].DType);
        }
    }

    private static IReadOnlyDictionary<string, ReferenceCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", "conv.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Reference file not found at {path}. Run `/usr/bin/python3 tests/reference/generate_conv.py` and rebuild.", path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(ReferenceCase.Parse).ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private static Tensor? Bias(Tensor[] t) => t.Length > 2 ? t[2] : null;

    private static Size2 Pair(JsonElement a, string name)
    {
        var v = a.GetProperty(name).EnumerateArray().Select(x => x.GetInt32()).ToArray();
        return (v[0], v[1]);
    }

    private static bool Flag(JsonElement a, string name) => a.GetProperty(name).GetBoolean();

    private static int Int(JsonElement a, string name) => a.GetProperty(name).GetInt32();

    private static double Dbl(JsonElement a, string name) => a.GetProperty(name).GetDouble();
}
