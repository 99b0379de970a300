using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Unfolds one image into the matrix a convolution multiplies by its weight, and folds such a matrix back.
/// cols[(c·KH + i)·KW + j, oh·OW + ow] = x[c, oh·SH − PadTop + i·DH, ow·SW − PadLeft + j·DW] (0 outside the image),
/// so conv(x) = W [O, C·KH·KW] · cols [C·KH·KW, OH·OW]; Col2Im is its adjoint (adds each entry back to where it came from).
/// </summary>
public static class Im2Col
{
    /// <summary>Fills cols ([channels·KH·KW, OH·OW]) from image ([channels, H, W]).</summary>
    public static void Unfold<T>(ReadOnlySpan<T> image, int channels, in ConvGeometry g, Span<T> cols) where T : unmanaged, INumberBase<T>
    {
        int plane = g.InPlane, outW = g.OutWidth, outPlane = g.OutPlane;
        for (int c = 0, row = 0; c < channels; c++)
        {
            var src = image.Slice(c * plane, plane);
            for (int i = 0; i < g.KernelH; i++)
                for (int j = 0; j < g.KernelW; j++, row++)
                {
                    var dst = cols.Slice(row * outPlane, outPlane);
                    int dh = i * g.DilationH - g.PadTop, dw = j * g.DilationW - g.PadLeft;
                    var (lo, hi) = ValidOutputs(g.Width, outW, g.StrideW, dw);
                    for (int oh = 0; oh < g.OutHeight; oh++)
                    {
                        var drow = dst.Slice(oh * outW, outW);
                        int ih = oh * g.StrideH + dh;
                        if ((uint)ih >= (uint)g.Height) { drow.Clear(); continue; }
                        drow[..lo].Clear();
                        drow[hi..].Clear();
                        var srow = src.Slice(ih * g.Width, g.Width);
                        if (g.StrideW == 1) srow.Slice(lo + dw, hi - lo).CopyTo(drow[lo..hi]);
                        else for (int ow = lo; ow < hi; ow++) drow[ow] = srow[ow * g.StrideW + dw];
                    }
                }
        }
    }

    /// <summary>Adds cols ([channels·KH·KW, OH·OW]) back into image ([channels, H, W]), which the caller has zeroed or holds a sum.</summary>
    public static void Fold<T>(ReadOnlySpan<T> cols, int channels, in ConvGeometry g, Span<T> image) where T : unmanaged, INumberBase<T>
    {
        int plane = g.InPlane, outW = g.OutWidth, outPlane = g.OutPlane;
        for (int c = 0, row = 0; c < channels; c++)
        {
            var dst = image.Slice(c * plane, plane);
            for (int i = 0; i < g.KernelH; i++)
                for (int j = 0; j < g.KernelW; j++, row++)
                {
                    var src = cols.Slice(row * outPlane, outPlane);
                    int dh = i * g.DilationH - g.PadTop, dw = j * g.DilationW - g.PadLeft;
                    var (lo, hi) = ValidOutputs(g.Width, outW, g.StrideW, dw);
                    for (int oh = 0; oh < g.OutHeight; oh++)
                    {
                        int ih = oh * g.StrideH + dh;
                        if ((uint)ih >= (uint)g.Height) continue;
                        var srow = src.Slice(oh * outW, outW);
                        var drow = dst.Slice(ih * g.Width, g.Width);
                        if (g.StrideW == 1)
                        {
                            var target = drow.Slice(lo + dw, hi - lo);
                            TensorPrimitives.Add(target, srow[lo..hi], target);
                        }
                        else for (int ow = lo; ow < hi; ow++) drow[ow * g.StrideW + dw] += srow[ow];
                    }
                }
        }
    }

    /// <summary>The output columns [lo, hi) whose input column ow·stride + offset lies inside [0, width).</summary>
    private static (int Lo, int Hi) ValidOutputs(int width, int outWidth, int stride, int offset)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = width - 1 - offset < 0 ? 0 : Math.Min(outWidth, (width - 1 - offset) / stride + 1);
        lo = Math.Min(lo, outWidth);
        return (lo, Math.Max(lo, hi));
    }
}
