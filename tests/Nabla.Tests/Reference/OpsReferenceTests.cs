using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nabla.Tests.Reference;

/// <summary>
/// Compares Nabla ops (forward values and gradients) with PyTorch reference values from
/// tests/reference/ops.json (see tests/reference/generate_ops.py for the format).
/// One theory row per case; to cover a new op add a row to <see cref="Ops"/> and cases
/// to the generator.
/// </summary>
public class OpsReferenceTests
{
    // ------------------------------------------------------------------------------------
    // Op table: op name (as in ops.json) -> Nabla call. t = inputs in file order (the one
    // named by "transpose_input" already transposed), a = the case's "args" object.
    // ------------------------------------------------------------------------------------
    private static readonly Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Ops = new()
    {
        // elementwise binary (operators)
        ["add"] = (t, a) => t[0] + t[1],
        ["sub"] = (t, a) => t[0] - t[1],
        ["mul"] = (t, a) => t[0] * t[1],
        ["div"] = (t, a) => t[0] / t[1],
        // tensor-scalar / scalar-tensor, args {scalar}
        ["add_scalar"] = (t, a) => t[0] + Dbl(a, "scalar"),
        ["sub_scalar"] = (t, a) => t[0] - Dbl(a, "scalar"),
        ["mul_scalar"] = (t, a) => t[0] * Dbl(a, "scalar"),
        ["div_scalar"] = (t, a) => t[0] / Dbl(a, "scalar"),
        ["rsub_scalar"] = (t, a) => Dbl(a, "scalar") - t[0],
        ["rdiv_scalar"] = (t, a) => Dbl(a, "scalar") / t[0],
        // elementwise unary
        ["neg"] = (t, a) => -t[0],
        ["pow"] = (t, a) => t[0].Pow(Dbl(a, "exponent")),
        ["pow_tensor"] = (t, a) => t[0].Pow(t[1]),
        ["exp"] = (t, a) => t[0].Exp(),
        ["log"] = (t, a) => t[0].Log(),
        ["sqrt"] = (t, a) => t[0].Sqrt(),
        ["abs"] = (t, a) => t[0].Abs(),
        ["sign"] = (t, a) => t[0].Sign(),
        ["tanh"] = (t, a) => t[0].Tanh(),
        ["sigmoid"] = (t, a) => t[0].Sigmoid(),
        ["relu"] = (t, a) => t[0].Relu(),
        ["clamp"] = (t, a) => t[0].Clamp(DblOrNull(a, "min"), DblOrNull(a, "max")),
        ["maximum"] = (t, a) => Tensor.Maximum(t[0], t[1]),
        ["minimum"] = (t, a) => Tensor.Minimum(t[0], t[1]),
        ["where"] = (t, a) => Tensor.Where(t[0], t[1], t[2]),
        // comparisons (0/1 mask in the input dtype)
        ["eq"] = (t, a) => t[0].Eq(t[1]),
        ["ne"] = (t, a) => t[0].Ne(t[1]),
        ["gt"] = (t, a) => t[0].Gt(t[1]),
        ["ge"] = (t, a) => t[0].Ge(t[1]),
        ["lt"] = (t, a) => t[0].Lt(t[1]),
        ["le"] = (t, a) => t[0].Le(t[1]),
        // reductions, args {dims: [..] | null, keep_dim}
        ["sum"] = (t, a) => Dims(a) is { } d ? t[0].Sum(d, KeepDim(a)) : t[0].Sum(),
        ["mean"] = (t, a) => Dims(a) is { } d ? t[0].Mean(d, KeepDim(a)) : t[0].Mean(),
        ["max"] = (t, a) => Dims(a) is { } d ? t[0].Amax(d, KeepDim(a)) : t[0].Max(),
        ["min"] = (t, a) => Dims(a) is { } d ? t[0].Amin(d, KeepDim(a)) : t[0].Min(),
        ["var"] = (t, a) => t[0].Var(Dims(a), Int(a, "correction"), KeepDim(a)),
        ["std"] = (t, a) => t[0].Std(Dims(a), Int(a, "correction"), KeepDim(a)),
        ["norm"] = (t, a) => t[0].Norm(NormP(a), Dims(a), KeepDim(a)),
        ["argmax"] = (t, a) => t[0].ArgMax(IntOrNull(a, "dim"), KeepDim(a)),
        ["argmin"] = (t, a) => t[0].ArgMin(IntOrNull(a, "dim"), KeepDim(a)),
        ["logsumexp"] = (t, a) => t[0].LogSumExp(Dims(a) ?? throw new InvalidDataException("logsumexp needs dims"), KeepDim(a)),
        ["softmax"] = (t, a) => t[0].Softmax(Int(a, "dim")),
        ["log_softmax"] = (t, a) => t[0].LogSoftmax(Int(a, "dim")),
        // order statistics: values (differentiable) and their indices
        ["max_dim"] = (t, a) => t[0].Max(Int(a, "dim"), KeepDim(a)).Values,
        ["max_dim_indices"] = (t, a) => t[0].Max(Int(a, "dim"), KeepDim(a)).Indices,
        ["min_dim"] = (t, a) => t[0].Min(Int(a, "dim"), KeepDim(a)).Values,
        ["min_dim_indices"] = (t, a) => t[0].Min(Int(a, "dim"), KeepDim(a)).Indices,
        ["sort"] = (t, a) => t[0].Sort(Int(a, "dim"), Bool(a, "descending"), stable: true).Values,
        ["sort_indices"] = (t, a) => t[0].Sort(Int(a, "dim"), Bool(a, "descending"), stable: true).Indices,
        ["argsort"] = (t, a) => t[0].ArgSort(Int(a, "dim"), Bool(a, "descending"), stable: true),
        ["topk"] = (t, a) => t[0].TopK(Int(a, "k"), Int(a, "dim"), Bool(a, "largest")).Values,
        ["topk_indices"] = (t, a) => t[0].TopK(Int(a, "k"), Int(a, "dim"), Bool(a, "largest")).Indices,
        ["median"] = (t, a) => t[0].Median(),
        ["median_dim"] = (t, a) => t[0].Median(Int(a, "dim"), KeepDim(a)).Values,
        ["median_dim_indices"] = (t, a) => t[0].Median(Int(a, "dim"), KeepDim(a)).Indices,
        ["kthvalue"] = (t, a) => t[0].Kthvalue(Int(a, "k"), Int(a, "dim"), KeepDim(a)).Values,
        ["kthvalue_indices"] = (t, a) => t[0].Kthvalue(Int(a, "k"), Int(a, "dim"), KeepDim(a)).Indices,
        ["var_mean"] = (t, a) => Joined(t[0].VarMean(Dims(a), Int(a, "correction"), KeepDim(a))),
        ["std_mean"] = (t, a) => Joined(t[0].StdMean(Dims(a), Int(a, "correction"), KeepDim(a))),
        // more elementwise functions
        ["sin"] = (t, a) => t[0].Sin(),
        ["cos"] = (t, a) => t[0].Cos(),
        ["expm1"] = (t, a) => t[0].Expm1(),
        ["reciprocal"] = (t, a) => t[0].Reciprocal(),
        ["rsqrt"] = (t, a) => t[0].Rsqrt(),
        ["log2"] = (t, a) => t[0].Log2(),
        ["log10"] = (t, a) => t[0].Log10(),
        ["floor"] = (t, a) => t[0].Floor(),
        ["ceil"] = (t, a) => t[0].Ceil(),
        ["round"] = (t, a) => t[0].Round(),
        ["trunc"] = (t, a) => t[0].Trunc(),
        ["masked_fill"] = (t, a) => t[0].MaskedFill(t[1], Dbl(a, "value")),
        ["lerp"] = (t, a) => t[0].Lerp(t[1], Dbl(a, "weight")),
        ["lerp_tensor"] = (t, a) => t[0].Lerp(t[1], t[2]),
        // pieces joined as the generator joins them
        ["unbind"] = (t, a) => JoinedPieces(t[0].Unbind(Int(a, "dim"))),
        ["split"] = (t, a) => JoinedPieces(Arg(a, "split").ValueKind == JsonValueKind.Array
            ? t[0].Split(Ints(a, "split"), Int(a, "dim")) : t[0].Split(Int(a, "split"), Int(a, "dim"))),
        ["chunk"] = (t, a) => JoinedPieces(t[0].Chunk(Int(a, "chunks"), Int(a, "dim"))),
        ["repeat"] = (t, a) => t[0].Repeat(Ints(a, "repeats")),
        ["tile"] = (t, a) => t[0].Tile(Ints(a, "dims")),
        ["flip"] = (t, a) => t[0].Flip(Ints(a, "dims")),
        ["roll"] = (t, a) => IsNull(a, "dims") ? t[0].Roll(Int(a, "shifts"))
            : Arg(a, "dims").ValueKind == JsonValueKind.Array ? t[0].Roll(Ints(a, "shifts"), Ints(a, "dims"))
            : t[0].Roll(Int(a, "shifts"), Int(a, "dims")),
        ["mm"] = (t, a) => t[0].Mm(t[1]),
        ["bmm"] = (t, a) => t[0].Bmm(t[1]),
        ["mv"] = (t, a) => t[0].Mv(t[1]),
        ["dot"] = (t, a) => t[0].Dot(t[1]),
        ["outer"] = (t, a) => t[0].Outer(t[1]),
        ["addmm"] = (t, a) => t[0].Addmm(t[1], t[2], Dbl(a, "beta"), Dbl(a, "alpha")),
        // linear algebra, joining, indexing
        ["matmul"] = (t, a) => t[0].MatMul(t[1]),
        ["cat"] = (t, a) => Tensor.Cat(t, Int(a, "dim")),
        ["stack"] = (t, a) => Tensor.Stack(t, Int(a, "dim")),
        ["gather"] = (t, a) => t[0].Gather(Int(a, "dim"), t[1]),
        ["index_select"] = (t, a) => t[0].IndexSelect(Int(a, "dim"), t[1]),
        ["scatter_add"] = (t, a) => t[0].ScatterAdd(Int(a, "dim"), t[1], t[2]),
        ["index_add"] = (t, a) => t[0].IndexAdd(Int(a, "dim"), t[1], t[2], Dbl(a, "alpha")),
        ["one_hot"] = (t, a) => Tensor.OneHot(t[0], Int(a, "num_classes")),
        // views
        ["reshape"] = (t, a) => t[0].Reshape(Ints(a, "shape")),
        ["view"] = (t, a) => t[0].View(Ints(a, "shape")),
        ["permute"] = (t, a) => t[0].Permute(Ints(a, "dims")),
        ["transpose"] = (t, a) => t[0].Transpose(Int(a, "dim0"), Int(a, "dim1")),
        ["expand"] = (t, a) => t[0].Expand(Ints(a, "shape")),
        ["squeeze"] = (t, a) => IntOrNull(a, "dim") is { } d ? t[0].Squeeze(d) : t[0].Squeeze(),
        ["unsqueeze"] = (t, a) => t[0].Unsqueeze(Int(a, "dim")),
        ["flatten"] = (t, a) => t[0].Flatten(Int(a, "start_dim"), Int(a, "end_dim")),
        ["narrow"] = (t, a) => t[0].Narrow(Int(a, "dim"), Int(a, "start"), Int(a, "length")),
        // compositions
        ["composite_mlp"] = (t, a) => (t[0].MatMul(t[1].Transpose(0, 1)) + t[2]).Tanh().Softmax(1),
        ["composite_lse_stable"] = (t, a) => (t[0] * Dbl(a, "scale")).LogSoftmax(1),
        ["composite_cross_entropy"] = (t, a) => (-t[0].LogSoftmax(1).Gather(1, t[1])).Mean(),
        ["composite_reuse"] = (t, a) => (t[0] * t[0] + t[0].Exp()).Sum([1]),
    };

    public static IEnumerable<object[]> CaseNames() =>
        ReferenceCases.All.Keys.Select(name => new object[] { name });

    [Fact]
    public void ReferenceFileLoads()
    {
        Assert.True(ReferenceCases.All.Count > 0, $"no cases in {ReferenceCases.FilePath}");
    }

    /// <summary>Summary check: every op used by ops.json has a row in the table.</summary>
    [Fact]
    public void EveryReferenceOpIsMapped()
    {
        var missing = ReferenceCases.All.Values.Select(c => c.Op).Distinct().Where(op => !Ops.ContainsKey(op)).Order().ToList();
        Assert.True(missing.Count == 0, "ops in ops.json with no row in OpsReferenceTests.Ops: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = ReferenceCases.Get(caseName);
        Assert.True(Ops.TryGetValue(c.Op, out var op),
            $"{c.Name}: op '{c.Op}' has no row in OpsReferenceTests.Ops (add one)");

        // Leaves as stored; the op sees input TransposeInput as a non-contiguous view.
        var leaves = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var args = leaves.ToArray();
        if (c.TransposeInput is int ti)
            args[ti] = leaves[ti].Transpose(0, 1);

        var output = op!(args, c.Args);
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

    // ------------------------------------------------------------------------------------
    // Args helpers
    // ------------------------------------------------------------------------------------

    private static JsonElement Arg(JsonElement a, string name) =>
        a.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"missing arg '{name}'");

    private static bool IsNull(JsonElement a, string name) =>
        !a.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null;

    private static int Int(JsonElement a, string name) => Arg(a, name).GetInt32();

    private static int? IntOrNull(JsonElement a, string name) => IsNull(a, name) ? null : Int(a, name);

    private static double Dbl(JsonElement a, string name) => Arg(a, name).GetDouble();

    private static double? DblOrNull(JsonElement a, string name) => IsNull(a, name) ? null : Dbl(a, name);

    private static int[] Ints(JsonElement a, string name) => Arg(a, name).EnumerateArray().Select(x => x.GetInt32()).ToArray();

    private static int[]? Dims(JsonElement a) => IsNull(a, "dims") ? null : Ints(a, "dims");

    private static bool KeepDim(JsonElement a) => !IsNull(a, "keep_dim") && Arg(a, "keep_dim").GetBoolean();

    private static bool Bool(JsonElement a, string name) => Arg(a, name).GetBoolean();

    /// <summary>unbind/split/chunk as the generator writes them: piece i flattened, times i + 1, joined.</summary>
    private static Tensor JoinedPieces(Tensor[] pieces) => Tensor.Cat(pieces.Select((p, i) => p.Reshape(-1) * (i + 1.0)).ToArray());

    /// <summary>var_mean/std_mean as the generator writes them: both results flattened and joined.</summary>
    private static Tensor Joined((Tensor, Tensor) pair) => Tensor.Cat([pair.Item1.Reshape(-1), pair.Item2.Reshape(-1)]);

    private static double NormP(JsonElement a)
    {
        var p = Arg(a, "p");
        return p.ValueKind == JsonValueKind.String && p.GetString() == "inf" ? double.PositiveInfinity : p.GetDouble();
    }
}
