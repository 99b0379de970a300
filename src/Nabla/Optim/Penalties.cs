namespace Nabla.Optim;

/// <summary>
/// Regularisation penalties to add to a loss. Each returns a differentiable 0-d tensor built from Tensor ops, so its
/// gradient (or subgradient) comes from autograd.
/// </summary>
public static class Penalties
{
    /// <summary>L1: λ Σ |w| over every element of every tensor. Subgradient λ·sign(w) (0 at w = 0), which drives weights
    /// to exactly zero more readily than L2.</summary>
    public static Tensor L1(IEnumerable<Tensor> weights, double lambda) =>
        lambda * SumOver("L1", weights, w => w.Abs().Sum());

    /// <summary>L2: (λ/2) Σ w², whose gradient is λw; an SGD step on loss + L2 is θ ← (1 − ελ)θ − ε∇L, the same as
    /// SGD's weightDecay λ.</summary>
    public static Tensor L2(IEnumerable<Tensor> weights, double lambda) =>
        lambda / 2 * SumOver("L2", weights, w => (w * w).Sum());

    /// <summary>
    /// L∞ (the course's form): (λ/n) Σᵢ maxᵣ Σ_c |wᵢ,rc|, the largest absolute row sum of each of the n weight matrices,
    /// averaged. A tensor of rank above 2 (a convolution's [out, in, kh, kw]) counts each output unit as a row.
    /// Subgradient: (λ/n)·sign(wᵢ,rc) on the maximising row of each matrix, 0 elsewhere. When several rows tie for the
    /// maximum, autograd's Max shares the gradient equally among them (as PyTorch's amax does) — the average of the
    /// tied rows' subgradients, itself a valid subgradient, rather than picking one row.
    /// </summary>
    public static Tensor LInf(IEnumerable<Tensor> weights, double lambda)
    {
        var list = Materialize("LInf", weights);
        foreach (var w in list)
            if (w.Rank < 2)
                throw new ArgumentException($"LInf: expects weight matrices (rank ≥ 2), got a tensor of shape {ShapeUtil.Format(w.ShapeRef)}; leave biases out.");
        return lambda / list.Count * SumOver("LInf", list, w => w.Abs().Reshape(w.ShapeRef[0], -1).Sum(1).Max());
    }

    private static Tensor SumOver(string name, IEnumerable<Tensor> weights, Func<Tensor, Tensor> term)
    {
        Tensor? total = null;
        foreach (var w in Materialize(name, weights))
            total = total is null ? term(w) : total + term(w);
        return total!;
    }

    private static IReadOnlyList<Tensor> Materialize(string name, IEnumerable<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var list = weights as IReadOnlyList<Tensor> ?? weights.ToList();
        if (list.Count == 0) throw new ArgumentException($"{name}: no weights given.");
        foreach (var w in list)
            if (!w.DType.IsFloatingPoint()) throw new ArgumentException($"{name}: weights must be Float32 or Float64, got {w.DType} of shape {ShapeUtil.Format(w.ShapeRef)}.");
        return list;
    }
}
