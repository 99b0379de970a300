using Nabla.Checks;

namespace Nabla.Tests.Reference;

/// <summary>
/// GradCheck (Float64, central differences) of every differentiable op definition at the inputs of its float64
/// reference cases, through the same call the reference test uses. A new op definition with reference cases is
/// gradchecked here without a row of its own in the gradient-check table.
/// </summary>
public class ReferenceGradCheckTests
{
    /// <summary>Variants whose inputs sit on a kink on purpose, where PyTorch's subgradient is compared but central
    /// differences are undefined or meaningless: ties of max/min/sort/median, exact zeros of a norm, round at its
    /// jumps (halves), and values of ±1000 whose softmax saturates.</summary>
    private static bool OnAKink(ReferenceCase c) =>
        c.Name.Contains("/ties", StringComparison.Ordinal) || c.Name.Contains("zeros", StringComparison.Ordinal)
        || c.Name.Contains("halves", StringComparison.Ordinal)
        || c.Name.Contains("pm1000", StringComparison.Ordinal);

    /// <summary>GradCheck builds full Jacobians, O(inputs × outputs) work: the medium-size cases, there for SIMD tails
    /// and the parallel GEMM, are compared with PyTorch but not gradchecked.</summary>
    private const int MaxInputElements = 128;

    public static TheoryData<string> Float64Cases() => new(ReferenceCases.All.Values
        .Where(c => c.DType == "float64" && OpCatalog.Definition(c.Op).Differentiable && c.Inputs.Any(x => x.RequiresGrad) && !OnAKink(c)
            && c.Inputs.Sum(x => x.Data.Length) <= MaxInputElements)
        .Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Float64Cases))]
    public void GradCheckPassesAtTheReferenceInputs(string caseName)
    {
        var c = ReferenceCases.Get(caseName);
        var op = OpCatalog.Definition(c.Op);
        var args = new OpArgs(c.Args);
        var leaves = c.Inputs.Select(x => x.ToTensor(c.DType)).ToArray();
        Tensor Function(Tensor[] x)
        {
            var call = x.ToArray();
            if (c.TransposeInput is int i) call[i] = x[i].Transpose(0, 1);
            return op.Call(call, args);
        }
        Assert.True(Nabla.Autograd.GradCheck(Function, leaves, name: caseName));
    }

    [Fact]
    public void MostFloat64CasesAreGradchecked()
    {
        int differentiable = ReferenceCases.All.Values.Count(c => c.DType == "float64" && OpCatalog.Definition(c.Op).Differentiable);
        Assert.True(Float64Cases().Count >= differentiable * 9 / 10,
            $"only {Float64Cases().Count} of {differentiable} differentiable float64 cases are gradchecked: OnAKink excludes too many");
    }
}
