using Nabla;

namespace ManualBackprop;

/// <summary>
/// h = tanh(x Wₕᵀ + bₕ), ŷ = softmax(h Wᵧᵀ + bᵧ), L = −Σ y ⊙ log ŷ (summed over the batch),
/// with the gradients written by hand as the textbook derives them, to compare with autograd.
/// </summary>
public sealed class TwoLayerNetwork(Tensor wh, Tensor bh, Tensor wy, Tensor by)
{
    public Tensor Wh { get; } = wh;
    public Tensor Bh { get; } = bh;
    public Tensor Wy { get; } = wy;
    public Tensor By { get; } = by;

    public static TwoLayerNetwork Random(int inputs, int hidden, int classes, Generator g) => new(
        Tensor.Randn([hidden, inputs], g, DType.Float64) * 0.5,
        Tensor.Randn([hidden], g, DType.Float64) * 0.1,
        Tensor.Randn([classes, hidden], g, DType.Float64) * 0.5,
        Tensor.Randn([classes], g, DType.Float64) * 0.1);

    public (Tensor Hidden, Tensor Probabilities) Forward(Tensor x)
    {
        var h = (x.MatMul(Wh.T) + Bh).Tanh();
        var yHat = (h.MatMul(Wy.T) + By).Softmax(1);
        return (h, yHat);
    }

    /// <summary>Cross-entropy against one-hot targets y, summed over the batch.</summary>
    public Tensor Loss(Tensor x, Tensor y) => -(y * Forward(x).Probabilities.Log()).Sum();

    /// <summary>The hand-derived backward pass.</summary>
    public Gradients ManualGradients(Tensor x, Tensor y)
    {
        using var _ = Tensor.NoGrad();
        var (h, yHat) = Forward(x);
        var dLogits = yHat - y;                                 // ∇ỹ = ŷ − y
        var dWy = dLogits.T.MatMul(h);                          // ∇Wᵧ = ∇ỹᵀ h
        var dBy = dLogits.Sum(0);                               // ∇bᵧ = column sums of ∇ỹ
        var dPreHidden = (1.0 - h * h) * dLogits.MatMul(Wy);    // ∇h̃ = (1 − h²) ⊙ (∇ỹ Wᵧ)
        var dWh = dPreHidden.T.MatMul(x);                       // ∇Wₕ = ∇h̃ᵀ x
        var dBh = dPreHidden.Sum(0);                            // ∇bₕ = column sums of ∇h̃
        return new Gradients(dWh, dBh, dWy, dBy);
    }

    /// <summary>The same gradients from autograd.</summary>
    public Gradients AutogradGradients(Tensor x, Tensor y)
    {
        var parameters = new[] { Wh, Bh, Wy, By }.Select(p => p.Detach().RequiresGrad_()).ToArray();
        var copy = new TwoLayerNetwork(parameters[0], parameters[1], parameters[2], parameters[3]);
        var g = Autograd.Grad([copy.Loss(x, y)], parameters);
        return new Gradients(g[0]!, g[1]!, g[2]!, g[3]!);
    }
}

public sealed record Gradients(Tensor Wh, Tensor Bh, Tensor Wy, Tensor By)
{
    public IEnumerable<(string Name, Tensor Value)> Named() => [("Wh", Wh), ("bh", Bh), ("Wy", Wy), ("by", By)];
}
