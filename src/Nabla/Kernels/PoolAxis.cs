namespace Nabla.Kernels;

/// <summary>
/// The pooling windows along one axis: output position o reads input positions [Start[o], End[o]) (already clipped to
/// the input), and an average divides by the product of both axes' Divisor. Sliding and adaptive windows are both
/// separable into rows × columns, so one description serves max, average and adaptive-average pooling.
/// </summary>
internal sealed class PoolAxis
{
    public int InSize { get; }
    public int OutSize => Start.Length;
    public int[] Start { get; }
    public int[] End { get; }
    public int[] Divisor { get; }

    /// <summary>True when window o is exactly [2o, 2o + 2): kernel 2, stride 2, no padding (the common CNN pooling),
    /// which the max kernel runs without per-window bounds.</summary>
    public bool IsPairs { get; }

    private PoolAxis(int inSize, int[] start, int[] end, int[] divisor)
    {
        (InSize, Start, End, Divisor) = (inSize, start, end, divisor);
        IsPairs = true;
        for (int o = 0; o < start.Length; o++) IsPairs &= start[o] == 2 * o && end[o] == 2 * o + 2;
    }

    /// <summary>PyTorch's pooling output size: ⌊ or ⌈(size + 2·pad − kernel) / stride⌉ + 1, where in ceil mode the
    /// last window must start inside the input or its left padding.</summary>
    public static int SlidingOutputSize(int size, int kernel, int stride, int padding, bool ceilMode)
    {
        long span = (long)size + 2 * padding - kernel + (ceilMode ? stride - 1 : 0);
        if (span < 0) return 0;
        long output = span / stride + 1;
        if (ceilMode && (output - 1) * stride >= size + padding) output--;
        return (int)output;
    }

    /// <summary>Windows of length kernel every stride, the input padded by padding on both sides. countPadding: the
    /// divisor counts padded positions (up to the right padding), as count_include_pad = True does.</summary>
    public static PoolAxis Sliding(int size, int kernel, int stride, int padding, bool ceilMode, bool countPadding)
    {
        int outSize = SlidingOutputSize(size, kernel, stride, padding, ceilMode);
        int[] start = new int[outSize], end = new int[outSize], divisor = new int[outSize];
        for (int o = 0; o < outSize; o++)
        {
            int s = o * stride - padding, e = Math.Min(s + kernel, size + padding);
            start[o] = Math.Max(s, 0);
            end[o] = Math.Min(e, size);
            divisor[o] = countPadding ? e - s : end[o] - start[o];
        }
        return new PoolAxis(size, start, end, divisor);
    }

    /// <summary>Adaptive windows: output o covers [⌊o·size/out⌋, ⌈(o+1)·size/out⌉).</summary>
    public static PoolAxis Adaptive(int size, int outSize)
    {
        int[] start = new int[outSize], end = new int[outSize], divisor = new int[outSize];
        for (int o = 0; o < outSize; o++)
        {
            start[o] = (int)((long)o * size / outSize);
            end[o] = (int)(((long)(o + 1) * size + outSize - 1) / outSize);
            divisor[o] = end[o] - start[o];
        }
        return new PoolAxis(size, start, end, divisor);
    }
}
