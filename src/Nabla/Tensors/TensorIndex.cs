namespace Nabla;

/// <summary>
/// One entry of a tensor subscript, as in PyTorch's <c>x[0, 1:3, None, ..., idx]</c>: an integer, a range (C#'s
/// <c>1..3</c>, <c>^1</c>, or <see cref="Slice"/> with a step), <see cref="NewAxis"/> (torch's None),
/// <see cref="Ellipsis"/> (torch's ...), or a tensor. An Int64 tensor holds indices (advanced indexing); a
/// floating-point tensor is a mask — Nabla has no Bool dtype, so the 0/1 tensors that comparisons return select the
/// elements where they are non-zero.
/// </summary>
public readonly struct TensorIndex
{
    internal enum Kind { Integer, Slice, NewAxis, Ellipsis, Tensor }

    internal Kind Type { get; }
    internal int Start { get; }
    internal int? Stop { get; }
    internal int Step { get; }
    internal bool StartFromEnd { get; }
    internal bool StopFromEnd { get; }
    internal Tensor? Tensor { get; }

    private TensorIndex(Kind type, int start = 0, bool startFromEnd = false, int? stop = null, bool stopFromEnd = false,
        int step = 1, Tensor? tensor = null)
    {
        Type = type;
        Start = start;
        StartFromEnd = startFromEnd;
        Stop = stop;
        StopFromEnd = stopFromEnd;
        Step = step;
        Tensor = tensor;
    }

    /// <summary>torch's None: inserts a dim of size 1.</summary>
    public static TensorIndex NewAxis { get; } = new(Kind.NewAxis);

    /// <summary>torch's ...: as many full slices as the other entries leave dims.</summary>
    public static TensorIndex Ellipsis { get; } = new(Kind.Ellipsis);

    /// <summary>Python's start:stop:step — null ends mean the whole dim, negative ones count from the end; step &gt; 0.</summary>
    public static TensorIndex Slice(int? start = null, int? stop = null, int step = 1) =>
        step <= 0
            ? throw new ArgumentException($"TensorIndex.Slice: step must be positive, got {step} (PyTorch has no negative steps; use Flip).", nameof(step))
            : new(Kind.Slice, start ?? 0, stop: stop, step: step);

    /// <summary>A single position (negative counts from the end): the dim is removed, as x[i] in PyTorch.</summary>
    public static implicit operator TensorIndex(int index) => new(Kind.Integer, index);

    /// <summary>A position counted from either end (<c>^1</c> is the last).</summary>
    public static implicit operator TensorIndex(Index index) => new(Kind.Integer, index.Value, startFromEnd: index.IsFromEnd);

    public static implicit operator TensorIndex(Range range) => new(Kind.Slice, range.Start.Value, range.Start.IsFromEnd,
        range.End.IsFromEnd && range.End.Value == 0 ? null : range.End.Value, range.End.IsFromEnd);

    /// <summary>Int64 indices, or a floating-point 0/1 mask.</summary>
    public static implicit operator TensorIndex(Tensor tensor) =>
        new(Kind.Tensor, tensor: tensor ?? throw new ArgumentNullException(nameof(tensor), "TensorIndex: the index tensor is null."));

    /// <summary>Indices given as an array (PyTorch's x[[0, 2]]).</summary>
    public static implicit operator TensorIndex(long[] indices) => Nabla.Tensor.FromArray(indices);

    public static implicit operator TensorIndex(int[] indices) => Nabla.Tensor.FromArray(indices.Select(i => (long)i).ToArray());

    /// <summary>The position within a dim of the given size (from-end positions resolved; not range-checked).</summary>
    internal long Position(int size) => StartFromEnd ? (long)size - Start : Start;

    /// <summary>This slice's (start, stop) clamped to a dim of the given size, negative ends counting from the end.</summary>
    internal (int Start, int Stop) Bounds(int size)
    {
        int Resolve(long at, bool fromEnd) => (int)Math.Clamp(fromEnd ? size - at : at < 0 ? at + size : at, 0, size);
        int start = Resolve(Start, StartFromEnd);
        int stop = Stop is int s ? Resolve(s, StopFromEnd) : size;
        return (start, stop);
    }

    public override string ToString() => Type switch
    {
        Kind.Integer => (StartFromEnd ? "^" : "") + Start,
        Kind.Slice => $"{(StartFromEnd ? "^" : "")}{Start}:{(Stop is int s ? (StopFromEnd ? "^" : "") + s : "")}{(Step != 1 ? ":" + Step : "")}",
        Kind.NewAxis => "NewAxis",
        Kind.Ellipsis => "...",
        _ => $"tensor {Tensor!.Shape} {Tensor.DType}",
    };
}
