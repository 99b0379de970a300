namespace Nabla.Cli.Lab;

/// <summary>
/// The course's 2 → 10 tanh → 2 network with forward and backward written as matrix formulas, no autograd:
/// h = tanh(x W₁ᵀ + b₁), z = h W₂ᵀ + b₂, ŷ = softmax(z), L = −(1/B) Σᵢ log ŷᵢ,yᵢ (mean cross-entropy over the batch).
/// </summary>
internal sealed class HandWrittenNetwork(Tensor w1, Tensor b1, Tensor w2, Tensor b2)
{
    public Tensor W1 { get; } = w1;
    public Tensor B1 { get; } = b1;
    public Tensor W2 { get; } = w2;
    public Tensor B2 { get; } = b2;

    public (Tensor Hidden, Tensor Logits) Forward(Tensor x)
    {
        var h = (x.MatMul(W1.T) + B1).Tanh();
        return (h, h.MatMul(W2.T) + B2);
    }

    /// <summary>One SGD step on the batch (x, labels); returns the batch's loss before the step.</summary>
    public double Step(Tensor x, Tensor labels, double lr)
    {
        using var noGrad = Tensor.NoGrad();
        int batch = x.Size(0);
        var (h, z) = Forward(x);
        var y = Tensor.OneHot(labels, z.Size(1)).Float();
        var yHat = z.Softmax(1);
        double loss = -(y * z.LogSoftmax(1)).Sum().Item() / batch;
        var dZ = (yHat - y) * (1.0 / batch);                 // ∂L/∂z = (ŷ − y) / B
        var dW2 = dZ.T.MatMul(h);                            // ∂L/∂W₂ = (∂L/∂z)ᵀ h
        var dB2 = dZ.Sum(0);                                 // ∂L/∂b₂ = column sums of ∂L/∂z
        var dPreHidden = (1.0 - h * h) * dZ.MatMul(W2);      // ∂L/∂(x W₁ᵀ + b₁) = (1 − h²) ⊙ (∂L/∂z W₂)
        var dW1 = dPreHidden.T.MatMul(x);                    // ∂L/∂W₁ = (∂L/∂pre)ᵀ x
        var dB1 = dPreHidden.Sum(0);                         // ∂L/∂b₁ = column sums of ∂L/∂pre
        W1.Sub_(dW1, lr);                                    // θ ← θ − lr · ∂L/∂θ
        B1.Sub_(dB1, lr);
        W2.Sub_(dW2, lr);
        B2.Sub_(dB2, lr);
        return loss;
    }
}
