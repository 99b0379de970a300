using Nabla.Kernels;

namespace Nabla.NN;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (torch.nn.functional.conv2d): input [N, C, H, W] or [C, H, W], weight [O, C/groups, KH, KW],
    /// bias [O]. OH = ⌊(H + 2·padding − dilation·(KH − 1) − 1) / stride⌋ + 1, likewise OW. groups = C gives a depthwise conv.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, Size2? padding = null,
        Size2? dilation = null, int groups = 1)
    {
        var p = padding ?? 0;
        return ConvolveChecked(input, weight, bias, stride ?? 1, (p.Height, p.Height), (p.Width, p.Width), dilation ?? 1, groups);
    }

    /// <summary>Conv2d with padding "valid" (none) or "same" (output size = input size; stride must be 1). With an even
    /// effective kernel "same" pads one more row/column at the bottom/right, as PyTorch does.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, string padding, Tensor? bias = null, Size2? stride = null,
        Size2? dilation = null, int groups = 1)
    {
        var s = stride ?? 1;
        var d = dilation ?? 1;
        switch (padding)
        {
            case "valid":
                return ConvolveChecked(input, weight, bias, s, (0, 0), (0, 0), d, groups);
            case "same":
                if (s.Height != 1 || s.Width != 1)
                    throw new ArgumentException($"Conv2d: padding='same' is not supported for strided convolutions (stride {s}).");
                RequireRank("Conv2d", "weight", weight, 4);
                int totalH = d.Height * (weight.ShapeRef[2] - 1), totalW = d.Width * (weight.ShapeRef[3] - 1);
                return ConvolveChecked(input, weight, bias, s, (totalH / 2, totalH - totalH / 2), (totalW / 2, totalW - totalW / 2), d, groups);
            default:
                throw new ArgumentException($"Conv2d: padding must be \"valid\", \"same\" or numbers, got \"{padding}\".");
        }
    }

    /// <summary>
    /// 2-D transposed convolution (torch.nn.functional.conv_transpose2d), the gradient of Conv2d with respect to its
    /// input: input [N, Cin, H, W], weight [Cin, Cout/groups, KH, KW], bias [Cout];
    /// OH = (H − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, Size2? padding = null,
        Size2? outputPadding = null, int groups = 1, Size2? dilation = null)
    {
        const string op = "ConvTranspose2d";
        var (s, p, extra, d) = (stride ?? 1, padding ?? 0, outputPadding ?? 0, dilation ?? 1);
        var x = Batched(op, input, weight, bias, groups, s, d);
        if (p.Height < 0 || p.Width < 0 || extra.Height < 0 || extra.Width < 0)
            throw new ArgumentException($"{op}: padding {p} and output padding {extra} must be non-negative.");
        if ((extra.Height >= s.Height && extra.Height >= d.Height) || (extra.Width >= s.Width && extra.Width >= d.Width))
            throw new ArgumentException($"{op}: output padding {extra} must be smaller than either stride {s} or dilation {d}.");
        var w = weight.ShapeRef;
        if (x.ShapeRef[1] != w[0])
            throw new ArgumentException(
                $"{op}: input of shape {ShapeUtil.Format(input.ShapeRef)} has {x.ShapeRef[1]} channels, weight {ShapeUtil.Format(w)} expects {w[0]}.");
        int outChannels = w[1] * groups;
        RequireBias(op, bias, outChannels, input.DType);
        int h = x.ShapeRef[2], wd = x.ShapeRef[3];
        int outH = (h - 1) * s.Height - 2 * p.Height + d.Height * (w[2] - 1) + extra.Height + 1;
        int outW = (wd - 1) * s.Width - 2 * p.Width + d.Width * (w[3] - 1) + extra.Width + 1;
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.ShapeRef)} with weight {ShapeUtil.Format(w)} gives an empty output ({outH}×{outW}).");
        // In the terms of the convolution whose input gradient this is: its input is our output, its output our input.
        var g = new ConvGeometry(x.ShapeRef[0], outChannels, outH, outW, w[0], w[2], w[3], s.Height, s.Width, p.Height, p.Width,
            d.Height, d.Width, groups, h, wd);
        var y = Tensor.ConvTranspose2dCore(x, weight, bias, g);
        return input.Rank == 3 ? y.Squeeze(0) : y;
    }

    private static Tensor ConvolveChecked(Tensor input, Tensor weight, Tensor? bias, Size2 stride, (int Top, int Bottom) padH,
        (int Left, int Right) padW, Size2 dilation, int groups)
    {
        const string op = "Conv2d";
        var x = Batched(op, input, weight, bias, groups, stride, dilation);
        if (padH.Top < 0 || padW.Left < 0)
            throw new ArgumentException($"{op}: padding must be non-negative, got ({padH.Top}, {padW.Left}).");
        var w = weight.ShapeRef;
        int n = x.ShapeRef[0], c = x.ShapeRef[1], h = x.ShapeRef[2], wd = x.ShapeRef[3];
        if (w[1] * groups != c)
            throw new ArgumentException(
                $"{op}: input of shape {ShapeUtil.Format(input.ShapeRef)} has {c} channels, but weight {ShapeUtil.Format(w)} with groups={groups} expects {w[1] * groups}.");
        if (w[0] % groups != 0)
            throw new ArgumentException($"{op}: out_channels {w[0]} of weight {ShapeUtil.Format(w)} is not divisible by groups={groups}.");
        RequireBias(op, bias, w[0], input.DType);
        int outH = ConvGeometry.OutputSize(h, padH.Top + padH.Bottom, w[2], stride.Height, dilation.Height);
        int outW = ConvGeometry.OutputSize(wd, padW.Left + padW.Right, w[3], stride.Width, dilation.Width);
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException(
                $"{op}: kernel {w[2]}×{w[3]} (dilation {dilation}) is larger than the padded input of shape {ShapeUtil.Format(input.ShapeRef)} " +
                $"(padding ({padH.Top}+{padH.Bottom}, {padW.Left}+{padW.Right})).");
        var g = new ConvGeometry(n, c, h, wd, w[0], w[2], w[3], stride.Height, stride.Width, padH.Top, padW.Left,
            dilation.Height, dilation.Width, groups, outH, outW);
        var y = Tensor.Conv2dCore(x, weight, bias, g);
        return input.Rank == 3 ? y.Squeeze(0) : y;
    }

    /// <summary>Checks what Conv2d and ConvTranspose2d share and returns the input as a batch ([C, H, W] → [1, C, H, W]).</summary>
    private static Tensor Batched(string op, Tensor input, Tensor weight, Tensor? bias, int groups, Size2 stride, Size2 dilation)
    {
        RequireFloat(op, "input", input);
        if (input.Rank != 3 && input.Rank != 4)
            throw new ArgumentException($"{op}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape {ShapeUtil.Format(input.ShapeRef)}.");
        RequireRank(op, "weight", weight, 4);
        if (weight.DType != input.DType)
            throw new ArgumentException($"{op}: weight is {weight.DType} but input is {input.DType}; convert one with To().");
        if (groups <= 0) throw new ArgumentException($"{op}: groups must be positive, got {groups}.");
        if (stride.Height <= 0 || stride.Width <= 0) throw new ArgumentException($"{op}: stride must be positive, got {stride}.");
        if (dilation.Height <= 0 || dilation.Width <= 0) throw new ArgumentException($"{op}: dilation must be positive, got {dilation}.");
        if (weight.ShapeRef.Contains(0))
            throw new ArgumentException($"{op}: weight of shape {ShapeUtil.Format(weight.ShapeRef)} is empty.");
        return input.Rank == 3 ? input.Unsqueeze(0) : input;
    }

    private static void RequireBias(string op, Tensor? bias, int channels, DType dtype)
    {
        if (bias is null) return;
        if (bias.Rank != 1 || bias.ShapeRef[0] != channels)
            throw new ArgumentException($"{op}: bias of shape {ShapeUtil.Format(bias.ShapeRef)} does not match {channels} output channels.");
        if (bias.DType != dtype)
            throw new ArgumentException($"{op}: bias is {bias.DType} but input is {dtype}; convert one with To().");
    }

    private static void RequireRank(string op, string what, Tensor t, int rank)
    {
        if (t.Rank != rank)
            throw new ArgumentException($"{op}: {what} must be {rank}-D, got shape {ShapeUtil.Format(t.ShapeRef)}.");
    }
}
