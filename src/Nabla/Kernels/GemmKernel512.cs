using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>AVX-512 micro-kernel: 14×2 zmm accumulators (28 of 32 registers), broadcasting A and loading B rows.</summary>
/// <remarks>Unrolled by hand on purpose: each accumulator is its own local, so the JIT keeps all of them in registers
/// (a loop over an array of vectors would spill them to the stack on every k step). The 6-row kernel of the narrower
/// widths (<see cref="GemmKernel6x2{T, TS, TV}"/>) cannot share this body: 16 registers hold only 6×2 accumulators.</remarks>
internal readonly struct GemmKernel512<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 14;
    public static int NR => 2 * Vector512<T>.Count;

    // Both entry points are optimized at first call: tier-0 code for these loops is ~30× slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool add) => Core<ColumnPanel>(kc, a, b, c, ldc, add);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowA(int kc, T* a, T* b, T* c, nint ldc, bool add) => Core<RowPanel>(kc, a, b, c, ldc, add);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Core<TLayout>(int kc, T* a, T* b, T* c, nint ldc, bool add) where TLayout : IPanelLayout
    {
        int w = Vector512<T>.Count;
        nint aRow = TLayout.RowMajor ? GemmBlocking.KC<T>() : 1, aStep = TLayout.RowMajor ? 1 : 14;
        // Pull the C tile toward L1 now so the final load/store does not stall on misses.
        if (Sse.IsSupported)
            for (int r = 0; r < 14; r++) { Sse.Prefetch0(c + r * ldc); Sse.Prefetch0((byte*)(c + r * ldc) + 64 * 2 - 1); }
        Vector512<T> c0_0 = default; Vector512<T> c0_1 = default;
        Vector512<T> c1_0 = default; Vector512<T> c1_1 = default;
        Vector512<T> c2_0 = default; Vector512<T> c2_1 = default;
        Vector512<T> c3_0 = default; Vector512<T> c3_1 = default;
        Vector512<T> c4_0 = default; Vector512<T> c4_1 = default;
        Vector512<T> c5_0 = default; Vector512<T> c5_1 = default;
        Vector512<T> c6_0 = default; Vector512<T> c6_1 = default;
        Vector512<T> c7_0 = default; Vector512<T> c7_1 = default;
        Vector512<T> c8_0 = default; Vector512<T> c8_1 = default;
        Vector512<T> c9_0 = default; Vector512<T> c9_1 = default;
        Vector512<T> c10_0 = default; Vector512<T> c10_1 = default;
        Vector512<T> c11_0 = default; Vector512<T> c11_1 = default;
        Vector512<T> c12_0 = default; Vector512<T> c12_1 = default;
        Vector512<T> c13_0 = default; Vector512<T> c13_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + w);
            var a0 = Vector512.Create(a[0]); c0_0 = Fma(a0, b0, c0_0); c0_1 = Fma(a0, b1, c0_1);
            var a1 = Vector512.Create(a[aRow]); c1_0 = Fma(a1, b0, c1_0); c1_1 = Fma(a1, b1, c1_1);
            var a2 = Vector512.Create(a[2 * aRow]); c2_0 = Fma(a2, b0, c2_0); c2_1 = Fma(a2, b1, c2_1);
            var a3 = Vector512.Create(a[3 * aRow]); c3_0 = Fma(a3, b0, c3_0); c3_1 = Fma(a3, b1, c3_1);
            var a4 = Vector512.Create(a[4 * aRow]); c4_0 = Fma(a4, b0, c4_0); c4_1 = Fma(a4, b1, c4_1);
            var a5 = Vector512.Create(a[5 * aRow]); c5_0 = Fma(a5, b0, c5_0); c5_1 = Fma(a5, b1, c5_1);
            var a6 = Vector512.Create(a[6 * aRow]); c6_0 = Fma(a6, b0, c6_0); c6_1 = Fma(a6, b1, c6_1);
            var a7 = Vector512.Create(a[7 * aRow]); c7_0 = Fma(a7, b0, c7_0); c7_1 = Fma(a7, b1, c7_1);
            var a8 = Vector512.Create(a[8 * aRow]); c8_0 = Fma(a8, b0, c8_0); c8_1 = Fma(a8, b1, c8_1);
            var a9 = Vector512.Create(a[9 * aRow]); c9_0 = Fma(a9, b0, c9_0); c9_1 = Fma(a9, b1, c9_1);
            var a10 = Vector512.Create(a[10 * aRow]); c10_0 = Fma(a10, b0, c10_0); c10_1 = Fma(a10, b1, c10_1);
            var a11 = Vector512.Create(a[11 * aRow]); c11_0 = Fma(a11, b0, c11_0); c11_1 = Fma(a11, b1, c11_1);
            var a12 = Vector512.Create(a[12 * aRow]); c12_0 = Fma(a12, b0, c12_0); c12_1 = Fma(a12, b1, c12_1);
            var a13 = Vector512.Create(a[13 * aRow]); c13_0 = Fma(a13, b0, c13_0); c13_1 = Fma(a13, b1, c13_1);
            a += aStep;
            b += 2 * w;
        }
        Store(c + 0 * ldc, w, add, c0_0, c0_1);
        Store(c + 1 * ldc, w, add, c1_0, c1_1);
        Store(c + 2 * ldc, w, add, c2_0, c2_1);
        Store(c + 3 * ldc, w, add, c3_0, c3_1);
        Store(c + 4 * ldc, w, add, c4_0, c4_1);
        Store(c + 5 * ldc, w, add, c5_0, c5_1);
        Store(c + 6 * ldc, w, add, c6_0, c6_1);
        Store(c + 7 * ldc, w, add, c7_0, c7_1);
        Store(c + 8 * ldc, w, add, c8_0, c8_1);
        Store(c + 9 * ldc, w, add, c9_0, c9_1);
        Store(c + 10 * ldc, w, add, c10_0, c10_1);
        Store(c + 11 * ldc, w, add, c11_0, c11_1);
        Store(c + 12 * ldc, w, add, c12_0, c12_1);
        Store(c + 13 * ldc, w, add, c13_0, c13_1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        // AVX-512 always includes FMA; the typeof test is folded away per instantiation.
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(T* c, int w, bool add, Vector512<T> v0, Vector512<T> v1)
    {
        if (add)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + w);
        }
        v0.Store(c);
        v1.Store(c + w);
    }
}
