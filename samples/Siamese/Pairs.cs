using Nabla;

namespace SiameseSample;

/// <summary>Index pairs of images with target +1 (same digit) or −1 (different digits), as CosineEmbeddingLoss takes.</summary>
public sealed class Pairs(int[] first, int[] second, float[] target)
{
    public int Count => target.Length;

    /// <summary>count pairs of images from rows [from, to): even pairs share a digit, odd pairs do not.</summary>
    public static Pairs Draw(long[] labels, int from, int to, int count, Generator g)
    {
        var byDigit = Enumerable.Range(0, 10).Select(d => Enumerable.Range(from, to - from).Where(i => labels[i] == d).ToArray()).ToArray();
        int Pick(int[] rows) => rows[(int)(g.NextUInt64() % (ulong)rows.Length)];
        var (a, b, t) = (new int[count], new int[count], new float[count]);
        for (int k = 0; k < count; k++)
        {
            int digit = (int)(g.NextUInt64() % 10);
            a[k] = Pick(byDigit[digit]);
            bool same = k % 2 == 0;
            int other = same ? digit : (digit + 1 + (int)(g.NextUInt64() % 9)) % 10;
            b[k] = Pick(byDigit[other]);
            t[k] = same ? 1 : -1;
        }
        return new Pairs(a, b, t);
    }

    public static int[] Permutation(int n, Generator g)
    {
        int[] order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(g.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The images of the pairs at <paramref name="rows"/> and their ±1 targets.</summary>
    public (Tensor First, Tensor Second, Tensor Target) Batch(Tensor images, ReadOnlySpan<int> rows)
    {
        var (ia, ib, t) = (new long[rows.Length], new long[rows.Length], new float[rows.Length]);
        for (int i = 0; i < rows.Length; i++) (ia[i], ib[i], t[i]) = (first[rows[i]], second[rows[i]], target[rows[i]]);
        return (images.IndexSelect(0, Tensor.FromArray(ia)), images.IndexSelect(0, Tensor.FromArray(ib)), Tensor.FromArray(t));
    }
}
