using System.Text.Json;
using Nabla.Checks;
using Nabla.Tests.Reference;

namespace Nabla.Tests.Ops;

/// <summary>
/// C# indexers and operators against PyTorch (tests/reference/indexing.json, written by
/// tests/reference/generate_indexing.py). Each op's C# expression and torch expression are its definition in
/// src/Nabla/Checks/OpCatalog.Indexing.cs.
/// </summary>
public class IndexingReferenceTests
{
    private const string Reference = "indexing.json";

    private static readonly Lazy<Dictionary<string, ReferenceCase>> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", "indexing.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(ReferenceCase.Parse).ToDictionary(c => c.Name);
    });

    public static IEnumerable<object[]> CaseNames() => Cases.Value.Keys.Select(name => new object[] { name });

    /// <summary>The ops of indexing.json are exactly the op table's indexing.json definitions, and a definition is
    /// differentiable exactly when its cases have gradients.</summary>
    [Fact]
    public void EveryOpIsDefinedAndEveryDefinitionHasCases()
    {
        Assert.True(Cases.Value.Count >= 50, $"only {Cases.Value.Count} cases");
        var used = Cases.Value.Values.Select(c => c.Op).Distinct().Order().ToList();
        var defined = OpCatalog.Definitions.Where(op => op.Reference == Reference).Select(op => op.Name).Order().ToList();
        Assert.True(used.SequenceEqual(defined),
            $"ops of indexing.json with no definition in Nabla.Checks.OpCatalog: {string.Join(", ", used.Except(defined))}; "
            + $"definitions of indexing.json with no case (add cases to generate_indexing.py): {string.Join(", ", defined.Except(used))}");
        var mismatched = Cases.Value.Values.Where(c => OpCatalog.Definition(c.Op, Reference).Differentiable != (c.Grads is not null))
            .Select(c => c.Name).ToList();
        Assert.True(mismatched.Count == 0, "cases whose gradients disagree with their definition's Differentiable flag: "
            + string.Join(", ", mismatched));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = Cases.Value[caseName];
        var leaves = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var output = OpCatalog.Definition(c.Op, Reference).Call(leaves, OpArgs.Empty);
        OpsReferenceTests.AssertTensor(c, "output", c.Output, output, ReferenceCase.ParseDType(c.Output.DType ?? c.DType));
        if (c.GradOutput is null || c.Grads is null)
        {
            Assert.False(output.RequiresGrad, $"{c.Name}: PyTorch's output does not require grad, Nabla's does");
            return;
        }
        output.Backward(new ReferenceTensor { Shape = c.GradOutput.Shape, Data = c.GradOutput.Data }.ToTensor(c.DType));
        for (int i = 0; i < leaves.Length; i++)
        {
            if (c.Grads[i] is not { } expected) continue;
            Assert.True(leaves[i].Grad is not null, $"{c.Name}: input {i} has no gradient");
            OpsReferenceTests.AssertTensor(c, $"grad of input {i}", expected, leaves[i].Grad!, leaves[i].DType);
        }
    }
}
