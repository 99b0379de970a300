using Nabla.Kernels;

namespace Nabla;

// Matrix products with PyTorch's matmul rules: 1-d operands are promoted and squeezed back, batch dims broadcast.
public sealed partial class Tensor
{
    public Tensor MatMul(Tensor other)
    {
        var a = this;
        var b = other;
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"MatMul: both arguments need at least 1 dim, got {ShapeUtil.Format(a.shape)} and {ShapeUtil.Format(b.shape)}.");
        Dispatch.RequireFloat("MatMul", a);
        Dispatch.RequireFloat("MatMul", b);
        if (a.shape[^1] != b.shape[b.Rank == 1 ? 0 : b.Rank - 2])
            throw new ArgumentException($"MatMul: cannot multiply {ShapeUtil.Format(a.shape)} by {ShapeUtil.Format(b.shape)}.");
        var dtype = DTypeExtensions.Promote(a.DType, b.DType);
        if (a.DType != dtype) a = a.To(dtype);
        if (b.DType != dtype) b = b.To(dtype);

        var a2 = a.Rank == 1 ? a.Unsqueeze(0) : a;
        var b2 = b.Rank == 1 ? b.Unsqueeze(1) : b;
        var y = BatchedMatMul(a2, b2);
        if (this.Rank == 1) y = y.Squeeze(-2);
        if (other.Rank == 1) y = y.Squeeze(-1);
        return y;
    }

    /// <summary>[..., m, k] · [..., k, n] → [broadcast batch..., m, n].</summary>
    private static Tensor BatchedMatMul(Tensor a, Tensor b)
    {
        int m = a.shape[^2], k = a.shape[^1], n = b.shape[^1];
        var batch = a.Rank == 2 && b.Rank == 2 ? [] : ShapeUtil.Broadcast("MatMul", a.shape.AsSpan(..^2), b.shape.AsSpan(..^2));
        var outShape = new int[batch.Length + 2];
        batch.CopyTo(outShape, 0);
        outShape[^2] = m;
        outShape[^1] = n;
        ShapeUtil.Numel("MatMul", outShape);
        var y = new Tensor(a.DType, outShape);
        if (y.Numel > 0)
        {
            if (a.DType == DType.Float32) Multiply<float>(a, b, y, batch, m, n, k);
            else Multiply<double>(a, b, y, batch, m, n, k);
        }
        return Dispatch.NeedsGrad(a, b) ? Dispatch.Record(y, new MatMulBackward(a, b)) : y;
    }

    private static void Multiply<T>(Tensor a, Tensor b, Tensor y, int[] batch, int m, int n, int k) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var la = MatrixLayout.Of(ref a);
        var lb = MatrixLayout.Of(ref b);
        var dst = y.Span<T>();
        var dataA = a.Data<T>();
        var dataB = b.Data<T>();
        if (batch.Length == 0)
        {
            Gemm.Multiply<T>(m, n, k, dataA.AsSpan(a.Offset), la.Ld, la.Transposed, dataB.AsSpan(b.Offset), lb.Ld, lb.Transposed, dst, n, false);
            return;
        }
        var stridesA = ShapeUtil.BroadcastStrides(a.shape.AsSpan(..^2), a.strides.AsSpan(..^2), batch);
        var stridesB = ShapeUtil.BroadcastStrides(b.shape.AsSpan(..^2), b.strides.AsSpan(..^2), batch);
        int batches = ShapeUtil.Numel(batch);

        // A batch of row-major A against one shared B is a single tall GEMM: fold the batch into the rows.
        bool bShared = Array.TrueForAll(stridesB, s => s == 0);
        if (batches > 1 && bShared && !la.Transposed && a.IsContiguous)
        {
            Gemm.Multiply<T>(batches * m, n, k, dataA.AsSpan(a.Offset), la.Ld, false, dataB.AsSpan(b.Offset), lb.Ld, lb.Transposed, dst, n, false);
            return;
        }

        Span<int> index = stackalloc int[batch.Length];
        int offsetA = a.Offset, offsetB = b.Offset;
        for (int i = 0; i < batches; i++)
        {
            Gemm.Multiply<T>(m, n, k, dataA.AsSpan(offsetA), la.Ld, la.Transposed, dataB.AsSpan(offsetB), lb.Ld, lb.Transposed,
                dst.Slice(i * m * n, m * n), n, false);
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                index[d]++;
                offsetA += stridesA[d];
                offsetB += stridesB[d];
                if (index[d] < batch[d]) break;
                offsetA -= stridesA[d] * batch[d];
                offsetB -= stridesB[d] * batch[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>How GEMM should read the last two dims: row-major or transposed, with a leading dimension.</summary>
    private readonly record struct MatrixLayout(bool Transposed, int Ld)
    {
        /// <summary>Classifies t's matrices; copies t to contiguous when neither layout fits.</summary>
        public static MatrixLayout Of(ref Tensor t)
        {
            int rows = t.shape[^2], cols = t.shape[^1], sr = t.strides[^2], sc = t.strides[^1];
            if ((sc == 1 || cols == 1) && (rows == 1 || sr >= cols)) return new(false, rows == 1 ? cols : sr);
            if ((sr == 1 || rows == 1) && (cols == 1 || sc >= rows)) return new(true, cols == 1 ? rows : sc);
            t = t.CloneDetached();
            return new(false, cols);
        }

        public static bool IsTransposed(Tensor t)
        {
            var copy = t;
            return Of(ref copy).Transposed && ReferenceEquals(copy, t);
        }
    }

    // ā = ḡ·bᵀ, b̄ = aᵀ·ḡ. When an operand is stored transposed (x·Wᵀ), its gradient is computed in that same
    // transposed layout, so the view's backward hands the leaf a contiguous gradient (PyTorch does the same).
    private sealed class MatMulBackward(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            Tensor? ga = null, gb = null;
            Tensor a = Input(0), b = Input(1);
            if (NeedsGrad(0))
                ga = MatrixLayout.IsTransposed(a) && a.Rank == 2 ? b.MatMul(g.MT).MT : g.MatMul(b.MT);
            if (NeedsGrad(1))
                gb = MatrixLayout.IsTransposed(b) && b.Rank == 2 ? g.MT.MatMul(a).MT : a.MT.MatMul(g);
            return [ga, gb];
        }
    }
}
