using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace Nabla.Kernels;

/// <summary>The vector operations a GEMM micro-kernel needs, for one vector width TV of T.</summary>
/// <remarks>Struct implementations are specialised per instantiation, so the kernels compile to the same code as
/// if they named Vector512/256/128 directly.</remarks>
internal unsafe interface IGemmSimd<T, TV> where T : unmanaged where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Load(T* p);
    static abstract void Store(TV v, T* p);
    static abstract TV Broadcast(T x);
    static abstract TV Add(TV a, TV b);
    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
}

internal readonly unsafe struct GemmSimd256<T> : IGemmSimd<T, Vector256<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(T* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<T> v, T* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        // Without hardware FMA the fused call is a slow software emulation, so fall back to multiply + add.
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !AdvSimd.IsSupported) return a * b + c;
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}

internal readonly unsafe struct GemmSimd128<T> : IGemmSimd<T, Vector128<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(T* p) => Vector128.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<T> v, T* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(T x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        // Without hardware FMA the fused call is a slow software emulation, so fall back to multiply + add.
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !AdvSimd.IsSupported) return a * b + c;
        if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}

/// <summary>Where row r of the packed Ã panel lives; a type argument so each kernel body is compiled with constants.</summary>
internal interface IPanelLayout
{
    /// <summary>False: a[r], a += MR per k step (<see cref="IGemmKernel{T}.Run"/>). True: a[r·KC], a += 1 (RunRowA).</summary>
    static abstract bool RowMajor { get; }
}

internal readonly struct ColumnPanel : IPanelLayout { public static bool RowMajor => false; }

internal readonly struct RowPanel : IPanelLayout { public static bool RowMajor => true; }
