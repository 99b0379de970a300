using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>Register-blocked transposes for packing a transposed operand (B stored n×k → panels of NR values per k step).</summary>
/// <remarks>Each block loads V consecutive k values from V stored rows (contiguous vector loads), transposes the V×V tile
/// in registers with unpack/shuffle steps, and stores V rows of the panel. Rows at or past count read as zero, which
/// gives the zero padding of a partial panel for free. The callers finish the k tail (kc mod V) with scalar code.</remarks>
internal static unsafe class GemmTranspose
{
    /// <summary>dst[p·width + x] = src[x·ld + p] for p below the returned multiple of Vector512&lt;T&gt;.Count; zero for x ≥ count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Blocks512<T>(T* dst, T* src, nint ld, int count, int kc, int width) where T : unmanaged
    {
        int v = Vector512<T>.Count, end = kc / v * v;
        for (int p = 0; p < end; p += v)
            for (int x = 0; x < width; x += v)
            {
                int rows = Math.Min(v, count - x);
                T* d = dst + (nint)p * width + x;
                if (rows <= 0) { for (int c = 0; c < v; c++) Vector512<T>.Zero.Store(d + c * width); continue; }
                if (typeof(T) == typeof(float)) Tile16((float*)d, (float*)(src + x * ld + p), ld, rows, width);
                else Tile8x8((double*)d, (double*)(src + x * ld + p), ld, rows, width);
            }
        return end;
    }

    /// <summary>As <see cref="Blocks512{T}"/> with 256-bit tiles (8×8 float, 4×4 double) for AVX2 machines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Blocks256<T>(T* dst, T* src, nint ld, int count, int kc, int width) where T : unmanaged
    {
        int v = Vector256<T>.Count, end = kc / v * v;
        for (int p = 0; p < end; p += v)
            for (int x = 0; x < width; x += v)
            {
                int rows = Math.Min(v, count - x);
                T* d = dst + (nint)p * width + x;
                if (rows <= 0) { for (int c = 0; c < v; c++) Vector256<T>.Zero.Store(d + c * width); continue; }
                if (typeof(T) == typeof(float)) Tile8((float*)d, (float*)(src + x * ld + p), ld, rows, width);
                else Tile4x4((double*)d, (double*)(src + x * ld + p), ld, rows, width);
            }
        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Row<T>(T* s, nint ld, int i, int rows) where T : unmanaged
        => i < rows ? Vector512.Load(s + i * ld) : Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Row256<T>(T* s, nint ld, int i, int rows) where T : unmanaged
        => i < rows ? Vector256.Load(s + i * ld) : Vector256<T>.Zero;

    /// <summary>16×16 float tile: d[c·w + r] = s[r·ld + c].</summary>
    /// <remarks>Step 1 (unpack ps) interleaves row pairs, step 2 (unpack pd) gathers rows 4q..4q+3 of column 4l+j into
    /// 128-bit lane l of s(4q+j); steps 3–4 (shuffle f32x4, imm 0x88 = lanes 0,2 / 0xDD = lanes 1,3) collect the
    /// four lanes of one column.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile16(float* d, float* s, nint ld, int rows, nint w)
    {
        Vector512<float> r0 = Row(s, ld, 0, rows), r1 = Row(s, ld, 1, rows), r2 = Row(s, ld, 2, rows), r3 = Row(s, ld, 3, rows);
        Vector512<float> r4 = Row(s, ld, 4, rows), r5 = Row(s, ld, 5, rows), r6 = Row(s, ld, 6, rows), r7 = Row(s, ld, 7, rows);
        Vector512<float> r8 = Row(s, ld, 8, rows), r9 = Row(s, ld, 9, rows), r10 = Row(s, ld, 10, rows), r11 = Row(s, ld, 11, rows);
        Vector512<float> r12 = Row(s, ld, 12, rows), r13 = Row(s, ld, 13, rows), r14 = Row(s, ld, 14, rows), r15 = Row(s, ld, 15, rows);
        Quad(r0, r1, r2, r3, out var a0, out var a1, out var a2, out var a3);
        Quad(r4, r5, r6, r7, out var a4, out var a5, out var a6, out var a7);
        Quad(r8, r9, r10, r11, out var a8, out var a9, out var a10, out var a11);
        Quad(r12, r13, r14, r15, out var a12, out var a13, out var a14, out var a15);
        Columns(d, w, 0, a0, a4, a8, a12);
        Columns(d, w, 1, a1, a5, a9, a13);
        Columns(d, w, 2, a2, a6, a10, a14);
        Columns(d, w, 3, a3, a7, a11, a15);
    }

    /// <summary>Four rows → oj holds, in 128-bit lane l, rows 0..3 of column 4l + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quad(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble(); var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble(); var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        o0 = Avx512F.UnpackLow(t0, t2).AsSingle(); o1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        o2 = Avx512F.UnpackLow(t1, t3).AsSingle(); o3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
    }

    /// <summary>Given the four row-quads of lane-split column group j, stores columns j, 4+j, 8+j, 12+j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Columns(float* d, nint w, int j, Vector512<float> q0, Vector512<float> q1, Vector512<float> q2, Vector512<float> q3)
    {
        var x = Avx512F.Shuffle4x128(q0, q1, 0x88); var xh = Avx512F.Shuffle4x128(q0, q1, 0xDD); // columns j, 8+j | 4+j, 12+j
        var y = Avx512F.Shuffle4x128(q2, q3, 0x88); var yh = Avx512F.Shuffle4x128(q2, q3, 0xDD);
        Avx512F.Shuffle4x128(x, y, 0x88).Store(d + j * w);
        Avx512F.Shuffle4x128(x, y, 0xDD).Store(d + (8 + j) * w);
        Avx512F.Shuffle4x128(xh, yh, 0x88).Store(d + (4 + j) * w);
        Avx512F.Shuffle4x128(xh, yh, 0xDD).Store(d + (12 + j) * w);
    }

    /// <summary>8×8 double tile: d[c·w + r] = s[r·ld + c]. Unpack pairs rows; two f64x2 shuffles collect the lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8x8(double* d, double* s, nint ld, int rows, nint w)
    {
        Vector512<double> r0 = Row(s, ld, 0, rows), r1 = Row(s, ld, 1, rows), r2 = Row(s, ld, 2, rows), r3 = Row(s, ld, 3, rows);
        Vector512<double> r4 = Row(s, ld, 4, rows), r5 = Row(s, ld, 5, rows), r6 = Row(s, ld, 6, rows), r7 = Row(s, ld, 7, rows);
        // tE/tO: rows (2i, 2i+1) at even/odd columns, lane l holding columns 2l (or 2l+1).
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        // uc: rows 0..3 of columns c and c+4 (lanes 0,2 → columns 0/1 and 4/5 ...).
        var u0 = Avx512F.Shuffle4x128(t0, t2, 0x88); var u1 = Avx512F.Shuffle4x128(t1, t3, 0x88);
        var u2 = Avx512F.Shuffle4x128(t0, t2, 0xDD); var u3 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        var u4 = Avx512F.Shuffle4x128(t4, t6, 0x88); var u5 = Avx512F.Shuffle4x128(t5, t7, 0x88);
        var u6 = Avx512F.Shuffle4x128(t4, t6, 0xDD); var u7 = Avx512F.Shuffle4x128(t5, t7, 0xDD);
        Avx512F.Shuffle4x128(u0, u4, 0x88).Store(d);
        Avx512F.Shuffle4x128(u0, u4, 0xDD).Store(d + 4 * w);
        Avx512F.Shuffle4x128(u1, u5, 0x88).Store(d + 1 * w);
        Avx512F.Shuffle4x128(u1, u5, 0xDD).Store(d + 5 * w);
        Avx512F.Shuffle4x128(u2, u6, 0x88).Store(d + 2 * w);
        Avx512F.Shuffle4x128(u2, u6, 0xDD).Store(d + 6 * w);
        Avx512F.Shuffle4x128(u3, u7, 0x88).Store(d + 3 * w);
        Avx512F.Shuffle4x128(u3, u7, 0xDD).Store(d + 7 * w);
    }

    /// <summary>8×8 float tile with AVX: unpack ps, unpack pd, then swap 128-bit halves (permute2f128 0x20 / 0x31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8(float* d, float* s, nint ld, int rows, nint w)
    {
        Vector256<float> r0 = Row256(s, ld, 0, rows), r1 = Row256(s, ld, 1, rows), r2 = Row256(s, ld, 2, rows), r3 = Row256(s, ld, 3, rows);
        Vector256<float> r4 = Row256(s, ld, 4, rows), r5 = Row256(s, ld, 5, rows), r6 = Row256(s, ld, 6, rows), r7 = Row256(s, ld, 7, rows);
        var t0 = Avx.UnpackLow(r0, r1).AsDouble(); var t1 = Avx.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx.UnpackLow(r2, r3).AsDouble(); var t3 = Avx.UnpackHigh(r2, r3).AsDouble();
        var t4 = Avx.UnpackLow(r4, r5).AsDouble(); var t5 = Avx.UnpackHigh(r4, r5).AsDouble();
        var t6 = Avx.UnpackLow(r6, r7).AsDouble(); var t7 = Avx.UnpackHigh(r6, r7).AsDouble();
        // qj (rows 0..3) / hj (rows 4..7): lane l holds column 4l + j.
        var q0 = Avx.UnpackLow(t0, t2).AsSingle(); var q1 = Avx.UnpackHigh(t0, t2).AsSingle();
        var q2 = Avx.UnpackLow(t1, t3).AsSingle(); var q3 = Avx.UnpackHigh(t1, t3).AsSingle();
        var h0 = Avx.UnpackLow(t4, t6).AsSingle(); var h1 = Avx.UnpackHigh(t4, t6).AsSingle();
        var h2 = Avx.UnpackLow(t5, t7).AsSingle(); var h3 = Avx.UnpackHigh(t5, t7).AsSingle();
        Avx.Permute2x128(q0, h0, 0x20).Store(d); Avx.Permute2x128(q0, h0, 0x31).Store(d + 4 * w);
        Avx.Permute2x128(q1, h1, 0x20).Store(d + 1 * w); Avx.Permute2x128(q1, h1, 0x31).Store(d + 5 * w);
        Avx.Permute2x128(q2, h2, 0x20).Store(d + 2 * w); Avx.Permute2x128(q2, h2, 0x31).Store(d + 6 * w);
        Avx.Permute2x128(q3, h3, 0x20).Store(d + 3 * w); Avx.Permute2x128(q3, h3, 0x31).Store(d + 7 * w);
    }

    /// <summary>4×4 double tile with AVX: unpack pd pairs rows, permute2f128 joins the halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x4(double* d, double* s, nint ld, int rows, nint w)
    {
        Vector256<double> r0 = Row256(s, ld, 0, rows), r1 = Row256(s, ld, 1, rows), r2 = Row256(s, ld, 2, rows), r3 = Row256(s, ld, 3, rows);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1); // [r0c0 r1c0 | r0c2 r1c2], [r0c1 r1c1 | r0c3 r1c3]
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).Store(d); Avx.Permute2x128(t0, t2, 0x31).Store(d + 2 * w);
        Avx.Permute2x128(t1, t3, 0x20).Store(d + 1 * w); Avx.Permute2x128(t1, t3, 0x31).Store(d + 3 * w);
    }
}
