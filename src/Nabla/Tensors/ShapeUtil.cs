namespace Nabla;

/// <summary>Shape arithmetic: element counts, row-major strides, broadcasting, dim normalisation, formatting.</summary>
internal static class ShapeUtil
{
    public static int Numel(ReadOnlySpan<int> shape) => Numel("Tensor", shape);

    /// <summary>The element count; a negative dim or more than int.MaxValue elements is an ArgumentException naming op.</summary>
    public static int Numel(string op, ReadOnlySpan<int> shape)
    {
        bool empty = false;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"{op}: negative dimension in shape {Format(shape)}.");
            empty |= d == 0;
        }
        if (empty) return 0; // checked before multiplying: the other dims may overflow, 0 elements is still right
        long n = 1;
        foreach (int d in shape)
        {
            n *= d; // n ≤ int.MaxValue before each step, so the long product cannot overflow
            if (n > int.MaxValue) throw TooLarge(op, shape);
        }
        return (int)n;
    }

    /// <summary>The product of shape[from..to), which must fit an int (for a tensor with elements it always does).</summary>
    public static int Product(string op, ReadOnlySpan<int> shape, int from, int to)
    {
        long n = 1;
        for (int i = from; i < to; i++)
        {
            n *= shape[i];
            if (n > int.MaxValue) throw TooLarge(op, shape);
        }
        return (int)n;
    }

    public static ArgumentException TooLarge(string op, ReadOnlySpan<int> shape) =>
        new($"{op}: a tensor of shape {Format(shape)} would have more than {int.MaxValue} elements (int.MaxValue), the most a Nabla tensor can hold.");

    /// <summary>Row-major strides. A tensor without elements may have dims whose product overflows an int: its
    /// strides are never used to address an element, so they saturate at int.MaxValue instead of wrapping.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = (int)s;
            s = Math.Min(s * Math.Max(shape[i], 1), int.MaxValue);
        }
        return strides;
    }

    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        if (shape.Contains(0)) return true; // no elements: any layout is contiguous
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>NumPy broadcasting: align trailing dims; each pair must be equal or contain a 1.</summary>
    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dim {i}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        Numel(op, result);
        return result;
    }

    /// <summary>Strides that read a tensor of (shape, strides) as if it had outShape: 0 on broadcast dims.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> outShape)
    {
        var result = new int[outShape.Length];
        int lead = outShape.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            result[lead + i] = shape[i] == 1 ? 0 : strides[i];
        return result;
    }

    /// <summary>A dim in −rank … rank−1 made non-negative; a 0-d tensor accepts −1 and 0, as in PyTorch.</summary>
    public static int NormalizeDim(string op, int dim, int rank)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dim {dim} is out of range for a tensor of rank {rank} (expected {-r} to {r - 1}).");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>Sorted, distinct, non-negative dims; null means all dims.</summary>
    public static int[] NormalizeDims(string op, int[]? dims, int rank)
    {
        if (dims is null) return Enumerable.Range(0, rank).ToArray();
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) result[i] = NormalizeDim(op, dims[i], rank);
        Array.Sort(result);
        for (int i = 1; i < result.Length; i++)
            if (result[i] == result[i - 1]) throw new ArgumentException($"{op}: dim {result[i]} appears more than once in the dims list.");
        return result;
    }

    /// <summary>Rejects a 0-d tensor for ops that need a dim to index into (PyTorch: "cannot be applied to a 0-dim tensor").</summary>
    public static void RequireDims(string op, ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0) throw new ArgumentException($"{op}: cannot be applied to a 0-d tensor (shape []); it has no dim to index.");
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
