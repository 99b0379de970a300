using System.Text.Json;
using Nabla.Tests.Reference;

namespace Nabla.Tests.Ops;

/// <summary>
/// C# indexers and operators against PyTorch (tests/reference/indexing.json, written by
/// tests/reference/generate_indexing.py): each row is the generator's torch expression in Nabla's syntax.
/// </summary>
public class IndexingReferenceTests
{
    private static Tensor Assign(Tensor x, Action<Tensor> write)
    {
        var y = x.Clone();
        write(y);
        return y;
    }

    private static readonly Dictionary<string, Func<Tensor[], Tensor>> Ops = new()
    {
        ["int_int"] = t => t[0][1, 2],
        ["range_cols"] = t => t[0][.., 1..3],
        ["from_end"] = t => t[0][^1],
        ["trim"] = t => t[0][1.., ..^1],
        ["step"] = t => t[0][.., TensorIndex.Slice(0, 5, 2)],
        ["negative_slice"] = t => t[0][TensorIndex.Slice(-3, -1)],
        ["ellipsis"] = t => t[0][TensorIndex.Ellipsis, 0],
        ["newaxis"] = t => t[0][TensorIndex.NewAxis, .., 1],
        ["ellipsis_newaxis"] = t => t[0][0, TensorIndex.Ellipsis, TensorIndex.NewAxis],
        ["non_contiguous"] = t => t[0].T[1.., 2],
        ["labels"] = t => t[0][Tensor.Arange(5), t[1]],
        ["index_repeat"] = t => t[0][t[1]],
        ["index_2d"] = t => t[0][t[1]],
        ["index_broadcast"] = t => t[0][t[1][.., TensorIndex.NewAxis], t[2]],
        ["index_middle"] = t => t[0][.., t[1]],
        ["index_separated"] = t => t[0][t[1], .., t[2]],
        ["index_int_mix"] = t => t[0][0, .., t[1]],
        ["index_adjacent_pair"] = t => t[0][.., t[1], t[2]],
        ["index_negative"] = t => t[0][t[1]],
        ["index_0d"] = t => t[0][t[1]],
        ["index_then_slice"] = t => t[0][t[1], 1..],
        ["index_non_contiguous"] = t => t[0].T[t[1]],
        ["mask_full"] = t => t[0][t[1]],
        ["mask_rows"] = t => t[0][t[1]],
        ["mask_dim1"] = t => t[0][.., t[1]],
        ["mask_gt"] = t => t[0][t[0] > 0],
        ["mask_with_index"] = t => t[0][t[1], t[2]],
        ["set_mask_scalar"] = t => Assign(t[0], y => y[t[1]] = 0.5),
        ["set_column"] = t => Assign(t[0], y => y[.., 0] = t[1]),
        ["set_index_values"] = t => Assign(t[0], y => y[t[1]] = t[2]),
        ["set_index_broadcast"] = t => Assign(t[0], y => y[t[1]] = t[2]),
        ["set_step"] = t => Assign(t[0], y => y[TensorIndex.Slice(step: 2)] = t[1]),
        ["set_mask_values"] = t => Assign(t[0], y => y[t[1]] = t[2]),
        ["set_pairs"] = t => Assign(t[0], y => y[t[1], t[2]] = t[3]),
        ["set_middle_index"] = t => Assign(t[0], y => y[.., t[1]] = t[2]),
        ["index_put"] = t => t[0].IndexPut([t[1], t[2]], t[3]),
        ["index_put_accumulate"] = t => t[0].IndexPut([t[1]], t[2], accumulate: true),
        ["index_put_accumulate_pairs"] = t => t[0].IndexPut([t[1], t[2]], t[3], accumulate: true),
        ["gt_tensor"] = t => t[0] > t[1],
        ["le_scalar"] = t => t[0] <= 0.0,
        ["lt_rscalar"] = t => 1.0 < t[0],
        ["ge_rscalar"] = t => 1.0 >= t[0],
        ["not_mask"] = t => ~t[0],
        ["remainder"] = t => t[0] % t[1],
        ["remainder_scalar"] = t => t[0] % -1.5,
        ["rremainder"] = t => 5.0 % t[0],
        ["fmod"] = t => t[0].Fmod(t[1]),
        ["remainder_int64"] = t => t[0] % t[1],
        ["fmod_int64"] = t => t[0].Fmod(t[1]),
        ["bitwise_not_int64"] = t => ~t[0],
        ["index_int64_source"] = t => t[0][t[1], 1..],
    };

    private static readonly Lazy<Dictionary<string, ReferenceCase>> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", "indexing.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(ReferenceCase.Parse).ToDictionary(c => c.Name);
    });

    public static IEnumerable<object[]> CaseNames() => Cases.Value.Keys.Select(name => new object[] { name });

    [Fact]
    public void EveryCaseHasARow()
    {
        Assert.True(Cases.Value.Count >= 50);
        var unmapped = Cases.Value.Values.Select(c => c.Op).Where(op => !Ops.ContainsKey(op)).ToList();
        Assert.True(unmapped.Count == 0, "ops with no row: " + string.Join(", ", unmapped));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = Cases.Value[caseName];
        var leaves = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var output = Ops[c.Op](leaves);
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
