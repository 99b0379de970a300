using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>Packs blocks of op(A) and op(B) into the contiguous, zero-padded micro-panels the GEMM micro-kernels stream.</summary>
/// <remarks>Transposed operands are handled here by reading with swapped strides, never by materialising a transpose.</remarks>
internal static unsafe class GemmPacking<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Packs op(A)[0..mc, 0..kc] into mc/MR panels of MR·KC elements each.</summary>
    /// <remarks>transA: panel holds, for each p, MR values op(A)[i, p] (a transposing copy). Otherwise the panel is
    /// row-major with row stride KC (plain row copies) for <see cref="IGemmKernel{T}.RunRowA"/>.</remarks>
    /// <param name="a">Points at op(A)[0, 0]: element (i, p) is a[i·lda + p], or a[p·lda + i] when transA.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(T* dst, T* a, nint lda, bool transA, int mc, int kc, int mr)
    {
        int stride = GemmBlocking.KC<T>();
        for (int i = 0; i < mc; i += mr, dst += (nint)mr * stride)
        {
            int rows = Math.Min(mr, mc - i);
            if (transA) CopyRows(dst, a + i, lda, kc, rows, mr);
            else CopyPanelRows(dst, a + i * lda, lda, rows, kc, stride, mr);
        }
    }

    /// <summary>Packs op(B)[0..kc, 0..nc] into nc/NR panels; panel q holds, for each p, NR values op(B)[p, q·NR + j].</summary>
    /// <param name="b">Points at op(B)[0, 0]: element (p, j) is b[p·ldb + j], or b[j·ldb + p] when transB.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(T* dst, T* b, nint ldb, bool transB, int kc, int nc, int nr)
    {
        for (int j = 0; j < nc; j += nr, dst += (nint)nr * kc)
        {
            int cols = Math.Min(nr, nc - j);
            if (transB) Transpose(dst, b + j * ldb, ldb, cols, kc, nr);
            else CopyRows(dst, b + j, ldb, kc, cols, nr);
        }
    }

    /// <summary>dst[r·stride + p] = src[r·lda + p] for r &lt; rows, p &lt; kc; rows up to mr are zero-filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyPanelRows(T* dst, T* src, nint lda, int rows, int kc, int stride, int mr)
    {
        uint bytes = (uint)(kc * sizeof(T));
        for (int r = 0; r < rows; r++) Unsafe.CopyBlockUnaligned(dst + r * stride, src + r * lda, bytes);
        for (int r = rows; r < mr; r++) Unsafe.InitBlockUnaligned(dst + r * stride, 0, bytes);
    }

    /// <summary>dst[p·width + x] = src[p·ld + x] for x &lt; count, zero for count ≤ x &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows(T* dst, T* src, nint ld, int kc, int count, int width)
    {
        uint bytes = (uint)(count * sizeof(T));
        for (int p = 0; p < kc; p++, dst += width, src += ld)
        {
            Unsafe.CopyBlockUnaligned(dst, src, bytes);
            for (int x = count; x < width; x++) dst[x] = T.Zero;
        }
    }

    /// <summary>dst[p·width + x] = src[x·ld + p] for x &lt; count, zero for count ≤ x &lt; width (a transposing copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(T* dst, T* src, nint ld, int count, int kc, int width)
    {
        int p = 0;
        // 16×16 (float) / 8×8 (double) register transposes: contiguous row loads replace the strided scalar gather.
        if (Avx512F.IsSupported && width % Vector512<T>.Count == 0)
            p = GemmTranspose.Blocks512(dst, src, ld, count, kc, width);
        else if (Avx.IsSupported && width % Vector256<T>.Count == 0)
            p = GemmTranspose.Blocks256(dst, src, ld, count, kc, width);
        // Remaining k columns: contiguous stores, strided loads; the count source rows stay in L1 while p sweeps along them.
        dst += (nint)p * width;
        src += p;
        for (; p < kc; p++, dst += width, src++)
        {
            T* s = src;
            int x = 0;
            for (; x + 1 < count; x += 2, s += 2 * ld) { dst[x] = s[0]; dst[x + 1] = s[ld]; }
            if (x < count) dst[x++] = s[0];
            for (; x < width; x++) dst[x] = T.Zero;
        }
    }
}
