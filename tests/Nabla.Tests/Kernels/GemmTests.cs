using System.Numerics;
using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

public class GemmTests
{
    private static readonly int[] Sizes = { 1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65 };

    /// <summary>Runs one GEMM on random data with padded leading dimensions and checks every element against a double reference.</summary>
    private static void Check<T>(Random rng, int m, int n, int k, bool transA, bool transB, bool accumulate, int pad = 3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lda = (transA ? m : k) + rng.Next(pad + 1), ldb = (transB ? k : n) + rng.Next(pad + 1), ldc = n + rng.Next(pad + 1);
        T[] a = Random<T>(rng, (transA ? k : m) * lda), b = Random<T>(rng, (transB ? n : k) * ldb), c = Random<T>(rng, m * ldc);
        T[] before = (T[])c.Clone();

        Gemm.Multiply<T>(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate);

        double eps = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16; // unit roundoff ×2
        // Dense double copies of op(A) (m×k) and op(B) (k×n) keep the reference loop simple and fast.
        var opA = new double[m * k];
        var opB = new double[k * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) opA[i * k + p] = double.CreateChecked(transA ? a[p * lda + i] : a[i * lda + p]);
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) opB[p * n + j] = double.CreateChecked(transB ? b[j * ldb + p] : b[p * ldb + j]);
        var sum = new double[n];
        var magnitude = new double[n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                sum[j] = accumulate ? double.CreateChecked(before[i * ldc + j]) : 0;
                magnitude[j] = Math.Abs(sum[j]);
            }
            for (int p = 0; p < k; p++)
            {
                double x = opA[i * k + p];
                for (int j = 0; j < n; j++)
                {
                    double term = x * opB[p * n + j];
                    sum[j] += term;
                    magnitude[j] += Math.Abs(term);
                }
            }
            for (int j = 0; j < n; j++)
            {
                // Forward error of a length-k sum is at most about k·eps·Σ|terms|; random rounding makes it far smaller in practice.
                double tolerance = 2 * (k + 2) * eps * magnitude[j] + 1e-30;
                double actual = double.CreateChecked(c[i * ldc + j]);
                Assert.True(Math.Abs(actual - sum[j]) <= tolerance,
                    $"{typeof(T).Name} m={m} n={n} k={k} tA={transA} tB={transB} acc={accumulate}: C[{i},{j}] = {actual}, expected {sum[j]}");
            }
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                Assert.Equal(before[i * ldc + j], c[i * ldc + j]); // padding between rows is never written
        }
    }

    private static T[] Random<T>(Random rng, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new T[length];
        for (int i = 0; i < length; i++) data[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        return data;
    }

    [Fact]
    public void SmallShapes_AllCombinations()
    {
        var rng = new Random(1);
        foreach (int m in Sizes.Take(9))
            foreach (int n in Sizes.Take(9))
                foreach (int k in Sizes.Take(9))
                {
                    int t = rng.Next(8);
                    if ((t & 4) == 0) Check<float>(rng, m, n, k, (t & 1) != 0, (t & 2) != 0, rng.Next(2) == 0);
                    else Check<double>(rng, m, n, k, (t & 1) != 0, (t & 2) != 0, rng.Next(2) == 0);
                }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void SampledShapes_EachTransposeCombination(bool transA, bool transB)
    {
        var rng = new Random(transA ? (transB ? 4 : 3) : (transB ? 2 : 1));
        for (int s = 0; s < 60; s++)
        {
            int m = Sizes[rng.Next(Sizes.Length)], n = Sizes[rng.Next(Sizes.Length)], k = Sizes[rng.Next(Sizes.Length)];
            Check<float>(rng, m, n, k, transA, transB, accumulate: s % 2 == 0);
            Check<double>(rng, m, n, k, transA, transB, accumulate: s % 2 == 1);
        }
    }

    [Theory]
    [InlineData(300, 257, 513, false, false, false)]
    [InlineData(300, 257, 513, true, true, true)]
    [InlineData(129, 200, 420, true, false, false)]
    [InlineData(129, 200, 420, false, true, true)]
    [InlineData(64, 256, 784, false, false, false)]
    [InlineData(784, 256, 64, true, false, true)]
    public void LargeShapes_CrossBlockAndThreadBoundaries(int m, int n, int k, bool transA, bool transB, bool asDouble)
    {
        var rng = new Random(m + n + k);
        if (asDouble) Check<double>(rng, m, n, k, transA, transB, accumulate: true, pad: 5);
        else Check<float>(rng, m, n, k, transA, transB, accumulate: false, pad: 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TransposedB_OddSizesAndPaddedLd(bool asDouble)
    {
        // Vectorised transposing pack: 16×16 / 8×8 tiles, k tails (k mod 16), partial NR panels and ld > k.
        var rng = new Random(asDouble ? 12 : 11);
        foreach (var (m, n, k) in new[] { (37, 45, 53), (20, 33, 17), (50, 70, 300), (15, 31, 15), (29, 17, 48), (64, 100, 785) })
            foreach (bool transA in new[] { false, true })
            {
                if (asDouble) Check<double>(rng, m, n, k, transA, transB: true, accumulate: rng.Next(2) == 0, pad: 7);
                else Check<float>(rng, m, n, k, transA, transB: true, accumulate: rng.Next(2) == 0, pad: 7);
            }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SkinnyTransposedB_DotPath(bool asDouble)
    {
        // m or n ≤ 16 with B stored n×k takes the unpacked dot-product path: cover 1..4-wide block remainders and k tails.
        var rng = new Random(asDouble ? 22 : 21);
        foreach (int shortSide in new[] { 1, 2, 3, 5, 10, 16 })
            foreach (int longSide in new[] { 1, 7, 40, 257 })
                foreach (int k in new[] { 16, 17, 31, 100 })
                {
                    bool mShort = rng.Next(2) == 0;
                    int m = mShort ? shortSide : longSide, n = mShort ? longSide : shortSide;
                    if (asDouble) Check<double>(rng, m, n, k, transA: false, transB: true, accumulate: rng.Next(2) == 0, pad: 5);
                    else Check<float>(rng, m, n, k, transA: false, transB: true, accumulate: rng.Next(2) == 0, pad: 5);
                }
        // Large enough to split the long side over both cores (GEMV-like), and a 10-wide one that goes back to packing.
        foreach (var (m, n, k) in new[] { (1, 1001, 600), (3, 777, 700), (701, 2, 400), (10, 5000, 64) })
        {
            if (asDouble) Check<double>(rng, m, n, k, transA: false, transB: true, accumulate: true, pad: 3);
            else Check<float>(rng, m, n, k, transA: false, transB: true, accumulate: false, pad: 3);
        }
    }

    [Theory]
    [InlineData(385)] // just over one float KC step (384)
    [InlineData(193)] // just over one double KC step (192)
    [InlineData(784)]
    public void DepthSplitIntoBalancedSteps(int k)
    {
        var rng = new Random(k);
        for (int t = 0; t < 4; t++)
        {
            Check<float>(rng, 30, 40, k, (t & 1) != 0, (t & 2) != 0, accumulate: t % 2 == 0);
            Check<double>(rng, 30, 40, k, (t & 1) != 0, (t & 2) != 0, accumulate: t % 2 == 1);
        }
    }

    [Theory]
    [InlineData(64, 256, 784, false, true)]
    [InlineData(64, 784, 256, false, false)]
    [InlineData(100, 400, 300, true, false)]
    public void ColumnSplit_TileAlignedBoundaries(int m, int n, int k, bool transA, bool transB)
    {
        // ldc = n (a multiple of 16): the two-thread column split puts its boundary on a whole NR tile, so with C not
        // 64-byte aligned one cache line per row is written by both threads; results must still be exact per column.
        var rng = new Random(n);
        Check<float>(rng, m, n, k, transA, transB, accumulate: false, pad: 0);
        Check<double>(rng, m, n, k, transA, transB, accumulate: true, pad: 0);
    }

    [Fact]
    public void Parallelism_RunsEveryIndexOnceAcrossManyCalls()
    {
        // Back-to-back jobs of varying size and length: a worker that wakes late must never run a stale job's index.
        for (int call = 0; call < 2000; call++)
        {
            int count = 1 + call % 5;
            var hits = new int[count];
            int spin = call % 7 == 0 ? 2000 : 0;
            Parallelism.For(count, i => { Interlocked.Increment(ref hits[i]); Thread.SpinWait(spin); });
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void Accumulate_AddsProductIntoExistingC()
    {
        // A = [[1,2],[3,4]], B = [[5,6],[7,8]] → A·B = [[19,22],[43,50]]; C starts at [[1,1],[1,1]].
        float[] a = { 1, 2, 3, 4 }, b = { 5, 6, 7, 8 }, c = { 1, 1, 1, 1 };
        Gemm.Multiply<float>(2, 2, 2, a, 2, false, b, 2, false, c, 2, accumulate: true);
        Assert.Equal(new float[] { 20, 23, 44, 51 }, c);

        // Same on the packed path (40×40×40 exceeds the tiny-problem cutoff): C = 1 + A·I.
        int size = 40;
        double[] big = Enumerable.Range(0, size * size).Select(i => (double)i).ToArray();
        double[] identity = new double[size * size];
        for (int i = 0; i < size; i++) identity[i * size + i] = 1;
        double[] result = Enumerable.Repeat(1.0, size * size).ToArray();
        Gemm.Multiply<double>(size, size, size, big, size, false, identity, size, false, result, size, accumulate: true);
        Assert.Equal(big.Select(x => x + 1).ToArray(), result);
    }

    [Fact]
    public void Overwrite_IgnoresGarbageInC()
    {
        float[] a = Enumerable.Range(0, 50 * 30).Select(i => (float)(i % 7)).ToArray();
        float[] b = Enumerable.Range(0, 30 * 40).Select(i => (float)(i % 5)).ToArray();
        float[] c = Enumerable.Repeat(float.NaN, 50 * 40).ToArray();
        Gemm.Multiply<float>(50, 40, 30, a, 30, false, b, 40, false, c, 40, accumulate: false);
        for (int i = 0; i < 50; i++)
            for (int j = 0; j < 40; j++)
            {
                float expected = 0;
                for (int p = 0; p < 30; p++) expected += a[i * 30 + p] * b[p * 40 + j];
                Assert.Equal(expected, c[i * 40 + j]); // small integers: exact in float
            }
    }

    [Fact]
    public void ZeroDepth_ClearsOrKeepsC()
    {
        double[] c = { 3, 4, 5, 6 };
        Gemm.Multiply<double>(2, 2, 0, ReadOnlySpan<double>.Empty, 0, false, ReadOnlySpan<double>.Empty, 2, false, c, 2, accumulate: true);
        Assert.Equal(new double[] { 3, 4, 5, 6 }, c);
        Gemm.Multiply<double>(2, 2, 0, ReadOnlySpan<double>.Empty, 0, false, ReadOnlySpan<double>.Empty, 2, false, c, 2, accumulate: false);
        Assert.Equal(new double[] { 0, 0, 0, 0 }, c);
    }

    [Fact]
    public void RejectsUnsupportedTypeAndShortSpans()
    {
        var h = new Half[4];
        Assert.Throws<NotSupportedException>(() => Gemm.Multiply<Half>(2, 2, 1, h, 1, false, h, 2, false, h, 2, false));
        var f = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(3, 2, 2, f, 2, false, f, 2, false, new float[6], 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(2, 2, 2, f, 1, false, f, 2, false, f, 2, false));
    }
}
