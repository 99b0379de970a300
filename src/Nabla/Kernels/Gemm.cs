using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>General matrix multiply on row-major spans: C (m×n) = op(A) (m×k) · op(B) (k×n), plus C when accumulating.</summary>
/// <remarks>Packed, cache-blocked and register-blocked (see <see cref="GemmDriver{T, TKernel}"/>), split over both cores
/// for large problems. The micro-kernel is chosen by the widest accelerated vector size: 512, 256, 128 bits, or scalar.</remarks>
internal static class Gemm
{
    // At or below this many multiply-adds (e.g. 16×16×16) packing costs more than it saves; use direct dot products.
    private const long TinyWork = 16 * 16 * 16;

    /// <param name="a">A stored row-major with leading dimension lda; if transA, the stored matrix is k×m and op(A) is its transpose.</param>
    /// <param name="b">B stored row-major with leading dimension ldb; if transB, the stored matrix is n×k.</param>
    public static unsafe void Multiply<T>(int m, int n, int k,
        ReadOnlySpan<T> a, int lda, bool transA,
        ReadOnlySpan<T> b, int ldb, bool transB,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0) return;
        CheckOperand(c.Length, m, n, ldc, nameof(c));
        if (k == 0)
        {
            if (!accumulate) for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        CheckOperand(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a));
        CheckOperand(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b));

        fixed (T* pa = &MemoryMarshal.GetReference(a))
        fixed (T* pb = &MemoryMarshal.GetReference(b))
        fixed (T* pc = &MemoryMarshal.GetReference(c))
        {
            // Skinny A·Bᵀ first: its vector dot products beat the scalar tiny loop too once k fills a vector (1×10×256).
            if (GemmSmall.Applies<T>(m, n, k, transA, transB))
                GemmSmall.DotNT(m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            else if ((long)m * n * k <= TinyWork)
                Tiny(m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
            else if (Vector512.IsHardwareAccelerated)
                GemmDriver<T, GemmKernel512<T>>.Run(m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
            else if (Vector256.IsHardwareAccelerated)
                GemmDriver<T, GemmKernel6x2<T, GemmSimd256<T>, Vector256<T>>>.Run(m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
            else if (Vector128.IsHardwareAccelerated)
                GemmDriver<T, GemmKernel6x2<T, GemmSimd128<T>, Vector128<T>>>.Run(m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
            else
                GemmDriver<T, GemmKernelScalar<T>>.Run(m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
        }
    }

    /// <summary>A stored rows×cols matrix with leading dimension ld needs ld ≥ cols and (rows − 1)·ld + cols elements.</summary>
    private static void CheckOperand(int length, int rows, int cols, int ld, string name)
    {
        if (ld < cols) throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} is less than the row length {cols}.");
        if ((long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"Span of length {length} is too short for a {rows}×{cols} matrix with leading dimension {ld}.", name);
    }

    /// <summary>Direct dot products for tiny problems: no packing, no buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tiny<T>(int m, int n, int k, T* a, nint lda, bool transA, T* b, nint ldb, bool transB, T* c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Strides walking along k: op(A)(i, p) = a[i·ai + p·ap], op(B)(p, j) = b[p·bp + j·bj].
        nint ai = transA ? 1 : lda, ap = transA ? lda : 1, bp = transB ? 1 : ldb, bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++)
        {
            T* arow = a + i * ai;
            T* crow = c + i * ldc;
            for (int j = 0; j < n; j++)
            {
                T* bcol = b + j * bj;
                T sum = T.Zero;
                for (int p = 0; p < k; p++) sum += arow[p * ap] * bcol[p * bp];
                crow[j] = accumulate ? crow[j] + sum : sum;
            }
        }
    }
}
