using System.Globalization;
using System.Text;
using Nabla.Checks;

namespace Nabla.Tests.Reference;

/// <summary>
/// Compares Nabla ops (forward values and gradients) with PyTorch reference values from
/// tests/reference/ops.json, one theory row per case. The Nabla call of each case's op is its definition in the op
/// table (src/Nabla/Checks/OpCatalog.*.cs), which also holds the torch expression the generator evaluates. To add an
/// op: add one definition there, export tests/reference/ops_manifest.json (OpManifestTests says how), add its cases
/// (shapes, args, dtypes) to tests/reference/generate_ops.py and run it.
/// </summary>
public class OpsReferenceTests
{
    public static IEnumerable<object[]> CaseNames() =>
        ReferenceCases.All.Keys.Select(name => new object[] { name });

    [Fact]
    public void ReferenceFileLoads()
    {
        Assert.True(ReferenceCases.All.Count > 0, $"no cases in {ReferenceCases.FilePath}");
    }

    /// <summary>Summary check: every op used by ops.json has a definition in the op table.</summary>
    [Fact]
    public void EveryReferenceOpIsDefined()
    {
        var missing = ReferenceCases.All.Values.Select(c => c.Op).Distinct().Where(op => !OpCatalog.HasDefinition(op)).Order().ToList();
        Assert.True(missing.Count == 0, "ops in ops.json with no definition in Nabla.Checks.OpCatalog: " + string.Join(", ", missing));
    }

    /// <summary>Every defined op has reference cases, so a definition cannot go unchecked against PyTorch.</summary>
    [Fact]
    public void EveryDefinedOpHasReferenceCases()
    {
        var used = ReferenceCases.All.Values.Select(c => c.Op).ToHashSet();
        var unused = OpCatalog.Definitions.Where(op => op.Reference == "ops.json").Select(op => op.Name).Where(name => !used.Contains(name)).ToList();
        Assert.True(unused.Count == 0, "op definitions with no case in ops.json (add cases to generate_ops.py): " + string.Join(", ", unused));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = ReferenceCases.Get(caseName);
        Assert.True(OpCatalog.HasDefinition(c.Op), $"{c.Name}: op '{c.Op}' has no definition in Nabla.Checks.OpCatalog (add one)");
        var op = OpCatalog.Definition(c.Op);

        // Leaves as stored; the op sees input TransposeInput as a non-contiguous view.
        var leaves = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var args = leaves.ToArray();
        if (c.TransposeInput is int ti)
            args[ti] = leaves[ti].Transpose(0, 1);

        var output = op.Call(args, new OpArgs(c.Args));
        AssertTensor(c, "output", c.Output, output, ReferenceCase.ParseDType(c.Output.DType ?? c.DType));

        if (c.GradOutput is null || c.Grads is null)
            return; // integer outputs, masks, sign: forward only

        var gradOutput = new ReferenceTensor { Shape = c.GradOutput.Shape, Data = c.GradOutput.Data }.ToTensor(c.DType);
        output.Backward(gradOutput);

        for (int i = 0; i < leaves.Length; i++)
        {
            var expected = c.Grads[i];
            if (expected is null)
            {
                Assert.True(leaves[i].Grad is null,
                    $"{c.Name}: input {i} does not require grad but has a .Grad after Backward");
                continue;
            }
            var grad = leaves[i].Grad;
            Assert.True(grad is not null, $"{c.Name}: input {i} requires grad but .Grad is null after Backward");
            AssertTensor(c, $"grad of input {i}", expected, grad!, leaves[i].DType);
        }
    }

    // ------------------------------------------------------------------------------------
    // Comparison
    // ------------------------------------------------------------------------------------

    /// <summary>|actual - expected| &lt;= max(rtol * |expected|, atol); int64 compares exactly.</summary>
    private static (double Rtol, double Atol) Tolerance(DType dtype) => dtype switch
    {
        DType.Float64 => (1e-9, 1e-12),
        DType.Float32 => (1e-4, 1e-5),
        _ => (0, 0),
    };

    internal static void AssertTensor(ReferenceCase c, string what, ReferenceTensor expected, Tensor actual, DType expectedDType)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{c.Name}: {what} shape: expected [{string.Join(",", expected.Shape)}], got [{string.Join(",", actual.Shape)}]");
        Assert.True(actual.DType == expectedDType,
            $"{c.Name}: {what} dtype: expected {expectedDType}, got {actual.DType}");

        var got = actual.ToDoubleArray();
        Assert.True(got.Length == expected.Data.Length,
            $"{c.Name}: {what}: expected {expected.Data.Length} elements, ToDoubleArray returned {got.Length}");

        var (rtol, atol) = Tolerance(expectedDType);
        int bad = 0, first = -1;
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected.Data[i], g = got[i];
            bool ok = double.IsFinite(g) && Math.Abs(g - e) <= Math.Max(rtol * Math.Abs(e), atol);
            if (!ok && bad++ == 0) first = i;
        }
        if (bad == 0) return;

        double fe = expected.Data[first], fg = got[first];
        var msg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{c.Name}: {what} mismatch at element {first} ")
            .Append(CultureInfo.InvariantCulture, $"(index [{string.Join(",", Unravel(first, expected.Shape))}]): ")
            .Append(CultureInfo.InvariantCulture, $"expected {fe:R}, got {fg:R} (|diff| {Math.Abs(fg - fe):G3}, ")
            .Append(CultureInfo.InvariantCulture, $"rtol {rtol:G3}, atol {atol:G3}); {bad} of {got.Length} elements differ.")
            .Append(CultureInfo.InvariantCulture, $"\n  expected: [{Preview(expected.Data)}]\n  got:      [{Preview(got)}]");
        Assert.Fail(msg.ToString());
    }

    private static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return idx;
    }

    private static string Preview(double[] v) =>
        string.Join(", ", v.Take(12).Select(x => x.ToString("G9", CultureInfo.InvariantCulture))) + (v.Length > 12 ? ", ..." : "");
}
