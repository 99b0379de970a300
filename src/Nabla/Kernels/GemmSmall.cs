using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>Unpacked path for skinny C = A·Bᵀ (A stored m×k, B stored n×k): every C element is a dot product of two
/// contiguous rows, so no packing or transposing is needed.</summary>
/// <remarks>Used when m or n is at most <see cref="Skinny"/> (e.g. a 10-way output layer, or batch-1 inference): there the
/// packed path pads the short side to MR = 14 / NR = 32 and pays a full pack of the long operand, while this path reads
/// each operand once per 4-row block of the other. Work per k step: 4 + 4 vector loads feed 16 FMAs.</remarks>
internal static unsafe class GemmSmall
{
    /// <summary>Largest short side routed here; above it the packed kernel's 14×32 register tile wins.</summary>
    public const int Skinny = 16;

    /// <remarks>Short sides of 5..16 only while the problem is small: at 16 × 4096 × 4096 the packed kernel on two cores is
    /// faster despite padding 16 rows to 2·14, while a GEMV (short side ≤ 4) is memory-bound either way.</remarks>
    public static bool Applies<T>(int m, int n, int k, bool transA, bool transB) where T : unmanaged
    {
        if (!Vector512.IsHardwareAccelerated || transA || !transB || k < Vector512<T>.Count) return false;
        int shortSide = Math.Min(m, n);
        return shortSide <= 4 || (shortSide <= Skinny && (long)m * n * k < 4 * GemmParallel.Threshold);
    }

    /// <summary>C[i, j] (+)= Σp a[i·lda + p]·b[j·ldb + p]; large problems (e.g. a big GEMV) split the long side over the cores.</summary>
    public static void DotNT<T>(int m, int n, int k, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int degree = Parallelism.Degree;
        if (degree == 1 || (long)m * n * k < GemmParallel.Threshold || Math.Max(m, n) < 8)
        {
            Dot(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
            return;
        }
        var job = DotJob<T>.Current ??= new DotJob<T>();
        bool splitM = m > n;
        int len = splitM ? m : n, chunk = (len / degree + 3) & ~3;
        job.Set(m, n, k, a, lda, b, ldb, c, ldc, accumulate, splitM, chunk);
        Parallelism.For((len + chunk - 1) / chunk, job.Body);
    }

    /// <summary>Arguments of one parallel dot-product GEMM, reused per calling thread so the call allocates nothing.</summary>
    private sealed class DotJob<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] public static DotJob<T>? Current;
        public readonly Action<int> Body;
        private int _m, _n, _k, _chunk;
        private nint _a, _b, _c, _lda, _ldb, _ldc;
        private bool _accumulate, _splitM;

        public DotJob() => Body = Execute;

        public void Set(int m, int n, int k, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, bool accumulate, bool splitM, int chunk)
            => (_m, _n, _k, _a, _lda, _b, _ldb, _c, _ldc, _accumulate, _splitM, _chunk) = (m, n, k, (nint)a, lda, (nint)b, ldb, (nint)c, ldc, accumulate, splitM, chunk);

        private void Execute(int part)
        {
            int start = part * _chunk;
            T* a = (T*)_a, b = (T*)_b, c = (T*)_c;
            if (_splitM) Dot(Math.Min(_chunk, _m - start), _n, _k, a + start * _lda, _lda, b, _ldb, c + start * _ldc, _ldc, _accumulate);
            else Dot(_m, Math.Min(_chunk, _n - start), _k, a, _lda, b + start * _ldb, _ldb, c + start, _ldc, _accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot<T>(int m, int n, int k, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i += 4)
            for (int j = 0; j < n; j += 4)
                Block4x4(Math.Min(4, m - i), Math.Min(4, n - j), k, a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc, accumulate);
    }

    /// <summary>rows×cols (each ≤ 4) block of C; missing rows/columns re-read the first one and are not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4x4<T>(int rows, int cols, int k, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* a0 = a, a1 = rows > 1 ? a + lda : a, a2 = rows > 2 ? a + 2 * lda : a, a3 = rows > 3 ? a + 3 * lda : a;
        T* b0 = b, b1 = cols > 1 ? b + ldb : b, b2 = cols > 2 ? b + 2 * ldb : b, b3 = cols > 3 ? b + 3 * ldb : b;
        Vector512<T> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector512<T> s10 = default, s11 = default, s12 = default, s13 = default;
        Vector512<T> s20 = default, s21 = default, s22 = default, s23 = default;
        Vector512<T> s30 = default, s31 = default, s32 = default, s33 = default;
        int v = Vector512<T>.Count, p = 0;
        for (; p + v <= k; p += v)
        {
            var x0 = Vector512.Load(b0 + p); var x1 = Vector512.Load(b1 + p); var x2 = Vector512.Load(b2 + p); var x3 = Vector512.Load(b3 + p);
            var y = Vector512.Load(a0 + p); s00 = Fma(y, x0, s00); s01 = Fma(y, x1, s01); s02 = Fma(y, x2, s02); s03 = Fma(y, x3, s03);
            y = Vector512.Load(a1 + p); s10 = Fma(y, x0, s10); s11 = Fma(y, x1, s11); s12 = Fma(y, x2, s12); s13 = Fma(y, x3, s13);
            y = Vector512.Load(a2 + p); s20 = Fma(y, x0, s20); s21 = Fma(y, x1, s21); s22 = Fma(y, x2, s22); s23 = Fma(y, x3, s23);
            y = Vector512.Load(a3 + p); s30 = Fma(y, x0, s30); s31 = Fma(y, x1, s31); s32 = Fma(y, x2, s32); s33 = Fma(y, x3, s33);
        }
        T* r = stackalloc T[16]; // r[4·j + i] = Σ lanes of s_ij
        Reduce4x4(r, s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33);
        for (int i = 0; i < rows; i++)
        {
            T* ai = i == 0 ? a0 : i == 1 ? a1 : i == 2 ? a2 : a3;
            for (int j = 0; j < cols; j++)
            {
                T* bj = j == 0 ? b0 : j == 1 ? b1 : j == 2 ? b2 : b3;
                T sum = r[j * 4 + i];
                for (int q = p; q < k; q++) sum += ai[q] * bj[q]; // k tail (k mod V)
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }

    /// <summary>Horizontal sums of 16 accumulators, r[4·j + i] = Σ lanes of s_ij, with ~3 shuffles per accumulator.</summary>
    /// <remarks>Fold 1 adds 256-bit halves of two accumulators into one vector, fold 2 adds 128-bit lanes so lane j of
    /// row i's vector holds partial sums of s_ij; an in-lane unpack transpose then adds across rows' elements.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce4x4<T>(T* r, Vector512<T> s00, Vector512<T> s01, Vector512<T> s02, Vector512<T> s03,
        Vector512<T> s10, Vector512<T> s11, Vector512<T> s12, Vector512<T> s13, Vector512<T> s20, Vector512<T> s21, Vector512<T> s22, Vector512<T> s23,
        Vector512<T> s30, Vector512<T> s31, Vector512<T> s32, Vector512<T> s33) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Avx512F.IsSupported)
        {
            Vector512<T>[] all = [s00, s10, s20, s30, s01, s11, s21, s31, s02, s12, s22, s32, s03, s13, s23, s33];
            for (int q = 0; q < 16; q++) r[q] = Vector512.Sum(all[q]);
            return;
        }
        if (typeof(T) == typeof(float))
        {
            var v0 = Lanes(s00.AsSingle(), s01.AsSingle(), s02.AsSingle(), s03.AsSingle());
            var v1 = Lanes(s10.AsSingle(), s11.AsSingle(), s12.AsSingle(), s13.AsSingle());
            var v2 = Lanes(s20.AsSingle(), s21.AsSingle(), s22.AsSingle(), s23.AsSingle());
            var v3 = Lanes(s30.AsSingle(), s31.AsSingle(), s32.AsSingle(), s33.AsSingle());
            // Per lane j: a = [v0 e0+e2, v1 e0+e2, v0 e1+e3, v1 e1+e3], b likewise for rows 2, 3.
            var a = (Avx512F.UnpackLow(v0, v1) + Avx512F.UnpackHigh(v0, v1)).AsDouble();
            var b = (Avx512F.UnpackLow(v2, v3) + Avx512F.UnpackHigh(v2, v3)).AsDouble();
            (Avx512F.UnpackLow(a, b).AsSingle() + Avx512F.UnpackHigh(a, b).AsSingle()).Store((float*)r);
        }
        else
        {
            var v0 = Lanes(s00.AsDouble(), s01.AsDouble(), s02.AsDouble(), s03.AsDouble());
            var v1 = Lanes(s10.AsDouble(), s11.AsDouble(), s12.AsDouble(), s13.AsDouble());
            var v2 = Lanes(s20.AsDouble(), s21.AsDouble(), s22.AsDouble(), s23.AsDouble());
            var v3 = Lanes(s30.AsDouble(), s31.AsDouble(), s32.AsDouble(), s33.AsDouble());
            // Lane j of the pair sums: [row 0, row 1] (and [row 2, row 3]) of column j.
            var lo = Avx512F.UnpackLow(v0, v1) + Avx512F.UnpackHigh(v0, v1);
            var hi = Avx512F.UnpackLow(v2, v3) + Avx512F.UnpackHigh(v2, v3);
            for (int j = 0; j < 4; j++)
            {
                ((double*)r)[4 * j] = lo.GetElement(2 * j); ((double*)r)[4 * j + 1] = lo.GetElement(2 * j + 1);
                ((double*)r)[4 * j + 2] = hi.GetElement(2 * j); ((double*)r)[4 * j + 3] = hi.GetElement(2 * j + 1);
            }
        }
    }

    /// <summary>128-bit lane j of the result holds partial sums of xj (fold 1: 0x44/0xEE halves, fold 2: 0x88/0xDD lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lanes(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3)
    {
        var w01 = Avx512F.Shuffle4x128(x0, x1, 0x44) + Avx512F.Shuffle4x128(x0, x1, 0xEE);
        var w23 = Avx512F.Shuffle4x128(x2, x3, 0x44) + Avx512F.Shuffle4x128(x2, x3, 0xEE);
        return Avx512F.Shuffle4x128(w01, w23, 0x88) + Avx512F.Shuffle4x128(w01, w23, 0xDD);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lanes(Vector512<double> x0, Vector512<double> x1, Vector512<double> x2, Vector512<double> x3)
    {
        var w01 = Avx512F.Shuffle4x128(x0, x1, 0x44) + Avx512F.Shuffle4x128(x0, x1, 0xEE);
        var w23 = Avx512F.Shuffle4x128(x2, x3, 0x44) + Avx512F.Shuffle4x128(x2, x3, 0xEE);
        return Avx512F.Shuffle4x128(w01, w23, 0x88) + Avx512F.Shuffle4x128(w01, w23, 0xDD);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
