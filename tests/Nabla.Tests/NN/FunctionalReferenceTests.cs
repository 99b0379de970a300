using System.Text.Json;
using Nabla.NN;
using Nabla.Tests.Reference;

namespace Nabla.Tests.NN;

/// <summary>
/// Every activation and loss option against PyTorch 1.13 (tests/reference/nn.json): forward values and the gradients
/// of every input that requires grad, in Float64 and Float32. One theory row per case.
/// </summary>
public class FunctionalReferenceTests
{
    // op name (as in nn.json) → Nabla call; t = inputs in file order, a = the case's args.
    private static readonly Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Ops = new()
    {
        ["relu"] = (t, a) => Functional.Relu(t[0]),
        ["leaky_relu"] = (t, a) => Functional.LeakyRelu(t[0], Dbl(a, "negative_slope")),
        ["prelu"] = (t, a) => Functional.Prelu(t[0], t[1]),
        ["elu"] = (t, a) => Functional.Elu(t[0], Dbl(a, "alpha")),
        ["gelu"] = (t, a) => Functional.Gelu(t[0], a.GetProperty("approximate").GetString()!),
        ["silu"] = (t, a) => Functional.Silu(t[0]),
        ["tanh"] = (t, a) => Functional.Tanh(t[0]),
        ["sigmoid"] = (t, a) => Functional.Sigmoid(t[0]),
        ["softplus"] = (t, a) => Functional.Softplus(t[0], Dbl(a, "beta"), Dbl(a, "threshold")),
        ["softmax"] = (t, a) => Functional.Softmax(t[0], Int(a, "dim")),
        ["log_softmax"] = (t, a) => Functional.LogSoftmax(t[0], Int(a, "dim")),
        ["erf"] = (t, a) => t[0].Erf(),
        ["log1p"] = (t, a) => t[0].Log1p(),
        ["cross_entropy"] = (t, a) => Functional.CrossEntropy(t[0], t[1], Opt(t, a, "weight", 2), IgnoreIndex(a), Red(a),
            Dbl(a, "label_smoothing", 0.0)),
        ["nll_loss"] = (t, a) => Functional.NllLoss(t[0], t[1], Opt(t, a, "weight", 2), IgnoreIndex(a), Red(a)),
        ["kl_div"] = (t, a) => Functional.KlDiv(t[0], t[1], Red(a), a.GetProperty("log_target").GetBoolean()),
        ["bce"] = (t, a) => Functional.BinaryCrossEntropy(t[0], t[1], Opt(t, a, "weight", 2), Red(a)),
        ["bce_with_logits"] = (t, a) => Functional.BinaryCrossEntropyWithLogits(t[0], t[1], Opt(t, a, "weight", 2),
            Opt(t, a, "pos_weight", Flag(a, "weight") ? 3 : 2), Red(a)),
        ["mse_loss"] = (t, a) => Functional.MseLoss(t[0], t[1], Red(a)),
        ["l1_loss"] = (t, a) => Functional.L1Loss(t[0], t[1], Red(a)),
        ["huber_loss"] = (t, a) => Functional.HuberLoss(t[0], t[1], Red(a), Dbl(a, "delta")),
        ["smooth_l1_loss"] = (t, a) => Functional.SmoothL1Loss(t[0], t[1], Red(a), Dbl(a, "beta")),
        ["cosine_similarity"] = (t, a) => Functional.CosineSimilarity(t[0], t[1], Int(a, "dim"), Dbl(a, "eps")),
        ["cosine_embedding_loss"] = (t, a) => Functional.CosineEmbeddingLoss(t[0], t[1], t[2], Dbl(a, "margin"), Red(a)),
        ["hinge_embedding_loss"] = (t, a) => Functional.HingeEmbeddingLoss(t[0], t[1], Dbl(a, "margin"), Red(a)),
        ["margin_ranking_loss"] = (t, a) => Functional.MarginRankingLoss(t[0], t[1], t[2], Dbl(a, "margin"), Red(a)),
        ["multi_margin_loss"] = (t, a) => Functional.MultiMarginLoss(t[0], t[1], Int(a, "p"), Dbl(a, "margin"), Opt(t, a, "weight", 2), Red(a)),
        // PyTorch's side is the course formula −mean(α·y·log ŷ + β·(1−y)·log(1−ŷ)); ours is BCELoss with w = α·y + β·(1−y).
        ["weighted_bce_course"] = (t, a) =>
            new BCELoss(weight: t[1] * Dbl(a, "alpha") + (1.0 - t[1]) * Dbl(a, "beta")).Forward(t[0], t[1]),
    };

    public static TheoryData<string> CaseNames() => new(NnReferenceCases.All.Keys);

    [Fact]
    public void EveryOpIsMappedAndEveryLossOptionIsCovered()
    {
        var cases = NnReferenceCases.All.Values.ToList();
        var missing = cases.Select(c => c.Op).Distinct().Where(op => !Ops.ContainsKey(op)).ToList();
        Assert.True(missing.Count == 0, "ops in nn.json with no row here: " + string.Join(", ", missing));
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        // both dtypes for every case, every reduction for every loss that has one
        Assert.Equal(cases.Count(c => c.DType == "float64"), cases.Count(c => c.DType == "float32"));
        foreach (var op in new[] { "cross_entropy", "nll_loss", "kl_div", "bce", "bce_with_logits", "mse_loss", "l1_loss", "huber_loss",
                     "smooth_l1_loss", "cosine_embedding_loss", "hinge_embedding_loss", "margin_ranking_loss", "multi_margin_loss" })
            foreach (var reduction in new[] { "mean", "sum", "none" })
                Assert.Contains(cases, c => c.Op == op && c.Args.GetProperty("reduction").GetString() == reduction);
        Assert.Contains(cases, c => c.Op == "kl_div" && c.Args.GetProperty("reduction").GetString() == "batchmean");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string caseName)
    {
        var c = NnReferenceCases.All[caseName];
        var dtype = ReferenceCase.ParseDType(c.DType);
        var inputs = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        var output = Ops[c.Op](inputs, c.Args);
        NnReferenceCases.AssertClose(c.Name, "output", c.Output, output, dtype);

        var gradOutput = new ReferenceTensor { Shape = c.GradOutput!.Shape, Data = c.GradOutput.Data }.ToTensor(c.DType);
        output.Backward(gradOutput);
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

    /// <summary>erf is accurate to ~1e-15 relative in double (Cody's approximation against the C library's erf).</summary>
    [Fact]
    public void ErfIsAccurateToDoublePrecision()
    {
        var c = NnReferenceCases.All["erf/wide/float64"];
        var x = c.Inputs[0].ToTensor("float64");
        var got = x.Erf().ToDoubleArray();
        for (int i = 0; i < got.Length; i++)
        {
            double e = c.Output.Data[i];
            Assert.True(Math.Abs(got[i] - e) <= 1e-15 * Math.Abs(e) + 1e-300,
                $"erf({x.ToDoubleArray()[i]:R}) = {got[i]:R}, expected {e:R} (relative error {Math.Abs(got[i] - e) / Math.Abs(e):G3})");
        }
    }

    private static Tensor? Opt(Tensor[] t, JsonElement a, string flag, int index) => Flag(a, flag) ? t[index] : null;

    private static bool Flag(JsonElement a, string name) => a.TryGetProperty(name, out var v) && v.GetBoolean();

    private static long IgnoreIndex(JsonElement a) => a.TryGetProperty("ignore_index", out var v) ? v.GetInt64() : -100;

    private static double Dbl(JsonElement a, string name) => a.GetProperty(name).GetDouble();

    private static double Dbl(JsonElement a, string name, double fallback) => a.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;

    private static int Int(JsonElement a, string name) => a.GetProperty(name).GetInt32();

    private static Reduction Red(JsonElement a) => a.GetProperty("reduction").GetString() switch
    {
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        "batchmean" => Reduction.BatchMean,
        var other => throw new InvalidDataException($"unknown reduction '{other}'"),
    };
}
