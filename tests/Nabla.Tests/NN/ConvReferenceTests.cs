using System.Text.Json;
using Nabla.Checks;
using Nabla.Tests.Reference;

namespace Nabla.Tests.NN;

/// <summary>
/// Conv2d, ConvTranspose2d, pooling and batch norm against PyTorch 1.13 (tests/reference/conv.json, written by
/// tests/reference/generate_conv.py): forward values and every input's gradient, in Float64 and Float32. Each op's
/// Nabla call and torch expression are its definition in src/Nabla/Checks/OpCatalog.Convolution.cs.
/// </summary>
public class ConvReferenceTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ReferenceCase>> Cases = new(Load);

    public static TheoryData<string> CaseNames() => new(Cases.Value.Keys);

    [Fact]
    public void EveryOpIsMappedAndCovered()
    {
        var ops = Cases.Value.Values.Select(c => c.Op).Distinct().ToList();
        var defined = OpCatalog.Definitions.Where(op => op.Reference == "conv.json").Select(op => op.Name);
        Assert.Equal(defined.Order(), ops.Order());
        Assert.True(Cases.Value.Count >= 80, $"only {Cases.Value.Count} cases");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = Cases.Value[caseName];
        var inputs = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var output = OpCatalog.Definition(c.Op, "conv.json").Call(inputs, new OpArgs(c.Args));
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
}
