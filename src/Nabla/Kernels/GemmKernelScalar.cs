using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>A register-blocked GEMM micro-kernel: C[MR×NR] (+)= Ã·B̃ over kc steps of packed panels.</summary>
/// <remarks>Ã holds MR values per k step (column of op(A)), B̃ holds NR values per k step (row of op(B)).
/// Run writes a full MR×NR tile at c with row stride ldc; add selects C += product instead of C = product.</remarks>
internal interface IGemmKernel<T> where T : unmanaged
{
    static abstract int MR { get; }
    static abstract int NR { get; }
    static abstract unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool add);

    /// <summary>As <see cref="Run"/>, but Ã is row-major: row r of the panel starts at a + r·<see cref="GemmBlocking.KC{T}"/>.</summary>
    static abstract unsafe void RunRowA(int kc, T* a, T* b, T* c, nint ldc, bool add);
}

/// <summary>Cache-blocking depth shared by the driver and the kernels.</summary>
internal static class GemmBlocking
{
    /// <summary>KC = 1536 bytes / sizeof(T): the MR×KC Ã panel (≈ 21 KiB at MR = 14) stays in the 48 KiB L1d.</summary>
    public static unsafe int KC<T>() where T : unmanaged => 1536 / sizeof(T);
}

/// <summary>Portable micro-kernel for hardware without SIMD: 4×4 scalar accumulators.</summary>
internal readonly struct GemmKernelScalar<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 4;
    public static int NR => 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool add) => Core(kc, a, 1, 4, b, c, ldc, add);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowA(int kc, T* a, T* b, T* c, nint ldc, bool add) => Core(kc, a, GemmBlocking.KC<T>(), 1, b, c, ldc, add);

    // Row r of Ã is at a[r·aRow]; a advances by aStep per k step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Core(int kc, T* a, nint aRow, nint aStep, T* b, T* c, nint ldc, bool add)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T a0 = a[0]; c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            T a1 = a[aRow]; c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            T a2 = a[2 * aRow]; c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            T a3 = a[3 * aRow]; c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += aStep;
            b += 4;
        }
        Store(c, add, c00, c01, c02, c03);
        Store(c + ldc, add, c10, c11, c12, c13);
        Store(c + 2 * ldc, add, c20, c21, c22, c23);
        Store(c + 3 * ldc, add, c30, c31, c32, c33);
    }

    private static unsafe void Store(T* c, bool add, T v0, T v1, T v2, T v3)
    {
        if (add) { v0 += c[0]; v1 += c[1]; v2 += c[2]; v3 += c[3]; }
        c[0] = v0; c[1] = v1; c[2] = v2; c[3] = v3;
    }
}
