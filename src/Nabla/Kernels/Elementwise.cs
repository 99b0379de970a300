namespace Nabla.Kernels;

/// <summary>A binary elementwise operation with one method per operand form, so the driver can call span kernels.</summary>
internal interface IBinaryOp<T>
{
    static abstract T Apply(T a, T b);
    static abstract void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst);
    static abstract void Apply(ReadOnlySpan<T> a, T b, Span<T> dst);
    static abstract void Apply(T a, ReadOnlySpan<T> b, Span<T> dst);
}

/// <summary>A unary elementwise operation on a whole span (in place allowed: src and dst may be the same span).</summary>
internal interface IUnaryOp<T>
{
    static abstract void Apply(ReadOnlySpan<T> src, Span<T> dst);
}

/// <summary>Drivers that run elementwise operations over strided (possibly broadcast) operands.</summary>
internal static class Elementwise
{
    /// <summary>dst (contiguous, of <paramref name="shape"/>) = op(a, b); strides are already broadcast to shape (0 on broadcast dims).</summary>
    public static void Binary<T, TOp>(ReadOnlySpan<int> shape, ReadOnlySpan<T> a, int offsetA, ReadOnlySpan<int> stridesA,
        ReadOnlySpan<T> b, int offsetB, ReadOnlySpan<int> stridesB, Span<T> dst) where TOp : IBinaryOp<T>
    {
        if (dst.Length == 0) return;
        Span<int> scratch = stackalloc int[StridedLoop.ScratchSize];
        var loop = new StridedLoop(shape, stridesA, offsetA, stridesB, offsetB, scratch);
        int n = loop.InnerLength, sa = loop.InnerStrideA, sb = loop.InnerStrideB;
        for (int row = 0, d = 0; row < loop.Rows; row++, d += n)
        {
            var target = dst.Slice(d, n);
            int oa = loop.OffsetA, ob = loop.OffsetB;
            if (sa == 1 && sb == 1) TOp.Apply(a.Slice(oa, n), b.Slice(ob, n), target);
            else if (sa == 1 && sb == 0) TOp.Apply(a.Slice(oa, n), b[ob], target);
            else if (sa == 0 && sb == 1) TOp.Apply(a[oa], b.Slice(ob, n), target);
            else
                for (int i = 0; i < n; i++) target[i] = TOp.Apply(a[oa + i * sa], b[ob + i * sb]);
            loop.NextRow();
        }
    }

    /// <summary>dst (contiguous) = the strided view (src, offset, strides) laid out row-major.</summary>
    public static void Copy<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> src, int offset, ReadOnlySpan<int> strides, Span<T> dst)
    {
        if (dst.Length == 0) return;
        Span<int> scratch = stackalloc int[StridedLoop.ScratchSize];
        var loop = new StridedLoop(shape, strides, offset, strides, offset, scratch);
        int n = loop.InnerLength, s = loop.InnerStrideA;
        for (int row = 0, d = 0; row < loop.Rows; row++, d += n)
        {
            var target = dst.Slice(d, n);
            int o = loop.OffsetA;
            if (s == 1) src.Slice(o, n).CopyTo(target);
            else if (s == 0) target.Fill(src[o]);
            else
                for (int i = 0; i < n; i++) target[i] = src[o + i * s];
            loop.NextRow();
        }
    }

    /// <summary>Writes the contiguous src into the strided view (dst, offset, strides) — the inverse of Copy.</summary>
    public static void Scatter<T>(ReadOnlySpan<int> shape, ReadOnlySpan<T> src, Span<T> dst, int offset, ReadOnlySpan<int> strides)
    {
        if (src.Length == 0) return;
        Span<int> scratch = stackalloc int[StridedLoop.ScratchSize];
        var loop = new StridedLoop(shape, strides, offset, strides, offset, scratch);
        int n = loop.InnerLength, s = loop.InnerStrideA;
        for (int row = 0, d = 0; row < loop.Rows; row++, d += n)
        {
            int o = loop.OffsetA;
            if (s == 1) src.Slice(d, n).CopyTo(dst.Slice(o, n));
            else
                for (int i = 0; i < n; i++) dst[o + i * s] = src[d + i];
            loop.NextRow();
        }
    }
}
