using F = Nabla.NN.Functional;

namespace Nabla.Checks;

/// <summary>One gradient-check variant: a function of one or more ops with sample inputs (tests and the CLI run over them).</summary>
/// <param name="SecondOrder">True when the op's second derivative is not identically zero, so GradGradCheck applies.</param>
internal sealed record OpCase(string Name, Func<Tensor[], Tensor> Function, Func<Generator, Tensor[]> Inputs, bool SecondOrder = true);

/// <summary>
/// The op table. <see cref="Definitions"/> (OpCatalog.Definitions.cs and the family files) holds each op once: its
/// name, Nabla call and PyTorch expression, which the reference tests run. This file holds the gradient-check
/// variants: every differentiable op, Tensor method or NN.Functional composition, with inputs that cover
/// broadcasting, size-1 dims, 0-d tensors and non-contiguous views. An op whose derivative is defined by the
/// definition's call is checked through it (<see cref="Check"/>); a row may also combine ops or multiply by an input,
/// so that a second derivative that is zero for the op alone is not.
/// </summary>
internal static partial class OpCatalog
{
    // Float64 leaves that require grad. Away(...) keeps values away from kinks (|x|, relu, clamp); Positive(...) from 0.
    private static Tensor N(Generator g, params int[] shape) => Tensor.Randn(shape, g, DType.Float64, requiresGrad: true);

    private static Tensor Positive(Generator g, params int[] shape) =>
        (Tensor.Rand(shape, g, DType.Float64) + 0.5).Detach().RequiresGrad_();

    private static Tensor Away(Generator g, params int[] shape)
    {
        var r = Tensor.Randn(shape, g, DType.Float64);
        return (r.Sign() * (r.Abs() + 0.2)).Detach().RequiresGrad_();
    }

    /// <summary>A non-contiguous leaf: the transpose of a stored [cols, rows] matrix.</summary>
    private static Tensor Transposed(Generator g, int rows, int cols) =>
        Tensor.Randn([cols, rows], g, DType.Float64).Transpose(0, 1).Detach().RequiresGrad_();

    private static Tensor Index(params long[] values) => Tensor.FromArray(values);

    /// <summary>x cloned, then assigned into (an in-place write that autograd records).</summary>
    private static Tensor Assigned(Tensor x, Action<Tensor> write)
    {
        var y = x.Clone();
        write(y);
        return y;
    }

    public static IReadOnlyList<OpCase> GradCheckCases { get; } = Build();

    /// <summary>A row that checks one op through its definition's call: named "op" or "op (variant)".</summary>
    private static OpCase Check(string op, string? variant, Func<Generator, Tensor[]> inputs, string args = "{}", bool secondOrder = true)
    {
        var definition = Definition(op);
        var parsed = OpArgs.Parse(args);
        return new(variant is null ? op : $"{op} ({variant})", x => definition.Call(x, parsed), inputs, secondOrder);
    }

    private static List<OpCase> Build() =>
    [
        Check("add", "broadcast", g => [N(g, 2, 3), N(g, 3)]),
        Check("add", "size-1 dims", g => [N(g, 4, 1), N(g, 1, 3)]),
        Check("add", "0-d", g => [N(g), N(g, 2, 2)]),
        Check("add", "non-contiguous", g => [Transposed(g, 3, 4), N(g, 3, 4)]),
        Check("sub", "broadcast", g => [N(g, 3, 1), N(g, 2, 1, 4)]),
        Check("mul", "broadcast", g => [N(g, 2, 3), N(g, 2, 1)]),
        Check("mul", "non-contiguous", g => [Transposed(g, 2, 3), N(g, 3)]),
        Check("div", "broadcast", g => [N(g, 2, 3), Positive(g, 3)]),
        new("Scalar ops", x => (2.5 - x[0]) * 3.0 / (x[0] + 4.0) + 1.5 / x[1], g => [Positive(g, 3), Positive(g, 2, 3)]),
        Check("neg", null, g => [N(g, 2, 3)], secondOrder: false),
        Check("pow", "scalar", g => [N(g, 2, 3)], """{"exponent": 3}"""),
        new("Pow (fractional)", x => x[0].Pow(-1.5) + x[0].Pow(0.5), g => [Positive(g, 4)]),
        Check("pow_tensor", null, g => [Positive(g, 2, 3), N(g, 3)]),
        Check("exp", null, g => [N(g, 2, 3)]),
        Check("log", null, g => [Positive(g, 2, 3)]),
        Check("sqrt", null, g => [Positive(g, 3, 2)]),
        new("Abs", x => x[0].Abs() * x[0], g => [Away(g, 5)]),
        new("Sign", x => x[0].Sign() * x[0], g => [Away(g, 5)], SecondOrder: false),
        Check("tanh", null, g => [N(g, 2, 3)]),
        Check("tanh", "non-contiguous", g => [Transposed(g, 3, 2)]),
        Check("sigmoid", null, g => [N(g, 2, 3)]),
        new("Relu", x => x[0].Relu() * x[0], g => [Away(g, 6)]),
        new("Clamp", x => x[0].Clamp(-0.5, 0.5) * x[0], g => [Away(g, 8)]),
        Check("clamp", "min only", g => [Away(g, 8)], """{"min": 0.1, "max": null}""", secondOrder: false),
        new("Maximum", x => Tensor.Maximum(x[0], x[1]) * x[0], g => [N(g, 2, 3), N(g, 3)]),
        new("Minimum", x => Tensor.Minimum(x[0], x[1]) * x[1], g => [N(g, 2, 1), N(g, 3)]),
        new("Where", x => Tensor.Where(x[0].Gt(0.0), x[0] * x[1], x[1].Exp()), g => [Away(g, 2, 3), N(g, 3)]),
        new("Sum (all)", x => x[0].Sum() * x[0].Sum(), g => [N(g, 2, 3)]),
        new("Sum (dims, keepDim)", x => x[0].Sum([0, 2], keepDim: true).Pow(2), g => [N(g, 2, 3, 4)]),
        new("Sum (0-d)", x => x[0].Sum().Pow(2), g => [N(g)]),
        new("Mean", x => x[0].Mean(1).Pow(2), g => [N(g, 3, 4)]),
        new("Mean (non-contiguous)", x => x[0].Mean(0).Pow(2), g => [Transposed(g, 3, 4)]),
        new("Max (dim)", x => x[0].Max(1).Values * x[0].Max(1, keepDim: true).Values.Sum(), g => [N(g, 3, 5)]),
        new("Max (all)", x => x[0].Max().Pow(2), g => [N(g, 3, 2)]),
        new("Min (dim, non-contiguous)", x => x[0].Min(0).Values.Pow(2), g => [Transposed(g, 3, 4)]),
        new("Amax (dims)", x => x[0].Amax([0, 2]).Pow(2), g => [N(g, 2, 3, 4)]),
        new("Amin (dims, keepDim)", x => x[0].Amin([1], keepDim: true) * x[0], g => [N(g, 3, 4)]),
        new("Sort", x => x[0].Sort(1, descending: true).Values * x[1], g => [N(g, 3, 4), N(g, 4)]),
        new("Sort (non-contiguous)", x => x[0].Sort(0).Values.Pow(2), g => [Transposed(g, 3, 4)]),
        new("TopK", x => x[0].TopK(2, 0, largest: false).Values.Pow(2), g => [N(g, 4, 3)]),
        new("Median", x => x[0].Median().Pow(2) + x[0].Median(1, keepDim: true).Values * x[0], g => [N(g, 3, 4)]),
        new("Kthvalue", x => x[0].Kthvalue(2, 0).Values.Exp(), g => [Transposed(g, 3, 2)]),
        new("Kthvalue (0-d)", x => x[0].Kthvalue(1, 0).Values * x[0], g => [N(g)]),
        Check("var", null, g => [N(g, 3, 5)], """{"dims": [1], "correction": 1}"""),
        new("Var (one dim)", x => x[0].Var(0, correction: 0), g => [N(g, 4, 2)]),
        new("VarMean/StdMean", x => x[0].VarMean(1).Var * x[0].StdMean(-1, keepDim: true).Mean.Sum(), g => [N(g, 2, 3)]),
        Check("var", "population, keepDim", g => [N(g, 3, 4, 2)], """{"dims": [0, 1], "correction": 0, "keep_dim": true}"""),
        new("Std", x => x[0].Std(), g => [N(g, 6)]),
        Check("norm", "2", g => [N(g, 3, 4)], """{"p": 2, "dims": [1]}"""),
        new("Norm 1", x => x[0].Norm(1) * x[0].Sum(), g => [Away(g, 5)]),
        new("Norm ∞", x => x[0].Norm(double.PositiveInfinity, [0]) * x[0].Sum(), g => [Away(g, 4, 3)]),
        Check("norm", "3", g => [Away(g, 5)], """{"p": 3, "dims": null}"""),
        Check("norm", "0.5, dims, keepDim", g => [Away(g, 3, 2)], """{"p": 0.5, "dims": [0], "keep_dim": true}"""),
        Check("norm", "1.5, non-contiguous", g => [Transposed(g, 3, 4)], """{"p": 1.5, "dims": [1]}"""),
        Check("logsumexp", null, g => [N(g, 3, 4)], """{"dims": [1]}"""),
        Check("logsumexp", "dims", g => [N(g, 2, 3, 2)], """{"dims": [0, 2], "keep_dim": true}"""),
        new("Softmax", x => x[0].Softmax(1) * x[1], g => [N(g, 3, 4), N(g, 4)]),
        new("Softmax (dim 0)", x => x[0].Softmax(0) * x[1], g => [N(g, 3, 4), N(g, 3, 4)]),
        new("LogSoftmax", x => x[0].LogSoftmax(-1) * x[1], g => [N(g, 2, 5), N(g, 5)]),
        Check("log_softmax", "non-contiguous", g => [Transposed(g, 3, 4)], """{"dim": 1}"""),
        Check("matmul", "2-D", g => [N(g, 3, 4), N(g, 4, 2)]),
        new("MatMul (transposed)", x => x[0].MatMul(x[1].T), g => [Transposed(g, 3, 4), N(g, 2, 4)]),
        Check("matmul", "vector·vector", g => [N(g, 4), N(g, 4)]),
        Check("matmul", "matrix·vector", g => [N(g, 3, 4), N(g, 4)]),
        Check("matmul", "vector·matrix", g => [N(g, 3), N(g, 3, 2)]),
        Check("matmul", "batched", g => [N(g, 2, 3, 4), N(g, 2, 4, 2)]),
        Check("matmul", "broadcast batch", g => [N(g, 2, 1, 3, 4), N(g, 3, 4, 2)]),
        Check("matmul", "shared matrix", g => [N(g, 2, 3, 4), N(g, 4, 2)]),
        new("Reshape/View", x => x[0].Reshape(3, 2).MatMul(x[0].View(2, 3)), g => [N(g, 6)]),
        new("Permute/Transpose", x => x[0].Permute(2, 0, 1).Transpose(0, 1) * x[1], g => [N(g, 2, 3, 4), N(g, 3)]),
        new("Slice/Narrow", x => x[0].Slice(1, 0, 5, 2).Pow(2) + x[0].Narrow(1, 1, 3), g => [N(g, 3, 5)]),
        new("Select/indexer", x => x[0][1] * x[0].Select(1, -1).Sum(), g => [N(g, 3, 4)]),
        new("Expand", x => x[0].Expand(3, 4) * x[1], g => [N(g, 3, 1), N(g, 3, 4)]),
        new("Squeeze/Unsqueeze/Flatten", x => x[0].Squeeze(1).Unsqueeze(0).Flatten() * x[0].Flatten(), g => [N(g, 3, 1, 2)]),
        new("Contiguous", x => x[0].Contiguous().Pow(2), g => [Transposed(g, 2, 3)]),
        new("Cat", x => Tensor.Cat([x[0], x[1].Pow(2)], 1), g => [N(g, 2, 3), N(g, 2, 2)]),
        new("Stack", x => Tensor.Stack([x[0], x[1] * x[0]], 1), g => [N(g, 2, 3), N(g, 2, 3)]),
        new("Gather", x => x[0].Gather(1, Tensor.FromArray(new long[] { 0, 2, 1, 1, 0, 0 }, 3, 2)).Pow(2), g => [N(g, 3, 4)]),
        new("IndexSelect", x => x[0].IndexSelect(0, Index(2, 0, 2)).Pow(2), g => [N(g, 3, 2)]),
        new("ScatterAdd", x => x[0].ScatterAdd(1, Tensor.FromArray(new long[] { 2, 0, 2, 1, -1, 0 }, 2, 3), x[1]).Pow(2), g => [N(g, 2, 4), N(g, 2, 3)]),
        new("ScatterAdd (src larger than index)", x => x[0].ScatterAdd(0, Tensor.FromArray(new long[] { 1, 0, 1 }, 1, 3), x[1]) * x[0],
            g => [N(g, 2, 4), Transposed(g, 3, 5)]),
        new("ScatterAdd (0-d)", x => x[0].ScatterAdd(0, Tensor.FromArray(new long[] { 0 }, []), x[1]).Pow(2), g => [N(g), N(g)]),
        new("IndexAdd", x => x[0].IndexAdd(0, Index(2, 0, 2), x[1], alpha: -1.5).Pow(2), g => [N(g, 3, 2), N(g, 3, 2)]),
        new("IndexAdd (dim 1, non-contiguous)", x => x[0].IndexAdd(1, Index(1, 1), x[1]) * x[1].Sum(), g => [N(g, 3, 2), Transposed(g, 3, 2)]),
        new("Sin/Cos", x => x[0].Sin() * x[1].Cos(), g => [N(g, 2, 3), Transposed(g, 2, 3)]),
        Check("expm1", null, g => [N(g, 3, 2)]),
        new("Reciprocal/Rsqrt", x => x[0].Reciprocal() + x[0].Rsqrt(), g => [Positive(g, 4)]),
        new("Log2/Log10", x => x[0].Log2() * x[0].Log10(), g => [Positive(g, 2, 2)]),
        new("Floor/Ceil/Round/Trunc", x => (x[0].Floor() + x[0].Ceil() + x[0].Round() + x[0].Trunc()) * x[0], g => [Away(g, 5)], SecondOrder: false),
        new("MaskedFill", x => x[0].MaskedFill(x[0].Gt(0.0), 0.5).Pow(2), g => [Away(g, 2, 3)]),
        new("Lerp", x => x[0].Lerp(x[1], 0.3) * x[0].Lerp(x[1], x[2]), g => [N(g, 2, 3), N(g, 3), N(g, 2, 1)]),
        new("Unbind/Split/Chunk", x => x[0].Unbind(1)[2] * x[0].Split([1, 2], 0)[1].Sum() + x[0].Chunk(2, 1)[1].Sum(1).Pow(2),
            g => [N(g, 3, 4)]),
        new("Repeat/Tile", x => x[0].Repeat(2, 1, 3).Pow(2).Sum(0) * x[0].Tile(3), g => [Transposed(g, 2, 3)]),
        new("Flip/Roll", x => x[0].Flip(0, 1) * x[0].Roll(1, 1).Pow(2) + x[0].Roll(-2), g => [N(g, 3, 4)]),
        new("Mm/Bmm/Mv/Dot/Outer", x => x[0].Mm(x[1]).Sum() * x[2].Bmm(x[2].MT).Sum(0) + x[0].Mv(x[1].Select(1, 0)).Dot(x[0].Select(1, 1))
            + x[1].Select(1, 0).Outer(x[1].Select(1, 1)).Sum(), g => [N(g, 2, 3), N(g, 3, 2), N(g, 2, 2, 3)]),
        Check("addmm", null, g => [N(g, 2), N(g, 3, 4), Transposed(g, 4, 2)], """{"beta": 0.5, "alpha": -2}"""),
        new("Indexer (basic: ranges, step, NewAxis)", x => x[0][1.., TensorIndex.Slice(0, 4, 2), TensorIndex.NewAxis].Pow(2), g => [N(g, 3, 4)]),
        new("Indexer (advanced, broadcast index tensors)", x => x[0][Index(0, 2, 0).Unsqueeze(1), Index(1, 3)].Pow(2), g => [N(g, 3, 4)]),
        new("Indexer (advanced, separated dims)", x => x[0][Index(1, 0), .., Index(2, 2)] * x[1], g => [N(g, 2, 3, 4), N(g, 3)]),
        new("Indexer (mask select)", x => x[0][x[1].Detach() > 0].Pow(2), g => [N(g, 3, 4), Away(g, 3, 4)]),
        new("Index assignment (mask, tensor values)", x => Assigned(x[0], y => y[Tensor.FromArray(new double[] { 1, 0, 1, 1 })] = x[1]).Pow(2),
            g => [N(g, 4, 2), N(g, 2)]),
        new("IndexPut", x => x[0].IndexPut([Index(2, 0), Index(1, 1)], x[1]).Pow(2), g => [N(g, 3, 2), N(g, 2)]),
        new("IndexPut (accumulate)", x => x[0].IndexPut([Index(2, 0, 2)], x[1], accumulate: true).Pow(2), g => [N(g, 3, 2), Transposed(g, 3, 2)]),
        new("Remainder", x => (x[0] % x[1]) * x[0], g => [Positive(g, 2, 3), (Tensor.Rand([3], g, DType.Float64) * 0.2 + 0.35).Detach().RequiresGrad_()]),
        new("Fmod", x => x[0].Fmod(x[1]) * x[0], g => [Away(g, 2, 3), (Tensor.Rand([3], g, DType.Float64) * 0.2 + 0.35).Detach().RequiresGrad_()]),
        new("Erf", x => x[0].Erf(), g => [N(g, 2, 3)]),
        new("Log1p", x => x[0].Log1p(), g => [Positive(g, 2, 3)]),
        new("BinaryCrossEntropy (elementwise)", x => Tensor.BinaryCrossEntropyElementwise(x[0], x[1]),
            g => [(Tensor.Rand([2, 3], g, DType.Float64) * 0.8 + 0.1).Detach().RequiresGrad_(), Tensor.Rand([2, 3], g, DType.Float64, requiresGrad: true)]),
        new("To(Float32→Float64 round trip)", x => x[0].Pow(2).Double(), g => [N(g, 3)]),
        new("Conv2d (odd sizes, padding 1, bias, batch 1)", x => F.Conv2d(x[0], x[1], x[2], padding: 1), g => [N(g, 1, 2, 5, 7), N(g, 3, 2, 3, 3), N(g, 3)]),
        new("Conv2d (stride 2, asymmetric padding, batch 3)", x => F.Conv2d(x[0], x[1], stride: 2, padding: (1, 0)), g => [N(g, 3, 2, 7, 5), N(g, 2, 2, 3, 2)]),
        new("Conv2d (dilation 2)", x => F.Conv2d(x[0], x[1], x[2], padding: 2, dilation: 2), g => [N(g, 2, 1, 7, 6), N(g, 2, 1, 3, 3), N(g, 2)]),
        new("Conv2d (groups 2)", x => F.Conv2d(x[0], x[1], x[2], groups: 2), g => [N(g, 3, 4, 5, 5), N(g, 4, 2, 3, 3), N(g, 4)]),
        new("Conv2d (depthwise, stride (2, 1))", x => F.Conv2d(x[0], x[1], stride: (2, 1), padding: 1, groups: 3), g => [N(g, 1, 3, 5, 4), N(g, 3, 1, 3, 3)]),
        new("Conv2d (padding same, even kernel)", x => F.Conv2d(x[0], x[1], "same", x[2]), g => [N(g, 1, 2, 5, 6), N(g, 2, 2, 2, 4), N(g, 2)]),
        new("Conv2d (pointwise 1x1, unbatched)", x => F.Conv2d(x[0], x[1]), g => [N(g, 3, 4, 3), N(g, 2, 3, 1, 1)]),
        new("Conv2d (32 channels per group: transposed GEMMs)", x => F.Conv2d(x[0], x[1], x[2], padding: 1, groups: 2),
            g => [N(g, 2, 4, 3, 2), N(g, 64, 2, 2, 2), N(g, 64)]),
        new("Conv2d (non-contiguous input)", x => F.Conv2d(x[0].Permute(0, 1, 3, 2), x[1]), g => [N(g, 2, 2, 4, 5), N(g, 2, 2, 2, 2)]),
        new("ConvTranspose2d (stride 2, output padding 1)", x => F.ConvTranspose2d(x[0], x[1], x[2], stride: 2, padding: 1, outputPadding: 1),
            g => [N(g, 2, 3, 3, 4), N(g, 3, 2, 3, 3), N(g, 2)]),
        new("ConvTranspose2d (groups 2, dilation 2)", x => F.ConvTranspose2d(x[0], x[1], groups: 2, dilation: 2), g => [N(g, 1, 4, 3, 3), N(g, 4, 1, 2, 3)]),
        new("MaxPool2d (2x2)", x => F.MaxPool2d(x[0], 2), g => [N(g, 1, 2, 4, 6)], SecondOrder: false),
        new("MaxPool2d (3x3, stride 2, padding 1, ceil mode, batch 3)", x => F.MaxPool2d(x[0], 3, stride: 2, padding: 1, ceilMode: true),
            g => [N(g, 3, 2, 6, 7)], SecondOrder: false),
        new("AvgPool2d (padding counted, stride 2)", x => F.AvgPool2d(x[0], (3, 2), stride: 2, padding: 1), g => [N(g, 2, 2, 5, 6)], SecondOrder: false),
        new("AvgPool2d (padding not counted, ceil mode)", x => F.AvgPool2d(x[0], 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
            g => [N(g, 1, 3, 6, 5)], SecondOrder: false),
        new("AdaptiveAvgPool2d (5x7 → 3x4)", x => F.AdaptiveAvgPool2d(x[0], (3, 4)), g => [N(g, 2, 2, 5, 7)], SecondOrder: false),
        new("BatchNorm (4-D, training)", x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), g => [N(g, 3, 2, 3, 2), N(g, 2), N(g, 2)]),
        new("CNN chain (conv, tanh, max pool, avg pool, conv)",
            x => F.Conv2d(F.AvgPool2d(F.MaxPool2d(F.Conv2d(x[0], x[1], padding: 1).Tanh(), 2, stride: 1), 2, stride: 1), x[2], stride: 2),
            g => [N(g, 2, 1, 6, 6), N(g, 2, 1, 3, 3), N(g, 1, 2, 2, 2)]),
    ];
}
