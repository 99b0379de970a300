using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// 2-D convolution on row-major spans by im2col + GEMM, per image and per group: y_n,g = W_g · cols(x_n)_g.
/// Its adjoints give the backward pass: the input gradient (a transposed convolution) is Col2Im(W_gᵀ · dy_n,g) and the
/// weight gradient is Σ_n dy_n,g · cols(x_n)_gᵀ. Images are spread over the cores; a lone image leaves its GEMMs to
/// split themselves. Layouts: x [N, C, H, W], weight [O, C/groups, KH, KW], y [N, O, OH, OW] (see <see cref="ConvGeometry"/>).
/// </summary>
public static unsafe class Convolution
{
    /// <summary>y = conv(x, weight) + bias (bias empty for none).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, weight.Length, y.Length, g);
        if (bias.Length != 0 && bias.Length != g.OutChannels)
            throw new ArgumentException($"Bias of length {bias.Length} does not match {g.OutChannels} output channels.", nameof(bias));
        if (y.Length == 0) return;
        fixed (T* px = x, pw = weight, pb = bias, py = y)
        {
            nint xs = (nint)px, ws = (nint)pw, bs = bias.Length == 0 ? 0 : (nint)pb, ys = (nint)py;
            Parallelism.For(g.Batch, n => ForwardImage((T*)xs + (nint)n * g.InChannels * g.InPlane, (T*)ws, (T*)bs,
                (T*)ys + (nint)n * g.OutChannels * g.OutPlane, g));
        }
    }

    /// <summary>dx = convᵀ(dy, weight): the gradient of conv with respect to its input, i.e. a transposed convolution.</summary>
    public static void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(dx.Length, weight.Length, dy.Length, g);
        if (dx.Length == 0) return;
        fixed (T* pdy = dy, pw = weight, pdx = dx)
        {
            nint dys = (nint)pdy, ws = (nint)pw, dxs = (nint)pdx;
            Parallelism.For(g.Batch, n => BackwardInputImage((T*)dys + (nint)n * g.OutChannels * g.OutPlane, (T*)ws,
                (T*)dxs + (nint)n * g.InChannels * g.InPlane, g));
        }
    }

    /// <summary>dweight = Σ_n dy_n · cols(x_n)ᵀ per group, overwriting dweight.</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dweight, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, dweight.Length, dy.Length, g);
        dweight.Clear();
        if (x.Length == 0 || dy.Length == 0) return;
        // One partial sum per thread: thread 0 writes dweight itself, the others their own slice of partials.
        int parts = Math.Min(Parallelism.Degree, g.Batch), size = dweight.Length;
        var partials = parts > 1 ? new T[(parts - 1) * size] : [];
        fixed (T* px = x, pdy = dy, pdw = dweight, pp = partials)
        {
            nint xs = (nint)px, dys = (nint)pdy, dws = (nint)pdw, ps = (nint)pp;
            Parallelism.For(parts, part =>
            {
                T* target = part == 0 ? (T*)dws : (T*)ps + (nint)(part - 1) * size;
                if (part > 0) new Span<T>(target, size).Clear();
                for (int n = part * g.Batch / parts, end = (part + 1) * g.Batch / parts; n < end; n++)
                    AccumulateWeightImage((T*)xs + (nint)n * g.InChannels * g.InPlane, (T*)dys + (nint)n * g.OutChannels * g.OutPlane, target, g);
            });
        }
        for (int part = 1; part < parts; part++)
            TensorPrimitives.Add(dweight, partials.AsSpan((part - 1) * size, size), dweight);
    }

    private static void ForwardImage<T>(T* x, T* w, T* bias, T* y, in ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int op = g.OutPlane, og = g.OutChannelsPerGroup, rows = g.ColRows;
        var cols = Columns(x, g);
        if (bias != null)
            for (int o = 0; o < g.OutChannels; o++) new Span<T>(y + (nint)o * op, op).Fill(bias[o]);
        for (int gi = 0; gi < g.Groups; gi++)
            Gemm.Multiply<T>(og, op, rows, new ReadOnlySpan<T>(w + (nint)gi * g.WeightPerGroup, g.WeightPerGroup), rows, false,
                cols.Slice(gi * rows * op, rows * op), op, false, new Span<T>(y + (nint)gi * og * op, og * op), op, bias != null);
    }

    private static void BackwardInputImage<T>(T* dy, T* w, T* dx, in ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int op = g.OutPlane, og = g.OutChannelsPerGroup, rows = g.ColRows;
        // A pointwise conv's column matrix is the image itself, so the product lands in dx directly.
        var dcols = g.IsPointwise ? new Span<T>(dx, g.InChannels * g.InPlane) : Scratch<T>.Get(g.Groups * rows * op);
        for (int gi = 0; gi < g.Groups; gi++)
            Gemm.Multiply<T>(rows, op, og, new ReadOnlySpan<T>(w + (nint)gi * g.WeightPerGroup, g.WeightPerGroup), rows, true,
                new ReadOnlySpan<T>(dy + (nint)gi * og * op, og * op), op, false, dcols.Slice(gi * rows * op, rows * op), op, false);
        if (g.IsPointwise) return;
        var image = new Span<T>(dx, g.InChannels * g.InPlane);
        image.Clear();
        Im2Col.Fold<T>(dcols, g.InChannels, g, image);
    }

    private static void AccumulateWeightImage<T>(T* x, T* dy, T* dw, in ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int op = g.OutPlane, og = g.OutChannelsPerGroup, rows = g.ColRows;
        var cols = Columns(x, g);
        for (int gi = 0; gi < g.Groups; gi++)
            Gemm.Multiply<T>(og, rows, op, new ReadOnlySpan<T>(dy + (nint)gi * og * op, og * op), op, false,
                cols.Slice(gi * rows * op, rows * op), op, true, new Span<T>(dw + (nint)gi * g.WeightPerGroup, g.WeightPerGroup), rows, true);
    }

    /// <summary>The image's im2col matrix (in this thread's scratch), or the image itself for a pointwise conv.</summary>
    private static ReadOnlySpan<T> Columns<T>(T* x, in ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var image = new ReadOnlySpan<T>(x, g.InChannels * g.InPlane);
        if (g.IsPointwise) return image;
        var cols = Scratch<T>.Get(g.Groups * g.ColRows * g.OutPlane);
        Im2Col.Unfold(image, g.InChannels, g, cols);
        return cols;
    }

    private static void CheckLengths(int input, int weight, int output, in ConvGeometry g)
    {
        if (input != (long)g.Batch * g.InChannels * g.InPlane || output != (long)g.Batch * g.OutChannels * g.OutPlane ||
            weight != (long)g.OutChannels * g.ColRows)
            throw new ArgumentException($"Span lengths (input {input}, weight {weight}, output {output}) do not match the convolution geometry {g}.");
    }

    /// <summary>One growable buffer per thread for the column matrix, so steady-state calls allocate nothing.</summary>
    private static class Scratch<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? t_buffer;

        public static Span<T> Get(int size)
        {
            if (t_buffer is null || t_buffer.Length < size) t_buffer = GC.AllocateUninitializedArray<T>(size);
            return t_buffer.AsSpan(0, size);
        }
    }
}
