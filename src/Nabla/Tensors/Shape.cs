using System.Collections;
using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// The sizes of a tensor's dims (PyTorch's torch.Size): immutable, compared by value, printed as <c>[2, 3]</c>.
/// Converts to and from <c>int[]</c>, so <c>Tensor.Zeros(x.Shape)</c> and <c>Shape s = [2, 3]</c> both work.
/// </summary>
/// <remarks>A readonly struct over an array nobody mutates: reading a tensor's shape allocates nothing.</remarks>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IReadOnlyList<int>, IEquatable<Shape>
{
    private readonly int[]? dims;

    /// <summary>Wraps dims without copying: only for arrays that are never mutated afterwards.</summary>
    internal Shape(int[] dims) => this.dims = dims;

    /// <summary>A shape with the given sizes (copied).</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims.ToArray());

    private int[] Dims => dims ?? [];

    /// <summary>The number of dims (also <see cref="Rank"/>).</summary>
    public int Count => Dims.Length;

    public int Rank => Dims.Length;

    /// <summary>The product of the sizes: the element count of a tensor of this shape (1 for []).</summary>
    public int Numel => ShapeUtil.Numel("Shape", Dims);

    /// <summary>The size of dim i (<c>shape[^1]</c> is the last one).</summary>
    public int this[int index] => (uint)index < (uint)Dims.Length ? Dims[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"Shape: index {index} is out of range for shape {this} (rank {Rank}).");

    public int this[Index index] => this[index.GetOffset(Dims.Length)];

    /// <summary>The sizes of a range of dims, e.g. <c>x.Shape[1..]</c>.</summary>
    public Shape this[Range range]
    {
        get
        {
            var (start, length) = range.GetOffsetAndLength(Dims.Length);
            return new(Dims.AsSpan(start, length).ToArray());
        }
    }

    public void Deconstruct(out int d0, out int d1) => (d0, d1) = (Exactly(2)[0], Dims[1]);

    public void Deconstruct(out int d0, out int d1, out int d2) => (d0, d1, d2) = (Exactly(3)[0], Dims[1], Dims[2]);

    public void Deconstruct(out int d0, out int d1, out int d2, out int d3) =>
        (d0, d1, d2, d3) = (Exactly(4)[0], Dims[1], Dims[2], Dims[3]);

    private int[] Exactly(int rank) => Dims.Length == rank ? Dims
        : throw new InvalidOperationException($"Shape: cannot deconstruct shape {this} (rank {Rank}) into {rank} sizes.");

    /// <summary>A copy of the sizes as an array.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    public ReadOnlySpan<int> AsSpan() => Dims;

    public static implicit operator Shape(int[] dims) => new((int[])dims.Clone());

    /// <summary>A copy: the caller may change it without changing the tensor.</summary>
    public static implicit operator int[](Shape shape) => shape.ToArray();

    public static implicit operator ReadOnlySpan<int>(Shape shape) => shape.Dims;

    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    public override bool Equals(object? obj) => obj is Shape other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in Dims) hash.Add(d);
        return hash.ToHashCode();
    }

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public override string ToString() => ShapeUtil.Format(Dims);

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
