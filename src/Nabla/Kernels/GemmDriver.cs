using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>GotoBLAS/BLIS-style blocked GEMM for one micro-kernel: cache blocking, packing, and the split over threads.</summary>
/// <remarks>Loop nest (outer→inner): jc over NC3 columns, pc over KC (pack B̃ KC×NC3, L3), ic over MC rows (pack Ã MC×KC),
/// jb over NC columns (a KC×NC slice of B̃ stays in L2), ir over MR (an MR×KC panel of Ã stays in L1), jr over NR → kernel.</remarks>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : IGemmKernel<T>
{
    // KC·MR·sizeof(T) ≈ 21 KiB: the Ã micro-panel fills under half of the 48 KiB L1d, leaving room for streamed B̃ rows.
    private static readonly int KC = GemmBlocking.KC<T>();
    // MC×KC Ã block (≈ 250 KiB) plus a KC×NC B̃ slice (≈ 390 KiB) share the 1 MiB L2.
    private static readonly int MC = TKernel.MR * Math.Max(1, 168 / TKernel.MR);
    private static readonly int NC = TKernel.NR * Math.Max(1, 256 / TKernel.NR);
    // Columns of B̃ packed per KC step: bounds the per-thread buffer at KC·NC3 elements (3 MiB).
    private static readonly int NC3 = NC * 8;


    [ThreadStatic] private static Job? t_job;

    public static void Run(int m, int n, int k, T* a, nint lda, bool transA, T* b, nint ldb, bool transB, T* c, nint ldc, bool accumulate)
    {
        int mr = TKernel.MR, nr = TKernel.NR, degree = Parallelism.Degree;
        int tilesM = (m + mr - 1) / mr, tilesN = (n + nr - 1) / nr;
        if (degree == 1 || (long)m * n * k < GemmParallel.Threshold || tilesM * tilesN == 1)
        {
            Block(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate);
            return;
        }
        // Split C into one slab per thread along the dimension whose longest slab has the fewest tiles;
        // ties go to the larger dimension, which duplicates packing of the smaller operand only.
        long costM = (long)((tilesM + degree - 1) / degree) * tilesN, costN = (long)((tilesN + degree - 1) / degree) * tilesM;
        bool splitM = costM < costN || (costM == costN && m >= n);
        int tiles = splitM ? tilesM : tilesN, unit = splitM ? mr : nr, len = splitM ? m : n;
        // Boundaries fall on whole MR/NR tiles, even when that leaves one cache line per row of C written by both
        // cores (column split, C not 64-byte aligned, e.g. a .NET array, whose data starts 16 bytes into a line).
        // Moving the boundary to a line start instead gives one thread an extra edge tile (n = 512: 9 + 8 column
        // tiles, 321 GFLOP/s; n = 256: 5 + 4, 283) for which the shared line, about one cross-core transfer per row
        // and KC step, is no match (tile boundaries: 353 and 335 GFLOP/s).
        int chunk = (tiles + degree - 1) / degree * unit;
        var job = t_job ??= new Job();
        job.Set(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate, splitM, chunk);
        Parallelism.For((len + chunk - 1) / chunk, job.Body);
    }

    /// <summary>Single-threaded blocked GEMM on one slab of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(int m, int n, int k, T* a, nint lda, bool transA, T* b, nint ldb, bool transB, T* c, nint ldc, bool accumulate)
    {
        int MR = TKernel.MR, NR = TKernel.NR;
        // Even KC steps: k = 784 runs as 272 + 272 + 240 rather than 384 + 384 + 16, whose last sliver would pay a full
        // C load/store per tile for 16 FMAs per accumulator. Rounded up to 16 so transposing packs stay vectorised.
        int kSteps = (k + KC - 1) / KC, kcStep = Math.Min(KC, ((k + kSteps - 1) / kSteps + 15) & ~15);
        int nc3Max = Math.Min(NC3, (n + NR - 1) / NR * NR), kcMax = Math.Min(kcStep, k);
        T* bufA = GemmBuffers<T>.A(Math.Min(MC, (m + MR - 1) / MR * MR) * KC);
        T* bufB = GemmBuffers<T>.B(nc3Max * kcMax);
        T* edge = stackalloc T[MR * NR];
        for (int jc = 0; jc < n; jc += NC3)
        {
            int nc3 = Math.Min(NC3, n - jc);
            for (int pc = 0; pc < k; pc += kcStep)
            {
                int kc = Math.Min(kcStep, k - pc);
                bool add = accumulate || pc > 0; // later KC steps accumulate onto the partial sums already in C
                GemmPacking<T>.PackB(bufB, transB ? b + jc * ldb + pc : b + pc * ldb + jc, ldb, transB, kc, nc3, NR);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    GemmPacking<T>.PackA(bufA, transA ? a + pc * lda + ic : a + ic * lda + pc, lda, transA, mc, kc, MR);
                    for (int jb = 0; jb < nc3; jb += NC)
                    {
                        int jbEnd = Math.Min(nc3, jb + NC);
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int rows = Math.Min(MR, mc - ir);
                            T* ap = bufA + (nint)ir * KC;
                            T* crow = c + (ic + ir) * ldc + jc;
                            for (int jr = jb; jr < jbEnd; jr += NR)
                            {
                                int cols = Math.Min(NR, nc3 - jr);
                                T* bp = bufB + (nint)jr * kc;
                                if (rows == MR && cols == NR)
                                {
                                    if (transA) TKernel.Run(kc, ap, bp, crow + jr, ldc, add);
                                    else TKernel.RunRowA(kc, ap, bp, crow + jr, ldc, add);
                                }
                                else Edge(kc, ap, transA, bp, crow + jr, ldc, add, rows, cols, edge);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Partial tile: the kernel writes a full MR×NR tile to scratch, then only rows×cols go to C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge(int kc, T* ap, bool transA, T* bp, T* c, nint ldc, bool add, int rows, int cols, T* tile)
    {
        int NR = TKernel.NR;
        if (transA) TKernel.Run(kc, ap, bp, tile, NR, false);
        else TKernel.RunRowA(kc, ap, bp, tile, NR, false);
        for (int i = 0; i < rows; i++, c += ldc, tile += NR)
        {
            int j = 0;
            // Vector part first (NR is a whole number of vectors); a full-width row (rows < MR only) is all vector.
            for (; j + Vector<T>.Count <= cols; j += Vector<T>.Count)
            {
                var v = Vector.Load(tile + j);
                (add ? v + Vector.Load(c + j) : v).Store(c + j);
            }
            if (add) for (; j < cols; j++) c[j] += tile[j];
            else for (; j < cols; j++) c[j] = tile[j];
        }
    }

    /// <summary>Arguments of one parallel GEMM, reused per calling thread so a parallel call allocates nothing.</summary>
    private sealed class Job
    {
        public readonly Action<int> Body;
        private int _m, _n, _k, _chunk;
        private nint _a, _b, _c, _lda, _ldb, _ldc;
        private bool _transA, _transB, _accumulate, _splitM;

        public Job() => Body = Execute;

        public void Set(int m, int n, int k, T* a, nint lda, bool transA, T* b, nint ldb, bool transB, T* c, nint ldc, bool accumulate,
            bool splitM, int chunk)
        {
            (_m, _n, _k, _a, _lda, _transA, _b, _ldb, _transB, _c, _ldc, _accumulate) = (m, n, k, (nint)a, lda, transA, (nint)b, ldb, transB, (nint)c, ldc, accumulate);
            (_splitM, _chunk) = (splitM, chunk);
        }

        private void Execute(int part)
        {
            int len = _splitM ? _m : _n, start = part * _chunk, size = Math.Min(len, start + _chunk) - start;
            if (size <= 0) return;
            T* a = (T*)_a, b = (T*)_b, c = (T*)_c;
            if (_splitM)
            {
                // Rows [start, start+size) of C need the same rows of op(A).
                Block(size, _n, _k, _transA ? a + start : a + start * _lda, _lda, _transA, b, _ldb, _transB, c + start * _ldc, _ldc, _accumulate);
            }
            else
            {
                // Columns [start, start+size) of C need the same columns of op(B).
                Block(_m, size, _k, a, _lda, _transA, _transB ? b + start * _ldb : b + start, _ldb, _transB, c + start, _ldc, _accumulate);
            }
        }
    }
}

/// <summary>When a GEMM is worth splitting over the cores.</summary>
internal static class GemmParallel
{
    /// <summary>Below this many multiply-adds a thread hand-off costs more than it saves.</summary>
    internal static long Threshold = 1L << 19;
}

/// <summary>Per-thread packing buffers, pinned and grown on demand, so steady-state GEMM calls allocate nothing.</summary>
internal static unsafe class GemmBuffers<T> where T : unmanaged
{
    [ThreadStatic] private static T[]? t_a;
    [ThreadStatic] private static T[]? t_b;

    public static T* A(int size) => Get(ref t_a, size);
    public static T* B(int size) => Get(ref t_b, size);

    private static T* Get(ref T[]? buffer, int size)
    {
        int pad = 64 / sizeof(T); // room to align the start to a 64-byte cache line
        if (buffer is null || buffer.Length < size + pad)
            buffer = GC.AllocateUninitializedArray<T>(size + pad, pinned: true);
        nint p = (nint)Unsafe.AsPointer(ref buffer[0]);
        return (T*)((p + 63) & ~(nint)63);
    }
}
