using Nabla.Checks;
namespace Nabla.Tests.Ops;

/// <summary>ScatterAdd (scatter_add) and IndexAdd (index_add): PyTorch's values and PyTorch's validation. Gradients
/// are gradchecked through OpCatalog and compared with PyTorch in tests/reference.</summary>
public class ScatterTests
{
    private static Tensor L(params long[] v) => Tensor.FromArray(v);
    private static Tensor L(long[] v, params int[] shape) => Tensor.FromArray(v, shape);

    [Fact]
    public void ScatterAddReadsOnlyTheIndexedBlockOfSrc()
    {
        // The case: PyTorch's scatter_add gives [[0, 0, 0], [3, 0, 0]].
        var src = Tensor.Arange(6.0, DType.Float64).Reshape(2, 3);
        var y = Tensor.Zeros([2, 3], DType.Float64).ScatterAdd(1, L([0, 0], 2, 1), src);
        Assert.Equal(new double[] { 0, 0, 0, 3, 0, 0 }, y.ToDoubleArray());
        var self = Tensor.Ones([2, 3], DType.Float64);
        var dup = self.ScatterAdd(1, L([2, 2, 0, 1, 1, 1], 2, 3), src);
        Assert.Equal(new double[] { 3, 1, 2, 1, 13, 1 }, dup.ToDoubleArray());
        Assert.Equal(new double[] { 1, 1, 1, 1, 1, 1 }, self.ToDoubleArray()); // out of place
        Assert.Equal(new long[] { 5, 1 }, Tensor.Ones([2], DType.Int64).ScatterAdd(0, L(0, 0), L(3, 1)).ToArray<long>());
    }

    [Fact]
    public void ScatterAddValidatesShapesAndIndexValues()
    {
        var self = Tensor.Zeros([2, 3]);
        Assert.Equal("ScatterAdd: index of shape [2, 2] must be no larger than src [2, 1] in any dim, nor than self [2, 3] outside dim 1 (dim 1).",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(1, Tensor.Zeros([2, 2], DType.Int64), Tensor.Ones([2, 1]))).Message);
        Assert.Equal("ScatterAdd: index of shape [3, 1] must be no larger than src [3, 3] in any dim, nor than self [2, 3] outside dim 1 (dim 0).",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(1, Tensor.Zeros([3, 1], DType.Int64), Tensor.Ones([3, 3]))).Message);
        Assert.Equal("ScatterAdd: self [2, 3], index [2] and src [2, 3] must have the same number of dims.",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(1, Tensor.Zeros([2], DType.Int64), Tensor.Ones([2, 3]))).Message);
        Assert.Equal("ScatterAdd: index 3 is out of bounds for a dim of size 3. (Parameter 'index')",
            Assert.Throws<ArgumentOutOfRangeException>(() => self.ScatterAdd(1, L([0, 3], 2, 1), Tensor.Ones([2, 1]))).Message);
        Assert.Equal("ScatterAdd: self (Float32, shape [2, 3]) and source (Float64, shape [2, 1]) must have the same dtype.",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(1, L([0, 0], 2, 1), Tensor.Ones([2, 1], DType.Float64))).Message);
        Assert.Equal("ScatterAdd: index must be an Int64 tensor, got Float32 of shape [2, 1].",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(1, Tensor.Zeros([2, 1]), Tensor.Ones([2, 1]))).Message);
        Assert.StartsWith("ScatterAdd: dim 2 is out of range for a tensor of rank 2",
            Assert.Throws<ArgumentOutOfRangeException>(() => self.ScatterAdd(2, L([0, 0], 2, 1), Tensor.Ones([2, 1]))).Message);
        // An empty index adds nothing, but its shape is still checked.
        Assert.Equal(new float[6], self.ScatterAdd(0, Tensor.Zeros([0, 3], DType.Int64), Tensor.Ones([1, 3])).ToArray<float>());
    }

    [Fact]
    public void ScatterAddGradientsFlowToSelfAndSrc()
    {
        var self = Tensor.Zeros([2, 3], DType.Float64, requiresGrad: true);
        var src = Tensor.Arange(6.0, DType.Float64).Reshape(2, 3).Detach().RequiresGrad_();
        var weights = Tensor.Arange(1.0, 7.0, 1, DType.Float64).Reshape(2, 3);
        (self.ScatterAdd(1, L([2, 0], 2, 1), src) * weights).Sum().Backward();
        Assert.Equal(weights.ToDoubleArray(), self.Grad!.ToDoubleArray());
        Assert.Equal(new double[] { 3, 0, 0, 4, 0, 0 }, src.Grad!.ToDoubleArray()); // unread src elements get 0
    }

    [Fact]
    public void IndexAddAddsScaledSlices()
    {
        var self = Tensor.Ones([3, 2], DType.Float64);
        var source = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        Assert.Equal(new double[] { 4, 5, 1, 1, 7, 9 }, self.IndexAdd(0, L(2, 0, 2), source).ToDoubleArray());
        Assert.Equal(new double[] { -5, -7, 1, 1, -11, -15 }, self.IndexAdd(0, L(2, 0, 2), source, alpha: -2).ToDoubleArray());
        Assert.Equal(new double[] { 1, 4, 1, 8, 1, 12 }, self.IndexAdd(1, L(1, 1), source.Reshape(3, 2)).ToDoubleArray());
        Assert.Equal(7.0, Tensor.Scalar(2, DType.Float64).IndexAdd(0, L(0), Tensor.FromArray(new double[] { 5 })).Item());
    }

    [Fact]
    public void IndexAddValidatesSourceAndIndex()
    {
        var self = Tensor.Zeros([3, 2]);
        Assert.Equal("IndexAdd: source of shape [2, 3] does not match self [3, 2] with dim 0 resized to the 2 indices ([2, 2]).",
            Assert.Throws<ArgumentException>(() => self.IndexAdd(0, L(0, 1), Tensor.Ones([2, 3]))).Message);
        Assert.Equal("IndexAdd: source of shape [3, 2] does not match self [3, 2] with dim 0 resized to the 2 indices ([2, 2]).",
            Assert.Throws<ArgumentException>(() => self.IndexAdd(0, L(0, 1), Tensor.Ones([3, 2]))).Message);
        Assert.Equal("IndexAdd: index must be 1-d (or 0-d), got shape [1, 2].",
            Assert.Throws<ArgumentException>(() => self.IndexAdd(0, L([0, 1], 1, 2), Tensor.Ones([2, 2]))).Message);
        Assert.Equal("IndexAdd: index 3 is out of bounds for a dim of size 3. (Parameter 'index')",
            Assert.Throws<ArgumentOutOfRangeException>(() => self.IndexAdd(0, L(3), Tensor.Ones([1, 2]))).Message);
        Assert.Equal("IndexAdd: self (Float32, shape [3, 2]) and source (Int64, shape [1, 2]) must have the same dtype.",
            Assert.Throws<ArgumentException>(() => self.IndexAdd(0, L(0), Tensor.Ones([1, 2], DType.Int64))).Message);
    }
}
