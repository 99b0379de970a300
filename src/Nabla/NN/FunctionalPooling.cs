using Nabla.Kernels;

namespace Nabla.NN;

public static partial class Functional
{
    /// <summary>2-D max pooling (torch.nn.functional.max_pool2d) over [N, C, H, W] or [C, H, W]; stride defaults to
    /// kernelSize, padding (at most half the kernel) counts as −∞; ceilMode rounds the output size up.</summary>
    public static Tensor MaxPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, bool ceilMode = false) =>
        MaxPool2dWithIndices(input, kernelSize, stride, padding, ceilMode).Output;

    /// <summary>MaxPool2d that also returns the flat position h·W + w of each maximum in its input plane (return_indices=True).</summary>
    public static (Tensor Output, Tensor Indices) MaxPool2dWithIndices(Tensor input, Size2 kernelSize, Size2? stride = null,
        Size2? padding = null, bool ceilMode = false)
    {
        var (x, rows, cols) = SlidingWindows("MaxPool2d", input, kernelSize, stride, padding, ceilMode, countPadding: false);
        var y = x.MaxPool2dCore(rows, cols, out var indices);
        return input.Rank == 3 ? (y.Squeeze(0), indices.Squeeze(0)) : (y, indices);
    }

    /// <summary>2-D average pooling (torch.nn.functional.avg_pool2d). countIncludePad: padded zeros count in the divisor.</summary>
    public static Tensor AvgPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, bool ceilMode = false,
        bool countIncludePad = true)
    {
        var (x, rows, cols) = SlidingWindows("AvgPool2d", input, kernelSize, stride, padding, ceilMode, countIncludePad);
        var y = x.AvgPool2dCore(rows, cols);
        return input.Rank == 3 ? y.Squeeze(0) : y;
    }

    /// <summary>Adaptive average pooling (torch.nn.functional.adaptive_avg_pool2d) to outputSize: output (i, j) averages
    /// rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) and the matching columns.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2 outputSize)
    {
        const string op = "AdaptiveAvgPool2d";
        var x = PoolInput(op, input);
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
            throw new ArgumentException($"{op}: output size must be positive, got {outputSize}.");
        if (x.ShapeRef[2] == 0 || x.ShapeRef[3] == 0)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.ShapeRef)} has an empty plane.");
        var y = x.AvgPool2dCore(PoolAxis.Adaptive(x.ShapeRef[2], outputSize.Height), PoolAxis.Adaptive(x.ShapeRef[3], outputSize.Width));
        return input.Rank == 3 ? y.Squeeze(0) : y;
    }

    private static (Tensor Input, PoolAxis Rows, PoolAxis Cols) SlidingWindows(string op, Tensor input, Size2 kernel, Size2? stride,
        Size2? padding, bool ceilMode, bool countPadding)
    {
        var x = PoolInput(op, input);
        var (s, p) = (stride ?? kernel, padding ?? 0);
        if (kernel.Height <= 0 || kernel.Width <= 0) throw new ArgumentException($"{op}: kernel size must be positive, got {kernel}.");
        if (s.Height <= 0 || s.Width <= 0) throw new ArgumentException($"{op}: stride must be positive, got {s}.");
        if (p.Height < 0 || p.Width < 0 || p.Height > kernel.Height / 2 || p.Width > kernel.Width / 2)
            throw new ArgumentException($"{op}: padding {p} must be non-negative and at most half the kernel size {kernel}.");
        int h = x.ShapeRef[2], w = x.ShapeRef[3];
        if (PoolAxis.SlidingOutputSize(h, kernel.Height, s.Height, p.Height, ceilMode) <= 0 ||
            PoolAxis.SlidingOutputSize(w, kernel.Width, s.Width, p.Width, ceilMode) <= 0)
            throw new ArgumentException($"{op}: kernel {kernel} with padding {p} is larger than the input of shape {ShapeUtil.Format(input.ShapeRef)}.");
        return (x, PoolAxis.Sliding(h, kernel.Height, s.Height, p.Height, ceilMode, countPadding),
            PoolAxis.Sliding(w, kernel.Width, s.Width, p.Width, ceilMode, countPadding));
    }

    private static Tensor PoolInput(string op, Tensor input)
    {
        RequireFloat(op, "input", input);
        if (input.Rank != 3 && input.Rank != 4)
            throw new ArgumentException($"{op}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got shape {ShapeUtil.Format(input.ShapeRef)}.");
        return input.Rank == 3 ? input.Unsqueeze(0) : input;
    }
}
