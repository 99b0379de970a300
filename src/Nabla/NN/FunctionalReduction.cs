namespace Nabla.NN;

/// <summary>How a loss turns per-element losses into its result (PyTorch's reduction="mean" | "sum" | "none").</summary>
public enum Reduction
{
    /// <summary>The average over elements (the default); CrossEntropy/NLL with class weights divide by the weight sum.</summary>
    Mean = 0,
    Sum = 1,
    /// <summary>No reduction: one loss per sample (or per element).</summary>
    None = 2,
    /// <summary>KLDivLoss only: the sum divided by the batch size, the mathematically correct KL divergence.</summary>
    BatchMean = 3,
}

/// <summary>Stateless forms of the activations and losses (torch.nn.functional).</summary>
public static partial class Functional
{
    /// <summary>Applies reduction to per-element losses; BatchMean is rejected here (only KLDiv defines it).</summary>
    internal static Tensor Reduce(string op, Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        Reduction.None => loss,
        _ => throw new ArgumentException($"{op}: reduction {reduction} is not supported (BatchMean is only valid for KLDivLoss)."),
    };

    /// <summary>total / weightSum; when every target was ignored (weightSum = 0) the result is NaN with zero gradients,
    /// as in PyTorch 1.13 (a plain 0/0 would make the gradients NaN too).</summary>
    internal static Tensor DivideByWeightSum(Tensor total, double weightSum) =>
        weightSum == 0 ? total * 0.0 + double.NaN : total / weightSum;

    /// <summary>Elementwise losses need equal shapes: where PyTorch would broadcast with a warning, Nabla refuses.</summary>
    internal static void RequireSameShape(string op, Tensor input, Tensor target)
    {
        if (!ShapeUtil.SameShape(input.ShapeRef, target.ShapeRef))
            throw new ArgumentException(
                $"{op}: target shape {ShapeUtil.Format(target.ShapeRef)} differs from input shape {ShapeUtil.Format(input.ShapeRef)}; " +
                "broadcasting them is almost always a bug (e.g. [N, 1] against [N]), so reshape one of them.");
    }

    internal static void RequireFloat(string op, string what, Tensor t)
    {
        if (!t.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: {what} must be a floating-point tensor, got {t.DType} of shape {ShapeUtil.Format(t.ShapeRef)}.");
    }
}
