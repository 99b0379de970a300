namespace Nabla;

// PyTorch's named forms of the matrix product (mm, bmm, mv, dot, outer, addmm), each MatMul with its shape checked.
public sealed partial class Tensor
{
    /// <summary>Matrix × matrix: [n, k] · [k, m].</summary>
    public Tensor Mm(Tensor other) => RanksThen("Mm", other, 2, 2).MatMul(other);

    /// <summary>Batched matrix product: [b, n, k] · [b, k, m] (no broadcasting of the batch).</summary>
    public Tensor Bmm(Tensor other)
    {
        RanksThen("Bmm", other, 3, 3);
        if (shape[0] != other.shape[0])
            throw new ArgumentException($"Bmm: batch sizes differ: {ShapeUtil.Format(shape)} and {ShapeUtil.Format(other.shape)}.");
        return MatMul(other);
    }

    /// <summary>Matrix × vector: [n, k] · [k].</summary>
    public Tensor Mv(Tensor vector) => RanksThen("Mv", vector, 2, 1).MatMul(vector);

    /// <summary>Inner product of two vectors (0-d).</summary>
    public Tensor Dot(Tensor other) => RanksThen("Dot", other, 1, 1).MatMul(other);

    /// <summary>Outer product of two vectors: out[i, j] = this[i] · other[j].</summary>
    public Tensor Outer(Tensor other) => RanksThen("Outer", other, 1, 1).Unsqueeze(1) * other.Unsqueeze(0);

    /// <summary>beta · this + alpha · (mat1 · mat2), this broadcast to the product's shape.</summary>
    public Tensor Addmm(Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(mat1);
        var product = mat1.Mm(mat2);
        var scaledProduct = alpha == 1 ? product : product * alpha;
        if (beta == 0) return scaledProduct + ZerosLike(this); // as PyTorch: self is ignored, its NaN and ∞ too
        var scaledSelf = beta == 1 ? this : this * beta;
        return scaledSelf + scaledProduct;
    }

    private Tensor RanksThen(string op, Tensor other, int rank, int otherRank)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank != rank || other.Rank != otherRank)
            throw new ArgumentException($"{op}: expected {rank}-d and {otherRank}-d tensors, got shapes {ShapeUtil.Format(shape)} and {ShapeUtil.Format(other.shape)}.");
        return this;
    }
}
