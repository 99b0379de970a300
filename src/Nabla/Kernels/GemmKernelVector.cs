using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace Nabla.Kernels;

/// <summary>AVX2 micro-kernel: 6×2 ymm accumulators (12 of 16 registers).</summary>
/// <remarks>Unrolled by hand on purpose, and repeated per vector width: each accumulator is its own local, so the JIT
/// keeps all of them in registers (a loop over an array of vectors would spill them to the stack on every k step).</remarks>
internal readonly struct GemmKernel256<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 6;
    public static int NR => 2 * Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        // Without hardware FMA the fused call is a slow software emulation, so fall back to multiply + add.
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !AdvSimd.IsSupported) return a * b + c;
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    // Both entry points are optimized at first call: tier-0 code for these loops is ~30× slower.
    // They differ only in where row r of Ã lives: a[r] with a += MR per k step, or a[r·KC] with a += 1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector256<T>.Count;
        nint aRow = 1;
        Vector256<T> c0_0 = default; Vector256<T> c0_1 = default;
        Vector256<T> c1_0 = default; Vector256<T> c1_1 = default;
        Vector256<T> c2_0 = default; Vector256<T> c2_1 = default;
        Vector256<T> c3_0 = default; Vector256<T> c3_1 = default;
        Vector256<T> c4_0 = default; Vector256<T> c4_1 = default;
        Vector256<T> c5_0 = default; Vector256<T> c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + w);
            var a0 = Vector256.Create(a[0]); c0_0 = Fma(a0, b0, c0_0); c0_1 = Fma(a0, b1, c0_1);
            var a1 = Vector256.Create(a[aRow]); c1_0 = Fma(a1, b0, c1_0); c1_1 = Fma(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2 * aRow]); c2_0 = Fma(a2, b0, c2_0); c2_1 = Fma(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3 * aRow]); c3_0 = Fma(a3, b0, c3_0); c3_1 = Fma(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4 * aRow]); c4_0 = Fma(a4, b0, c4_0); c4_1 = Fma(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5 * aRow]); c5_0 = Fma(a5, b0, c5_0); c5_1 = Fma(a5, b1, c5_1);
            a += 6;
            b += 2 * w;
        }
        Store(c + 0 * ldc, w, add, c0_0, c0_1);
        Store(c + 1 * ldc, w, add, c1_0, c1_1);
        Store(c + 2 * ldc, w, add, c2_0, c2_1);
        Store(c + 3 * ldc, w, add, c3_0, c3_1);
        Store(c + 4 * ldc, w, add, c4_0, c4_1);
        Store(c + 5 * ldc, w, add, c5_0, c5_1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowA(int kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector256<T>.Count;
        nint aRow = GemmBlocking.KC<T>();
        Vector256<T> c0_0 = default; Vector256<T> c0_1 = default;
        Vector256<T> c1_0 = default; Vector256<T> c1_1 = default;
        Vector256<T> c2_0 = default; Vector256<T> c2_1 = default;
        Vector256<T> c3_0 = default; Vector256<T> c3_1 = default;
        Vector256<T> c4_0 = default; Vector256<T> c4_1 = default;
        Vector256<T> c5_0 = default; Vector256<T> c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + w);
            var a0 = Vector256.Create(a[0]); c0_0 = Fma(a0, b0, c0_0); c0_1 = Fma(a0, b1, c0_1);
            var a1 = Vector256.Create(a[aRow]); c1_0 = Fma(a1, b0, c1_0); c1_1 = Fma(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2 * aRow]); c2_0 = Fma(a2, b0, c2_0); c2_1 = Fma(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3 * aRow]); c3_0 = Fma(a3, b0, c3_0); c3_1 = Fma(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4 * aRow]); c4_0 = Fma(a4, b0, c4_0); c4_1 = Fma(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5 * aRow]); c5_0 = Fma(a5, b0, c5_0); c5_1 = Fma(a5, b1, c5_1);
            a += 1;
            b += 2 * w;
        }
        Store(c + 0 * ldc, w, add, c0_0, c0_1);
        Store(c + 1 * ldc, w, add, c1_0, c1_1);
        Store(c + 2 * ldc, w, add, c2_0, c2_1);
        Store(c + 3 * ldc, w, add, c3_0, c3_1);
        Store(c + 4 * ldc, w, add, c4_0, c4_1);
        Store(c + 5 * ldc, w, add, c5_0, c5_1);
    }


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(T* c, int w, bool add, Vector256<T> v0, Vector256<T> v1)
    {
        if (add)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + w);
        }
        v0.Store(c);
        v1.Store(c + w);
    }
}

/// <summary>SSE/NEON micro-kernel: 6×2 xmm accumulators (12 of 16 registers).</summary>
internal readonly struct GemmKernel128<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 6;
    public static int NR => 2 * Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        // Without hardware FMA the fused call is a slow software emulation, so fall back to multiply + add.
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !AdvSimd.IsSupported) return a * b + c;
        if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    // Both entry points are optimized at first call: tier-0 code for these loops is ~30× slower.
    // They differ only in where row r of Ã lives: a[r] with a += MR per k step, or a[r·KC] with a += 1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector128<T>.Count;
        nint aRow = 1;
        Vector128<T> c0_0 = default; Vector128<T> c0_1 = default;
        Vector128<T> c1_0 = default; Vector128<T> c1_1 = default;
        Vector128<T> c2_0 = default; Vector128<T> c2_1 = default;
        Vector128<T> c3_0 = default; Vector128<T> c3_1 = default;
        Vector128<T> c4_0 = default; Vector128<T> c4_1 = default;
        Vector128<T> c5_0 = default; Vector128<T> c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b); var b1 = Vector128.Load(b + w);
            var a0 = Vector128.Create(a[0]); c0_0 = Fma(a0, b0, c0_0); c0_1 = Fma(a0, b1, c0_1);
            var a1 = Vector128.Create(a[aRow]); c1_0 = Fma(a1, b0, c1_0); c1_1 = Fma(a1, b1, c1_1);
            var a2 = Vector128.Create(a[2 * aRow]); c2_0 = Fma(a2, b0, c2_0); c2_1 = Fma(a2, b1, c2_1);
            var a3 = Vector128.Create(a[3 * aRow]); c3_0 = Fma(a3, b0, c3_0); c3_1 = Fma(a3, b1, c3_1);
            var a4 = Vector128.Create(a[4 * aRow]); c4_0 = Fma(a4, b0, c4_0); c4_1 = Fma(a4, b1, c4_1);
            var a5 = Vector128.Create(a[5 * aRow]); c5_0 = Fma(a5, b0, c5_0); c5_1 = Fma(a5, b1, c5_1);
            a += 6;
            b += 2 * w;
        }
        Store(c + 0 * ldc, w, add, c0_0, c0_1);
        Store(c + 1 * ldc, w, add, c1_0, c1_1);
        Store(c + 2 * ldc, w, add, c2_0, c2_1);
        Store(c + 3 * ldc, w, add, c3_0, c3_1);
        Store(c + 4 * ldc, w, add, c4_0, c4_1);
        Store(c + 5 * ldc, w, add, c5_0, c5_1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowA(int kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector128<T>.Count;
        nint aRow = GemmBlocking.KC<T>();
        Vector128<T> c0_0 = default; Vector128<T> c0_1 = default;
        Vector128<T> c1_0 = default; Vector128<T> c1_1 = default;
        Vector128<T> c2_0 = default; Vector128<T> c2_1 = default;
        Vector128<T> c3_0 = default; Vector128<T> c3_1 = default;
        Vector128<T> c4_0 = default; Vector128<T> c4_1 = default;
        Vector128<T> c5_0 = default; Vector128<T> c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b); var b1 = Vector128.Load(b + w);
            var a0 = Vector128.Create(a[0]); c0_0 = Fma(a0, b0, c0_0); c0_1 = Fma(a0, b1, c0_1);
            var a1 = Vector128.Create(a[aRow]); c1_0 = Fma(a1, b0, c1_0); c1_1 = Fma(a1, b1, c1_1);
            var a2 = Vector128.Create(a[2 * aRow]); c2_0 = Fma(a2, b0, c2_0); c2_1 = Fma(a2, b1, c2_1);
            var a3 = Vector128.Create(a[3 * aRow]); c3_0 = Fma(a3, b0, c3_0); c3_1 = Fma(a3, b1, c3_1);
            var a4 = Vector128.Create(a[4 * aRow]); c4_0 = Fma(a4, b0, c4_0); c4_1 = Fma(a4, b1, c4_1);
            var a5 = Vector128.Create(a[5 * aRow]); c5_0 = Fma(a5, b0, c5_0); c5_1 = Fma(a5, b1, c5_1);
            a += 1;
            b += 2 * w;
        }
        Store(c + 0 * ldc, w, add, c0_0, c0_1);
        Store(c + 1 * ldc, w, add, c1_0, c1_1);
        Store(c + 2 * ldc, w, add, c2_0, c2_1);
        Store(c + 3 * ldc, w, add, c3_0, c3_1);
        Store(c + 4 * ldc, w, add, c4_0, c4_1);
        Store(c + 5 * ldc, w, add, c5_0, c5_1);
    }


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(T* c, int w, bool add, Vector128<T> v0, Vector128<T> v1)
    {
        if (add)
        {
            v0 += Vector128.Load(c);
            v1 += Vector128.Load(c + w);
        }
        v0.Store(c);
        v1.Store(c + w);
    }
}
