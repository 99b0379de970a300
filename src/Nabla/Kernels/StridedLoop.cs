namespace Nabla.Kernels;

/// <summary>
/// Walks an n-d index space as "outer rows × one inner run": adjacent dims that are contiguous for every operand
/// are merged first, so most broadcasts become a handful of long span operations.
/// </summary>
internal ref struct StridedLoop
{
    internal const int MaxRank = 16; // the library's rank limit: loaders reject higher ranks up front
    private readonly Span<int> dims;
    private readonly Span<int> stridesA;
    private readonly Span<int> stridesB;
    private readonly Span<int> index;
    private readonly int rank;

    /// <summary>Length of each inner run and the operands' strides along it.</summary>
    public readonly int InnerLength, InnerStrideA, InnerStrideB;

    /// <summary>Number of inner runs.</summary>
    public readonly int Rows;

    public int OffsetA, OffsetB;

    public StridedLoop(ReadOnlySpan<int> shape, ReadOnlySpan<int> strideA, int offsetA, ReadOnlySpan<int> strideB, int offsetB, Span<int> scratch)
    {
        if (shape.Length > MaxRank) throw new NotSupportedException($"Tensors of rank above {MaxRank} are not supported.");
        dims = scratch[..MaxRank];
        stridesA = scratch.Slice(MaxRank, MaxRank);
        stridesB = scratch.Slice(2 * MaxRank, MaxRank);
        index = scratch.Slice(3 * MaxRank, MaxRank);
        OffsetA = offsetA;
        OffsetB = offsetB;
        rank = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (rank > 0 && stridesA[rank - 1] == strideA[i] * shape[i] && stridesB[rank - 1] == strideB[i] * shape[i])
            {
                dims[rank - 1] *= shape[i];
                stridesA[rank - 1] = strideA[i];
                stridesB[rank - 1] = strideB[i];
                continue;
            }
            dims[rank] = shape[i];
            stridesA[rank] = strideA[i];
            stridesB[rank] = strideB[i];
            rank++;
        }
        if (rank == 0)
        {
            InnerLength = 1; InnerStrideA = 1; InnerStrideB = 1; Rows = 1;
        }
        else
        {
            InnerLength = dims[rank - 1]; InnerStrideA = stridesA[rank - 1]; InnerStrideB = stridesB[rank - 1];
            long rows = 1;
            for (int i = 0; i < rank - 1; i++) rows *= dims[i];
            Rows = (int)rows;
        }
        index[..MaxRank].Clear();
    }

    public const int ScratchSize = 4 * MaxRank;

    /// <summary>Advances OffsetA/OffsetB to the next inner run (odometer over the outer dims).</summary>
    public void NextRow()
    {
        for (int k = rank - 2; k >= 0; k--)
        {
            index[k]++;
            OffsetA += stridesA[k];
            OffsetB += stridesB[k];
            if (index[k] < dims[k]) return;
            OffsetA -= stridesA[k] * dims[k];
            OffsetB -= stridesB[k] * dims[k];
            index[k] = 0;
        }
    }
}
