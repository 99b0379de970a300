namespace Nabla.Kernels;

/// <summary>
/// The sizes of one 2-D convolution: input [N, C, H, W], weight [O, C/groups, KH, KW], output [N, O, OH, OW].
/// Padding is given as the rows/columns added before the input (PadTop, PadLeft); the output size carries the rest,
/// so asymmetric padding (padding "same" with an even kernel) needs nothing special: positions outside the input read 0.
/// </summary>
internal readonly record struct ConvGeometry(
    int Batch, int InChannels, int Height, int Width,
    int OutChannels, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadTop, int PadLeft, int DilationH, int DilationW,
    int Groups, int OutHeight, int OutWidth)
{
    public int InPlane => Height * Width;
    public int OutPlane => OutHeight * OutWidth;
    public int InChannelsPerGroup => InChannels / Groups;
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Rows of one group's im2col matrix: (C/groups)·KH·KW.</summary>
    public int ColRows => InChannelsPerGroup * KernelH * KernelW;

    /// <summary>Elements of one group's slice of the weight: (O/groups)·(C/groups)·KH·KW.</summary>
    public int WeightPerGroup => OutChannelsPerGroup * ColRows;

    /// <summary>floor((size + padTotal − dilation·(kernel − 1) − 1) / stride) + 1, or a value ≤ 0 when the kernel does not fit.</summary>
    public static int OutputSize(int size, int padTotal, int kernel, int stride, int dilation)
    {
        long span = (long)size + padTotal - (long)dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : (int)(span / stride + 1);
    }
}
