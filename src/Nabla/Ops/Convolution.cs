using Nabla.Kernels;

namespace Nabla;

// Convolution as three ops that differentiate into one another, so that double backward through a CNN works:
//   y  = conv(x, w) + b               x̄ = convᵀ(ȳ, w)        w̄ = wgrad(x, ȳ)        b̄ = Σ_{n,h,w} ȳ
//   x  = convᵀ(u, w) + b (transposed)  ū = conv(x̄, w)         w̄ = wgrad(x̄, u)        b̄ = Σ_{n,h,w} x̄
//   w  = wgrad(x, u)  (bilinear)       x̄ = convᵀ(u, w̄)       ū = conv(x, w̄)
// (each follows from ⟨conv(x, w), u⟩ = ⟨x, convᵀ(u, w)⟩ = ⟨w, wgrad(x, u)⟩). Every one runs a kernel directly, so the
// first-order path costs no more than a fused backward would. Shapes and arguments are checked by the callers
// (NN.Functional.Conv2d / ConvTranspose2d); these take a consistent geometry.
public sealed partial class Tensor
{
    /// <summary>conv(x, w) + b: x [N, C, H, W], w [O, C/groups, KH, KW], b [O] or null → [N, O, OH, OW].</summary>
    internal static Tensor Conv2dCore(Tensor x, Tensor w, Tensor? b, ConvGeometry g)
    {
        var y = new Tensor(x.DType, [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]);
        if (x.DType == DType.Float32) Convolution.Forward<float>(Dense<float>(x), Dense<float>(w), Dense<float>(b), y.Span<float>(), g);
        else Convolution.Forward<double>(Dense<double>(x), Dense<double>(w), Dense<double>(b), y.Span<double>(), g);
        return NeedsGrad(x, w, b) ? Dispatch.Record(y, new ConvolutionBackward(x, w, b, g)) : y;
    }

    /// <summary>convᵀ(u, w) + b: u [N, O, OH, OW], w [O, C/groups, KH, KW], b [C] or null → [N, C, H, W] (the input side of g).</summary>
    internal static Tensor ConvTranspose2dCore(Tensor u, Tensor w, Tensor? b, ConvGeometry g)
    {
        var x = new Tensor(u.DType, [g.Batch, g.InChannels, g.Height, g.Width]);
        if (u.DType == DType.Float32) Convolution.BackwardInput<float>(Dense<float>(u), Dense<float>(w), x.Span<float>(), g);
        else Convolution.BackwardInput<double>(Dense<double>(u), Dense<double>(w), x.Span<double>(), g);
        if (b is not null)
            using (NoGrad()) x.Add_(b.Reshape(g.InChannels, 1, 1)); // fresh output: no graph to protect yet
        return NeedsGrad(u, w, b) ? Dispatch.Record(x, new ConvTransposeBackward(u, w, b, g)) : x;
    }

    /// <summary>wgrad(x, u) = Σ_n u_n · cols(x_n)ᵀ per group: x [N, C, H, W], u [N, O, OH, OW] → [O, C/groups, KH, KW].</summary>
    internal static Tensor Conv2dWeightGrad(Tensor x, Tensor u, ConvGeometry g)
    {
        var w = new Tensor(x.DType, [g.OutChannels, g.InChannelsPerGroup, g.KernelH, g.KernelW]);
        if (x.DType == DType.Float32) Convolution.BackwardWeight<float>(Dense<float>(x), Dense<float>(u), w.Span<float>(), g);
        else Convolution.BackwardWeight<double>(Dense<double>(x), Dense<double>(u), w.Span<double>(), g);
        return NeedsGrad(x, u, null) ? Dispatch.Record(w, new ConvolutionWeightGradBackward(x, u, g)) : w;
    }

    /// <summary>Σ over batch and plane per channel: the bias gradient. Recorded as a Sum when the backward itself is
    /// (createGraph); otherwise one pass of a kernel, several times faster than the general reduction.</summary>
    private static Tensor ChannelSums(Tensor g)
    {
        if (GradMode.IsEnabled) return g.Sum([0, 2, 3]);
        var sums = new Tensor(g.DType, [g.shape[1]]);
        int plane = g.shape[2] * g.shape[3];
        if (g.DType == DType.Float32) Convolution.BiasBackward<float>(Dense<float>(g), g.shape[0], g.shape[1], plane, sums.Span<float>());
        else Convolution.BiasBackward<double>(Dense<double>(g), g.shape[0], g.shape[1], plane, sums.Span<double>());
        return sums;
    }

    private static bool NeedsGrad(Tensor a, Tensor b, Tensor? c) => Dispatch.NeedsGrad(a, b) || (c is { RequiresGrad: true } && GradMode.IsEnabled);

    /// <summary>The elements of t in row-major order without copying when t already is contiguous; empty for null.</summary>
    private static ReadOnlySpan<T> Dense<T>(Tensor? t) where T : unmanaged =>
        t is null ? default : t.IsContiguous ? t.Span<T>() : t.Detach().Contiguous().Span<T>();

    private sealed class ConvolutionBackward(Tensor x, Tensor w, Tensor? b, ConvGeometry g) : Node(x, w, b)
    {
        public override string Name => "ConvolutionBackward0";

        protected internal override Tensor?[] Backward(Tensor grad) =>
        [
            NeedsGrad(0) ? ConvTranspose2dCore(grad, Input(1), null, g) : null,
            NeedsGrad(1) ? Conv2dWeightGrad(Input(0), grad, g) : null,
            NeedsGrad(2) ? ChannelSums(grad) : null,
        ];
    }

    private sealed class ConvTransposeBackward(Tensor u, Tensor w, Tensor? b, ConvGeometry g) : Node(u, w, b)
    {
        public override string Name => "ConvolutionBackward0";

        protected internal override Tensor?[] Backward(Tensor grad) =>
        [
            NeedsGrad(0) ? Conv2dCore(grad, Input(1), null, g) : null,
            NeedsGrad(1) ? Conv2dWeightGrad(grad, Input(0), g) : null,
            NeedsGrad(2) ? ChannelSums(grad) : null,
        ];
    }

    private sealed class ConvolutionWeightGradBackward(Tensor x, Tensor u, ConvGeometry g) : Node(x, u)
    {
        public override string Name => "ConvolutionBackwardBackward0";

        protected internal override Tensor?[] Backward(Tensor grad) =>
        [
            NeedsGrad(0) ? ConvTranspose2dCore(Input(1), grad, null, g) : null,
            NeedsGrad(1) ? Conv2dCore(Input(0), grad, null, g) : null,
        ];
    }
}
