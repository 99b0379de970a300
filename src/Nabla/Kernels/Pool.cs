using System.Numerics;

namespace Nabla.Kernels;

/// <summary>One plane's worth of a pooling kernel; <see cref="Pool"/> runs it over every plane.</summary>
internal unsafe interface IPoolPlaneOp<T> where T : unmanaged
{
    /// <summary>src: the plane read (the input's H×W or the output's OH×OW), dst: the plane written, index: max positions.</summary>
    static abstract void Plane(T* src, T* dst, long* index, PoolAxis rows, PoolAxis cols);
}

/// <summary>
/// 2-D pooling over planes of row-major [planes, H, W] spans with separable windows (<see cref="PoolAxis"/>):
/// max (with the flat H·W position of each maximum, as PyTorch returns it), average, and the average's adjoint.
/// Planes are spread over the cores when there is enough work.
/// </summary>
internal static unsafe class Pool
{
    // Below this many input elements a thread hand-off costs more than the pooling itself.
    private const long ParallelThreshold = 1 << 15;

    /// <summary>y[p, oh, ow] = max of x over the window; indices hold the position h·W + w of that maximum (NaN wins).</summary>
    public static void MaxForward<T>(ReadOnlySpan<T> x, int planes, PoolAxis rows, PoolAxis cols, Span<T> y, Span<long> indices)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<T, MaxOp<T>>(x, Plane(rows, cols, input: true), y, Plane(rows, cols, input: false), indices, planes, rows, cols);

    /// <summary>y[p, oh, ow] = sum of x over the window / (row divisor · column divisor).</summary>
    public static void AvgForward<T>(ReadOnlySpan<T> x, int planes, PoolAxis rows, PoolAxis cols, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<T, AvgOp<T>>(x, Plane(rows, cols, input: true), y, Plane(rows, cols, input: false), default, planes, rows, cols);

    /// <summary>The average's adjoint: dx (overwritten) gets dy / divisor added over each output's window.</summary>
    public static void AvgBackward<T>(ReadOnlySpan<T> dy, int planes, PoolAxis rows, PoolAxis cols, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<T, AvgAdjointOp<T>>(dy, Plane(rows, cols, input: false), dx, Plane(rows, cols, input: true), default, planes, rows, cols);

    private static int Plane(PoolAxis rows, PoolAxis cols, bool input) => input ? rows.InSize * cols.InSize : rows.OutSize * cols.OutSize;

    private static void Run<T, TOp>(ReadOnlySpan<T> src, int srcPlane, Span<T> dst, int dstPlane, Span<long> index, int planes,
        PoolAxis rows, PoolAxis cols) where T : unmanaged where TOp : IPoolPlaneOp<T>
    {
        if (src.Length != (long)planes * srcPlane || dst.Length != (long)planes * dstPlane || (index.Length != 0 && index.Length != dst.Length))
            throw new ArgumentException($"Pool: span lengths (source {src.Length}, destination {dst.Length}, indices {index.Length}) do not match {planes} planes of {srcPlane} → {dstPlane}.");
        if (dst.Length == 0) return;
        long work = (long)planes * Math.Max(srcPlane, dstPlane);
        int chunks = work < ParallelThreshold ? 1 : Math.Min(planes, Parallelism.Degree * 4);
        fixed (T* ps = src, pd = dst)
        fixed (long* pi = index)
        {
            nint s = (nint)ps, d = (nint)pd, ix = (nint)pi;
            Parallelism.For(chunks, chunk =>
            {
                for (int p = chunk * planes / chunks, end = (chunk + 1) * planes / chunks; p < end; p++)
                    TOp.Plane((T*)s + (nint)p * srcPlane, (T*)d + (nint)p * dstPlane, ix == 0 ? null : (long*)ix + (nint)p * dstPlane, rows, cols);
            });
        }
    }

    private readonly struct MaxOp<T> : IPoolPlaneOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static void Plane(T* src, T* dst, long* index, PoolAxis rows, PoolAxis cols)
        {
            int width = cols.InSize;
            if (rows.IsPairs && cols.IsPairs)
            {
                MaxPoolPairs.Plane(src, dst, index, rows.OutSize, cols.OutSize, width);
                return;
            }
            for (int oh = 0, o = 0; oh < rows.OutSize; oh++)
                for (int ow = 0; ow < cols.OutSize; ow++, o++)
                {
                    T best = T.NegativeInfinity;
                    int at = rows.Start[oh] * width + cols.Start[ow];
                    for (int h = rows.Start[oh]; h < rows.End[oh]; h++)
                        for (int w = cols.Start[ow]; w < cols.End[ow]; w++)
                        {
                            T v = src[h * width + w];
                            if (v > best || T.IsNaN(v)) { best = v; at = h * width + w; }
                        }
                    dst[o] = best;
                    index[o] = at;
                }
        }
    }

    /// <summary>The max pool's first-order backward: dx[p, index[p, o]] += dy[p, o] into a zeroed dx, plane by plane.</summary>
    public static void MaxBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<long> index, int planes, int inPlane, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outPlane = planes == 0 ? 0 : dy.Length / planes;
        if (dy.Length != (long)planes * outPlane || index.Length != dy.Length || dx.Length != (long)planes * inPlane)
            throw new ArgumentException($"Pool.MaxBackward: span lengths (gradient {dy.Length}, indices {index.Length}, input gradient {dx.Length}) do not match {planes} planes of {inPlane}.");
        if (dx.Length == 0) return;
        int chunks = (long)planes * inPlane < ParallelThreshold ? 1 : Math.Min(planes, Parallelism.Degree * 4);
        fixed (T* pg = dy, pd = dx)
        fixed (long* pi = index)
        {
            nint g = (nint)pg, d = (nint)pd, ix = (nint)pi;
            Parallelism.For(chunks, chunk =>
            {
                for (int p = chunk * planes / chunks, end = (chunk + 1) * planes / chunks; p < end; p++)
                {
                    T* grad = (T*)g + (nint)p * outPlane, plane = (T*)d + (nint)p * inPlane;
                    long* at = (long*)ix + (nint)p * outPlane;
                    new Span<T>(plane, inPlane).Clear();
                    for (int o = 0; o < outPlane; o++)
                    {
                        long i = at[o];
                        if ((ulong)i >= (ulong)inPlane) throw new InvalidOperationException($"Pool.MaxBackward: index {i} is outside a plane of {inPlane}.");
                        plane[i] += grad[o];
                    }
                }
            });
        }
    }

    private readonly struct AvgOp<T> : IPoolPlaneOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static void Plane(T* src, T* dst, long* index, PoolAxis rows, PoolAxis cols)
        {
            int width = cols.InSize;
            for (int oh = 0, o = 0; oh < rows.OutSize; oh++)
                for (int ow = 0; ow < cols.OutSize; ow++, o++)
                {
                    T sum = T.Zero;
                    for (int h = rows.Start[oh]; h < rows.End[oh]; h++)
                        for (int w = cols.Start[ow]; w < cols.End[ow]; w++) sum += src[h * width + w];
                    dst[o] = sum / T.CreateTruncating(rows.Divisor[oh] * cols.Divisor[ow]);
                }
        }
    }

    private readonly struct AvgAdjointOp<T> : IPoolPlaneOp<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static void Plane(T* src, T* dst, long* index, PoolAxis rows, PoolAxis cols)
        {
            int width = cols.InSize;
            new Span<T>(dst, rows.InSize * width).Clear();
            for (int oh = 0, o = 0; oh < rows.OutSize; oh++)
                for (int ow = 0; ow < cols.OutSize; ow++, o++)
                {
                    T share = src[o] / T.CreateTruncating(rows.Divisor[oh] * cols.Divisor[ow]);
                    for (int h = rows.Start[oh]; h < rows.End[oh]; h++)
                        for (int w = cols.Start[ow]; w < cols.End[ow]; w++) dst[h * width + w] += share;
                }
        }
    }
}
