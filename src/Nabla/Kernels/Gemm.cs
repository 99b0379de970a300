using System.Numerics;

namespace Nabla.Kernels;

/// <summary>General matrix multiply on row-major spans: C (m×n) = op(A) (m×k) · op(B) (k×n), plus C when accumulating.</summary>
/// <remarks>PLACEHOLDER (naive triple loop) until the packed, register-blocked kernel lands.</remarks>
public static class Gemm
{
    /// <param name="a">A stored row-major with leading dimension lda; if transA, the stored matrix is k×m and op(A) is its transpose.</param>
    /// <param name="b">B stored row-major with leading dimension ldb; if transB, the stored matrix is n×k.</param>
    public static void Multiply<T>(int m, int n, int k,
        ReadOnlySpan<T> a, int lda, bool transA,
        ReadOnlySpan<T> b, int ldb, bool transB,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
    }
}
