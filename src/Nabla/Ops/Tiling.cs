namespace Nabla;

// Repeat, Tile, Flip, Roll: compositions of views, IndexSelect and Cat, so each has an exact derivative for free.
public sealed partial class Tensor
{
    /// <summary>Copies the tensor repeats[i] times along dim i (repeats may have more dims than the tensor; the
    /// extra ones lead), as torch.Tensor.repeat.</summary>
    public Tensor Repeat(params int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Length < Rank)
            throw new ArgumentException($"Repeat: {repeats.Length} repeats given for a tensor of shape {ShapeUtil.Format(shape)}; need at least {Rank}.");
        foreach (int r in repeats)
            if (r < 0) throw new ArgumentException($"Repeat: repeats must be non-negative, got {ShapeUtil.Format(repeats)}.");
        int lead = repeats.Length - Rank;
        // [s0, s1 …] → [1, s0, 1, s1 …] → expand to [r0, s0, r1, s1 …] → [r0·s0, r1·s1 …]
        var interleaved = new int[2 * repeats.Length];
        var expanded = new int[2 * repeats.Length];
        var result = new int[repeats.Length];
        for (int i = 0; i < repeats.Length; i++)
        {
            int size = i < lead ? 1 : shape[i - lead];
            interleaved[2 * i] = 1;
            interleaved[2 * i + 1] = size;
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = size;
            result[i] = (int)Math.Min((long)repeats[i] * size, int.MaxValue);
        }
        ShapeUtil.Numel("Repeat", result);
        return Reshape(interleaved).Expand(expanded).Reshape(result);
    }

    /// <summary>Repeat with missing leading dims of dims taken as 1, as torch.tile.</summary>
    public Tensor Tile(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length >= Rank) return Repeat(dims);
        var padded = new int[Rank];
        Array.Fill(padded, 1);
        dims.CopyTo(padded, Rank - dims.Length);
        return Repeat(padded);
    }

    /// <summary>The elements in reverse order along each of dims.</summary>
    public Tensor Flip(params int[] dims)
    {
        var normalized = ShapeUtil.NormalizeDims("Flip", dims, Rank);
        var y = this;
        foreach (int d in normalized)
        {
            if (Rank == 0 || shape[d] <= 1) continue;
            var reversed = new long[shape[d]];
            for (int i = 0; i < reversed.Length; i++) reversed[i] = reversed.Length - 1 - i;
            y = y.IndexSelect(d, FromArray(reversed));
        }
        return ReferenceEquals(y, this) ? Clone() : y;
    }

    /// <summary>Shifts the elements by shift along dim, wrapping around, as torch.roll(x, shift, dim).</summary>
    public Tensor Roll(int shift, int dim)
    {
        ShapeUtil.RequireDims("Roll", shape);
        int d = ShapeUtil.NormalizeDim("Roll", dim, Rank);
        int size = shape[d];
        int s = size == 0 ? 0 : (int)(((long)shift % size + size) % size);
        if (s == 0) return Clone();
        return Cat([Narrow(d, size - s, s), Narrow(d, 0, size - s)], d); // the last s elements move to the front
    }

    /// <summary>Shifts along several dims at once (shifts[i] along dims[i]).</summary>
    public Tensor Roll(int[] shifts, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ArgumentNullException.ThrowIfNull(dims);
        if (shifts.Length != dims.Length || dims.Length == 0)
            throw new ArgumentException($"Roll: shifts {ShapeUtil.Format(shifts)} and dims {ShapeUtil.Format(dims)} must be non-empty and of equal length.");
        var y = this;
        for (int i = 0; i < dims.Length; i++) y = y.Roll(shifts[i], dims[i]);
        return y;
    }

    /// <summary>Shifts the flattened elements by shift and restores the shape, as torch.roll(x, shift) without dims.</summary>
    public Tensor Roll(int shift) => Rank == 0 ? Clone() : Reshape(-1).Roll(shift, 0).Reshape(shape);
}
