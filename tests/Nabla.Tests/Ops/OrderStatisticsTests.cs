namespace Nabla.Tests.Ops;

/// <summary>Max/Min along a dim, Sort, TopK, Median, Kthvalue: NaN and ties as PyTorch 1.13 returns them (values
/// from torch.sort/topk/median/kthvalue on the same inputs), Int64 inputs, errors.</summary>
public class OrderStatisticsTests
{
    private const double NaN = double.NaN;

    private static Tensor T64(params double[] v) => Tensor.FromArray(v);

    private static Tensor Leaf(params double[] v) => Tensor.FromArray(v).RequiresGrad_();

    [Fact]
    public void MaxAlongADimDeconstructsIntoValuesAndFirstIndices()
    {
        var x = Tensor.FromArray(new double[] { 1, 3, 3, 5, 2, 5 }, 2, 3);
        var (values, indices) = x.Max(1);
        Assert.Equal(new double[] { 3, 5 }, values.ToDoubleArray());
        Assert.Equal(new long[] { 1, 0 }, indices.ToArray<long>());
        var (lows, lowIndices) = x.Min(0, keepDim: true);
        Assert.Equal(new[] { 1, 3 }, lows.Shape);
        Assert.Equal(new long[] { 0, 1, 0 }, lowIndices.ToArray<long>());
    }

    [Fact]
    public void MaxAlongADimSendsTheGradientToTheFirstMaximumOnly()
    {
        var x = Leaf(1, 3, 3, 2);
        x.Max(0).Values.Backward();
        Assert.Equal(new double[] { 0, 1, 0, 0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void MaxOfAllSharesTheGradientAmongTiesAndAmongNaNs()
    {
        var x = Leaf(1, 3, 3, 2);
        x.Max().Backward();
        Assert.Equal(new double[] { 0, 0.5, 0.5, 0 }, x.Grad!.ToDoubleArray());
        var withNaN = Leaf(1, NaN, 2, NaN);
        withNaN.Max().Backward(); // torch: tensor([0.0, 0.5, 0.0, 0.5])
        Assert.Equal(new double[] { 0, 0.5, 0, 0.5 }, withNaN.Grad!.ToDoubleArray());
    }

    [Fact]
    public void MaxAlongADimPicksTheFirstNaN()
    {
        var (values, indices) = Tensor.FromArray(new double[] { 1, NaN, 3, NaN }, 1, 4).Max(1);
        Assert.True(double.IsNaN(values.Item()));
        Assert.Equal(1, indices.ToArray<long>()[0]);
    }

    [Fact]
    public void SortPutsNaNLastAndKeepsTiesInOrder()
    {
        var x = T64(2, NaN, 1, 2, NaN, 1);
        var (up, upAt) = x.Sort(stable: true);
        Assert.Equal(new double[] { 1, 1, 2, 2, NaN, NaN }, up.ToDoubleArray());
        Assert.Equal(new long[] { 2, 5, 0, 3, 1, 4 }, upAt.ToArray<long>());
        var (down, downAt) = x.Sort(descending: true, stable: true);
        Assert.Equal(new double[] { NaN, NaN, 2, 2, 1, 1 }, down.ToDoubleArray());
        Assert.Equal(new long[] { 1, 4, 0, 3, 2, 5 }, downAt.ToArray<long>());
        Assert.Equal(downAt.ToArray<long>(), x.ArgSort(descending: true).ToArray<long>());
    }

    [Fact]
    public void SortAndTopKWorkOnInt64()
    {
        var x = Tensor.FromArray(new long[] { 3, 1, 2 });
        var (values, indices) = x.Sort();
        Assert.Equal(new long[] { 1, 2, 3 }, values.ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 0 }, indices.ToArray<long>());
        Assert.Equal(new long[] { 3, 2 }, x.TopK(2).Values.ToArray<long>());
        Assert.Equal(2, Tensor.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2).Median().ToArray<long>()[0]);
    }

    [Fact]
    public void TopKCountsNaNAsTheLargest()
    {
        var (values, indices) = T64(2, NaN, 1, 3).TopK(2);
        Assert.Equal(new double[] { NaN, 3 }, values.ToDoubleArray());
        Assert.Equal(new long[] { 1, 3 }, indices.ToArray<long>());
        Assert.Equal(new double[] { 1, 2 }, T64(2, NaN, 1, 3).TopK(2, largest: false).Values.ToDoubleArray());
    }

    [Fact]
    public void MedianIsTheLowerMedianAndPropagatesNaN()
    {
        Assert.Equal(2.0, T64(4, 1, 2, 3).Median().Item());
        Assert.True(double.IsNaN(T64(1, NaN, 2).Median().Item()));
        var (values, indices) = Tensor.FromArray(new double[] { 1, NaN, 2, 0 }, 1, 4).Median(1); // torch: nan at 1
        Assert.True(double.IsNaN(values.Item()));
        Assert.Equal(1, indices.ToArray<long>()[0]);
        Assert.True(double.IsNaN(Tensor.Zeros([0]).Median().Item())); // torch.tensor([]).median() is nan
    }

    [Fact]
    public void MedianOfAllSharesTheGradientAmongTies()
    {
        var x = Leaf(1, 2, 2, 3);
        x.Median().Backward();
        Assert.Equal(new double[] { 0, 0.5, 0.5, 0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void KthvalueSortsNaNAsTheLargest()
    {
        var x = Tensor.FromArray(new double[] { 1, NaN, 2, 0 }, 1, 4);
        Assert.Equal(1.0, x.Kthvalue(2, 1).Values.Item());
        var (last, at) = x.Kthvalue(4, 1, keepDim: true);
        Assert.True(double.IsNaN(last.Item()));
        Assert.Equal(new[] { 1, 1 }, last.Shape);
        Assert.Equal(1, at.ToArray<long>()[0]);
    }

    [Fact]
    public void ZeroDimInputsSortToThemselves()
    {
        var x = Tensor.Scalar(5.0, DType.Float64);
        var (values, indices) = x.Sort();
        Assert.Equal(Array.Empty<int>(), values.Shape);
        Assert.Equal(0, indices.ToArray<long>()[0]);
        Assert.Equal(5.0, x.Max(0).Values.Item());
        Assert.Equal(5.0, x.TopK(1).Values.Item());
    }

    [Fact]
    public void SortAlongAnEmptyOuterDimGivesEmptyResults()
    {
        var (values, indices) = Tensor.Zeros([0, 3]).Sort(1);
        Assert.Equal(new[] { 0, 3 }, values.Shape);
        Assert.Equal(new[] { 0, 3 }, indices.Shape);
        Assert.Equal(new[] { 0 }, Tensor.Zeros([0, 3]).Max(1).Indices.Shape);
    }

    [Fact]
    public void BadArgumentsNameTheOpAndTheShape()
    {
        var x = Tensor.Zeros([2, 3]);
        Assert.Equal("TopK: k = 4 is out of range for dim 1 of size 3 (shape [2, 3]). (Parameter 'k')",
            Assert.Throws<ArgumentOutOfRangeException>(() => x.TopK(4)).Message);
        Assert.Equal("Kthvalue: k = 0 is out of range for dim 0 of size 2 (shape [2, 3]); k counts from 1. (Parameter 'k')",
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Kthvalue(0, 0)).Message);
        Assert.Equal("Median: cannot take the median over dim 1 of size 0 (shape [2, 0]).",
            Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 0]).Median(1)).Message);
        Assert.Equal("Sort: dim 2 is out of range for a tensor of rank 2 (expected -2 to 1). (Parameter 'dim')",
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Sort(2)).Message);
        Assert.Equal("Max: cannot reduce over an empty dim of shape [2, 0].",
            Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 0]).Max(1)).Message);
    }

    [Fact]
    public void VarAndStdAcceptOneDimAndComeWithTheMean()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 6, 8 }, 2, 3);
        Assert.Equal(new double[] { 1, 4 }, x.Var(1).ToDoubleArray());
        Assert.Equal(new double[] { 1, 2 }, x.Std(1, keepDim: true).Reshape(-1).ToDoubleArray(), new Tolerance(1e-12));
        var (variance, mean) = x.VarMean(1);
        Assert.Equal(new double[] { 1, 4 }, variance.ToDoubleArray());
        Assert.Equal(new double[] { 2, 6 }, mean.ToDoubleArray());
        var (std, all) = x.StdMean();
        Assert.Equal(4.0, all.Item(), 12);
        Assert.Equal(Math.Sqrt(34.0 / 5), std.Item(), 12);
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
        public int GetHashCode(double v) => 0;
    }
}
