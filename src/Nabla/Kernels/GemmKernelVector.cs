using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>AVX2 and SSE/NEON micro-kernel: 6×2 vector accumulators (12 of 16 registers), one body for both widths.</summary>
/// <remarks>Unrolled by hand on purpose: each accumulator is its own local, so the JIT keeps all of them in registers
/// (a loop over an array of vectors would spill them to the stack on every k step). TS supplies the vector operations
/// of one width (<see cref="GemmSimd256{T}"/>, <see cref="GemmSimd128{T}"/>).</remarks>
internal readonly struct GemmKernel6x2<T, TS, TV> : IGemmKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TS : IGemmSimd<T, TV> where TV : struct
{
    public static int MR => 6;
    public static int NR => 2 * TS.Count;

    // Both entry points are optimized at first call: tier-0 code for these loops is ~30× slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool add) => Core<ColumnPanel>(kc, a, b, c, ldc, add);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowA(int kc, T* a, T* b, T* c, nint ldc, bool add) => Core<RowPanel>(kc, a, b, c, ldc, add);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Core<TLayout>(int kc, T* a, T* b, T* c, nint ldc, bool add) where TLayout : IPanelLayout
    {
        int w = TS.Count;
        nint aRow = TLayout.RowMajor ? GemmBlocking.KC<T>() : 1, aStep = TLayout.RowMajor ? 1 : 6;
        TV c0_0 = default, c0_1 = default, c1_0 = default, c1_1 = default, c2_0 = default, c2_1 = default;
        TV c3_0 = default, c3_1 = default, c4_0 = default, c4_1 = default, c5_0 = default, c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = TS.Load(b); var b1 = TS.Load(b + w);
            var a0 = TS.Broadcast(a[0]); c0_0 = TS.MultiplyAdd(a0, b0, c0_0); c0_1 = TS.MultiplyAdd(a0, b1, c0_1);
            var a1 = TS.Broadcast(a[aRow]); c1_0 = TS.MultiplyAdd(a1, b0, c1_0); c1_1 = TS.MultiplyAdd(a1, b1, c1_1);
            var a2 = TS.Broadcast(a[2 * aRow]); c2_0 = TS.MultiplyAdd(a2, b0, c2_0); c2_1 = TS.MultiplyAdd(a2, b1, c2_1);
            var a3 = TS.Broadcast(a[3 * aRow]); c3_0 = TS.MultiplyAdd(a3, b0, c3_0); c3_1 = TS.MultiplyAdd(a3, b1, c3_1);
            var a4 = TS.Broadcast(a[4 * aRow]); c4_0 = TS.MultiplyAdd(a4, b0, c4_0); c4_1 = TS.MultiplyAdd(a4, b1, c4_1);
            var a5 = TS.Broadcast(a[5 * aRow]); c5_0 = TS.MultiplyAdd(a5, b0, c5_0); c5_1 = TS.MultiplyAdd(a5, b1, c5_1);
            a += aStep;
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
    private static unsafe void Store(T* c, int w, bool add, TV v0, TV v1)
    {
        if (add)
        {
            v0 = TS.Add(v0, TS.Load(c));
            v1 = TS.Add(v1, TS.Load(c + w));
        }
        TS.Store(v0, c);
        TS.Store(v1, c + w);
    }
}
