namespace Nabla.NN;

// Activation functions, composed from Tensor ops (so every one is twice differentiable) with PyTorch's formulas and
// PyTorch's choice of derivative at the kinks.
public static partial class Functional
{
    public static Tensor Relu(Tensor input) => input.Relu();

    /// <summary>x for x &gt; 0, else negativeSlope·x (the slope is used at 0, as in PyTorch).</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) => input.LeakyRelu(negativeSlope);

    /// <summary>
    /// x for x &gt; 0, else a·x with a learnable slope: one weight for all channels, or one per channel (dim 1;
    /// a 1-d input has one channel).
    /// </summary>
    public static Tensor Prelu(Tensor input, Tensor weight)
    {
        RequireFloat("PReLU", "input", input);
        RequireFloat("PReLU", "weight", weight);
        int channels = input.Rank >= 2 ? input.ShapeRef[1] : 1;
        Tensor slope;
        if (weight.Numel == 1) slope = weight.Reshape();
        else if (weight.Rank == 1 && weight.Numel == channels)
        {
            var view = new int[input.Rank - 1];   // [C, 1, …, 1] lines up with dim 1 of the input
            Array.Fill(view, 1);
            view[0] = channels;
            slope = weight.Reshape(view);
        }
        else
            throw new ArgumentException(
                $"PReLU: weight of shape {ShapeUtil.Format(weight.ShapeRef)} must have 1 element or one per channel " +
                $"({channels} for input of shape {ShapeUtil.Format(input.ShapeRef)}).");
        return Tensor.Where(input.Gt(0.0), input, slope * input);
    }

    /// <summary>x for x &gt; 0, else α(eˣ − 1).</summary>
    public static Tensor Elu(Tensor input, double alpha = 1.0)
    {
        // Clamp keeps eˣ finite in the branch Where discards (an ∞ there would turn its zero gradient into NaN).
        var negative = (input.Clamp(max: 0).Exp() - 1.0) * alpha;
        return Tensor.Where(input.Gt(0.0), input, negative);
    }

    /// <summary>
    /// x·Φ(x) = x/2·(1 + erf(x/√2)) (approximate "none"), or x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) ("tanh").
    /// </summary>
    public static Tensor Gelu(Tensor input, string approximate = "none")
    {
        const double InvSqrt2 = 0.70710678118654752440, SqrtTwoOverPi = 0.79788456080286535588;
        Dispatch.RequireFloat("GELU", input); // the arithmetic below would otherwise promote an Int64 input silently
        return approximate switch
        {
            "none" => input * 0.5 * ((input * InvSqrt2).Erf() + 1.0),
            "tanh" => input * 0.5 * (((input + input * input * input * 0.044715) * SqrtTwoOverPi).Tanh() + 1.0),
            _ => throw new ArgumentException($"GELU: approximate must be \"none\" or \"tanh\", got \"{approximate}\"."),
        };
    }

    /// <summary>x·σ(x) (swish).</summary>
    public static Tensor Silu(Tensor input) => input * input.Sigmoid();

    public static Tensor Tanh(Tensor input) => input.Tanh();

    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();

    /// <summary>ln(1 + e^{βx})/β, and x itself where βx &gt; threshold (PyTorch's switch to the linear regime).</summary>
    public static Tensor Softplus(Tensor input, double beta = 1.0, double threshold = 20.0)
    {
        var scaled = input * beta;
        // Clamp keeps e^{βx} finite in the discarded branch, so its zero gradient stays zero.
        var smooth = scaled.Clamp(max: threshold).Exp().Log1p() / beta;
        return Tensor.Where(scaled.Gt(threshold), input, smooth);
    }

    public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);

    public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);
}
