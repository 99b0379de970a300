using System.Numerics.Tensors;

namespace Nabla.Optim;

/// <summary>Gradient clipping, in place on each parameter's Grad (torch.nn.utils.clip_grad_norm_ / clip_grad_value_).
/// Parameters without a gradient are ignored.</summary>
public static class ClipGrad
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)), where ‖g‖ is the p-norm of all gradients taken together
    /// (normType = p &gt; 0, or double.PositiveInfinity for the largest |g|). Returns ‖g‖ before clipping (0 when no
    /// parameter has a gradient). A non-finite norm throws when <paramref name="errorIfNonfinite"/>, else it makes the
    /// gradients NaN, as in PyTorch.
    /// </summary>
    public static double Norm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0)) throw new ArgumentException($"ClipGrad.Norm: normType must be positive (or infinity), got {normType}.");
        var grads = Gradients(parameters);
        if (grads.Count == 0) return 0;
        double total = TotalNorm(grads, normType);
        if (errorIfNonfinite && !double.IsFinite(total))
            throw new InvalidOperationException(
                $"ClipGrad.Norm: the total norm of order {normType} of the gradients is {total}, so they cannot be clipped; pass errorIfNonfinite: false to scale them anyway.");
        double coefficient = Math.Min(maxNorm / (total + 1e-6), 1.0); // NaN stays NaN, as torch.clamp
        if (coefficient != 1.0)
            foreach (var g in grads) Scale(g, coefficient);
        return total;
    }

    /// <summary>Clamps every gradient element to [−clipValue, clipValue].</summary>
    public static void Value(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0)) throw new ArgumentException($"ClipGrad.Value: clipValue must be ≥ 0, got {clipValue}.");
        using var noGrad = Tensor.NoGrad();
        foreach (var g in Gradients(parameters))
        {
            if (!g.IsContiguous) { g.Copy_(g.Clamp(-clipValue, clipValue)); continue; }
            if (g.DType == DType.Float32) TensorPrimitives.Clamp(g.Span<float>(), (float)-clipValue, (float)clipValue, g.Span<float>());
            else TensorPrimitives.Clamp(g.Span<double>(), -clipValue, clipValue, g.Span<double>());
            g.BumpVersion();
        }
    }

    /// <summary>(Σ over tensors of ‖gₖ‖ₚᵖ)^(1/p), i.e. the p-norm of the per-tensor p-norms; max |g| for p = ∞.</summary>
    private static double TotalNorm(List<Tensor> grads, double p)
    {
        double acc = 0;
        foreach (var g in grads)
        {
            var values = g.Contiguous();
            double norm = values.DType == DType.Float32 ? TensorNorm<float>(values.Span<float>(), p) : TensorNorm<double>(values.Span<double>(), p);
            acc = double.IsPositiveInfinity(p) ? Math.Max(acc, norm) : p == 2 ? acc + norm * norm : acc + Math.Pow(norm, p);
        }
        return double.IsPositiveInfinity(p) ? acc : p == 2 ? Math.Sqrt(acc) : Math.Pow(acc, 1 / p);
    }

    private static double TensorNorm<T>(ReadOnlySpan<T> g, double p) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double acc = 0;
        if (double.IsPositiveInfinity(p))
        {
            foreach (var v in g) acc = Math.Max(acc, Math.Abs(double.CreateTruncating(v))); // Math.Max keeps NaN
            return acc;
        }
        foreach (var v in g)
        {
            double a = Math.Abs(double.CreateTruncating(v));
            acc += p == 2 ? a * a : p == 1 ? a : Math.Pow(a, p);
        }
        return p == 2 ? Math.Sqrt(acc) : p == 1 ? acc : Math.Pow(acc, 1 / p);
    }

    private static void Scale(Tensor g, double coefficient)
    {
        using var noGrad = Tensor.NoGrad();
        if (!g.IsContiguous) { g.Copy_(g * coefficient); return; }
        if (g.DType == DType.Float32) TensorPrimitives.Multiply(g.Span<float>(), (float)coefficient, g.Span<float>());
        else TensorPrimitives.Multiply(g.Span<double>(), coefficient, g.Span<double>());
        g.BumpVersion();
    }

    private static List<Tensor> Gradients(IEnumerable<Tensor> parameters) =>
        parameters.Where(p => p?.GradInternal is not null).Select(p => p.GradInternal!.Detach()).ToList();
}
