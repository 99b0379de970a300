namespace Nabla.Tests.Ops;

/// <summary>Bad arguments to the ops added under PyTorch's names: the message names the op and the shapes.</summary>
public class TorchNamesErrorTests
{
    private static readonly Tensor X = Tensor.Zeros([2, 3]);

    [Fact]
    public void SplitSizesMustAddUpToTheDim() =>
        Assert.Equal("Split: sizes [1, 1] add up to 2, not to the size 3 of dim 1 (shape [2, 3]).",
            Assert.Throws<ArgumentException>(() => X.Split([1, 1], 1)).Message);

    [Fact]
    public void SplitSizeAndChunksMustBePositive()
    {
        Assert.Equal("Split: splitSize must be positive, got 0 for dim 0 of shape [2, 3]. (Parameter 'splitSize')",
            Assert.Throws<ArgumentOutOfRangeException>(() => X.Split(0)).Message);
        Assert.Equal("Chunk: chunks must be positive, got 0. (Parameter 'chunks')",
            Assert.Throws<ArgumentOutOfRangeException>(() => X.Chunk(0)).Message);
    }

    [Fact]
    public void ChunkMayGiveFewerPiecesAsPyTorchDoes()
    {
        Assert.Equal(new[] { 2, 2, 2 }, Tensor.Zeros([6]).Chunk(4).Select(p => p.Shape[0]).ToArray()); // torch: 3 pieces
        Assert.Equal(3, X.Unbind(1).Length);
    }

    [Fact]
    public void ZeroDimTensorsCannotBeSplit() =>
        Assert.Equal("Unbind: cannot be applied to a 0-d tensor (shape []); it has no dim to index.",
            Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Unbind()).Message);

    [Fact]
    public void RepeatNeedsAtLeastOneRepeatPerDim() =>
        Assert.Equal("Repeat: 1 repeats given for a tensor of shape [2, 3]; need at least 2.",
            Assert.Throws<ArgumentException>(() => X.Repeat(2)).Message);

    [Fact]
    public void RollShiftsAndDimsMustPair() =>
        Assert.Equal("Roll: shifts [1] and dims [0, 1] must be non-empty and of equal length.",
            Assert.Throws<ArgumentException>(() => X.Roll([1], [0, 1])).Message);

    [Fact]
    public void NamedMatrixProductsCheckRanks()
    {
        Assert.Equal("Mm: expected 2-d and 2-d tensors, got shapes [2, 3] and [3].",
            Assert.Throws<ArgumentException>(() => X.Mm(Tensor.Zeros([3]))).Message);
        Assert.Equal("Bmm: batch sizes differ: [2, 3, 4] and [3, 4, 5].",
            Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3, 4]).Bmm(Tensor.Zeros([3, 4, 5]))).Message);
    }

    [Fact]
    public void AddmmWithBetaZeroIgnoresNaNInSelf()
    {
        var y = Tensor.Full([2], double.NaN).Addmm(Tensor.Ones([2, 3]), Tensor.Ones([3, 2]), beta: 0);
        Assert.Equal(new double[] { 3, 3, 3, 3 }, y.ToDoubleArray());
    }

    [Fact]
    public void RoundingKeepsInt64AndRoundsHalfToEven()
    {
        Assert.Equal(new long[] { 3, -2 }, Tensor.FromArray(new long[] { 3, -2 }).Floor().ToArray<long>());
        Assert.Equal(new double[] { -2, 0, 2 }, Tensor.FromArray(new[] { -2.5, 0.5, 1.5 }).Round().ToDoubleArray());
    }
}
