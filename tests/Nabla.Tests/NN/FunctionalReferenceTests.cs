using Nabla.Checks;
using Nabla.Tests.Reference;

namespace Nabla.Tests.NN;

/// <summary>
/// Every activation and loss option against PyTorch 1.13 (tests/reference/nn.json): forward values and the gradients
/// of every input that requires grad, in Float64 and Float32. One theory row per case. Each op's Nabla call and torch
/// expression are its definition in src/Nabla/Checks/OpCatalog.Functional.cs (reference file nn.json: its relu or
/// softmax is NN.Functional's, not ops.json's Tensor method).
/// </summary>
public class FunctionalReferenceTests
{
    public static TheoryData<string> CaseNames() => new(NnReferenceCases.All.Keys);

    private const string Reference = "nn.json";

    /// <summary>The ops of nn.json are exactly the op table's nn.json definitions: none without a definition, none
    /// defined without cases.</summary>
    [Fact]
    public void EveryOpIsDefinedAndEveryDefinitionHasCases()
    {
        var used = NnReferenceCases.All.Values.Select(c => c.Op).Distinct().Order().ToList();
        var defined = OpCatalog.Definitions.Where(op => op.Reference == Reference).Select(op => op.Name).Order().ToList();
        Assert.True(used.SequenceEqual(defined),
            $"ops of nn.json with no definition in Nabla.Checks.OpCatalog: {string.Join(", ", used.Except(defined))}; "
            + $"definitions of nn.json with no case (add cases to generate_nn.py): {string.Join(", ", defined.Except(used))}");
    }

    [Fact]
    public void EveryLossOptionIsCovered()
    {
        var cases = NnReferenceCases.All.Values.ToList();
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
        var output = OpCatalog.Definition(c.Op, Reference).Call(inputs, new OpArgs(c.Args));
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
}
