namespace Nabla.Tests.Tensors;

/// <summary>Shape, stride and count arithmetic never wraps: a shape past int.MaxValue elements, or an impossible
/// argument, is an ArgumentException naming the op and the shape instead of a wrong (often empty) tensor.</summary>
public class ShapeOverflowTests
{
    private const string Limit = "would have more than 2147483647 elements (int.MaxValue), the most a Nabla tensor can hold.";

    [Fact]
    public void ZerosOfTwoToTheSixtyFourElementsIsRejectedNotEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([65536, 65536, 65536, 65536]));
        Assert.Equal($"Zeros: a tensor of shape [65536, 65536, 65536, 65536] {Limit}", ex.Message);
        Assert.Equal($"Full: a tensor of shape [65536, 65536] {Limit}", Assert.Throws<ArgumentException>(() => Tensor.Ones([65536, 65536])).Message);
        Assert.Equal($"Randn: a tensor of shape [46341, 46341] {Limit}", Assert.Throws<ArgumentException>(() => Tensor.Randn([46341, 46341])).Message);
    }

    [Fact]
    public void ZeroSizedShapesWithHugeOtherDimsAreEmptyAndUsable()
    {
        var t = Tensor.Zeros([0, 65536, 65536, 65536]);
        Assert.Equal(0, t.Numel);
        Assert.Equal(new[] { 0, 65536, 65536, 65536 }, t.Shape);
        Assert.Equal(new[] { 0, 65536, 65536 }, t.Sum(1).Shape);
        Assert.Equal("Zeros: negative dimension in shape [0, -2].", Assert.Throws<ArgumentException>(() => Tensor.Zeros([0, -2])).Message);
    }

    [Fact]
    public void EyeTooLargeOrNegative()
    {
        Assert.Equal($"Eye: a tensor of shape [46341, 46341] {Limit}", Assert.Throws<ArgumentException>(() => Tensor.Eye(46341)).Message);
        Assert.Equal($"Eye: a tensor of shape [65536, 65536] {Limit}", Assert.Throws<ArgumentException>(() => Tensor.Eye(65536)).Message);
        Assert.Equal("Eye: negative dimension in shape [-1, 3].", Assert.Throws<ArgumentException>(() => Tensor.Eye(-1, 3)).Message);
        var wide = Tensor.Eye(2, 1_000_000);
        Assert.Equal(2.0, wide.Sum().Item());
        Assert.Equal(1.0, wide[1][1].Item());
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0 }, Tensor.Eye(2, 3, DType.Float64).ToDoubleArray());
    }

    [Theory]
    [InlineData(0, double.NaN, 1, "Arange: start, end and step must be finite, got 0, NaN and 1.")]
    [InlineData(0, double.PositiveInfinity, 1, "Arange: start, end and step must be finite, got 0, ∞ and 1.")]
    [InlineData(double.NegativeInfinity, 0, 1, "Arange: start, end and step must be finite, got -∞, 0 and 1.")]
    [InlineData(0, 1, double.NaN, "Arange: start, end and step must be finite, got 0, 1 and NaN.")]
    [InlineData(0, 1e10, 1, "Arange: the range 0 to 10000000000 with step 1 has 10000000000 values, more than 2147483647 (int.MaxValue).")]
    public void ArangeRejectsNonFiniteAndHugeRanges(double start, double end, double step, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(start, end, step));
        Assert.Equal(message, ex.Message.Replace("Infinity", "∞"));
    }

    [Fact]
    public void LinspaceRejectsNonFiniteEnds()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Linspace(0, double.NaN, 3));
        Assert.Equal("Linspace: start and end must be finite, got 0 and NaN.", ex.Message);
    }

    [Fact]
    public void SliceWithAHugeStepHasOneElement()
    {
        var x = Tensor.Arange(10.0, DType.Float64);
        var s = x.Slice(0, 3, 10, int.MaxValue);
        Assert.Equal(new[] { 1 }, s.Shape);
        Assert.Equal(new double[] { 3 }, s.ToDoubleArray());
        Assert.Equal(new double[] { 0, 9 }, x.Slice(0, int.MinValue, int.MaxValue, 9).ToDoubleArray());
        Assert.Equal(new double[] { 8 }, x.Slice(0, -2, int.MaxValue, int.MaxValue).ToDoubleArray());
    }

    [Fact]
    public void NarrowPastTheEndIsAnErrorNotEmpty()
    {
        var x = Tensor.Ones([3, 2]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, int.MaxValue, 1));
        Assert.Equal("Narrow: start 2147483647 and length 1 do not fit dim 0 of size 3 (shape [3, 2]). (Parameter 'start')", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, 1, int.MaxValue));
    }

    [Fact]
    public void ExpandRejectsNegativeSizesAndOverflow()
    {
        var x = Tensor.Ones([1, 3]);
        var ex = Assert.Throws<ArgumentException>(() => x.Expand(-5, 3));
        Assert.Equal("Expand: invalid size -5 for dim 0 in [-5, 3] (only -1, to keep the dim, may be negative).", ex.Message);
        var lead = Assert.Throws<ArgumentException>(() => x.Expand(-2, 1, 3));
        Assert.Equal("Expand: the new leading dim 0 must be non-negative (-1 only keeps an existing dim), got [-2, 1, 3].", lead.Message);
        var big = Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Expand(65536, 65536));
        Assert.Equal($"Expand: a tensor of shape [65536, 65536] {Limit}", big.Message);
        Assert.Equal(new[] { 4, 3 }, x.Expand(4, -1).Shape);
    }

    [Fact]
    public void CatOverflowReportsTheJoinedSize()
    {
        var a = Tensor.Zeros([int.MaxValue, 0]);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Cat([a, a], 0));
        Assert.Equal("Cat: joining shapes [2147483647, 0], [2147483647, 0] along dim 0 gives a size of 4294967294, more than 2147483647 (int.MaxValue).", ex.Message);
    }

    [Fact]
    public void BroadcastAndMatMulResultsPastTheLimit()
    {
        var col = Tensor.Ones([65536, 1]);
        var row = Tensor.Ones([1, 65536]);
        Assert.Equal($"Add: a tensor of shape [65536, 65536] {Limit}", Assert.Throws<ArgumentException>(() => col + row).Message);
        Assert.Equal($"MatMul: a tensor of shape [65536, 65536] {Limit}", Assert.Throws<ArgumentException>(() => col.MatMul(row)).Message);
    }

    [Fact]
    public void FlattenAndReshapeOfEmptyTensorsWithHugeDims()
    {
        var t = Tensor.Zeros([0, 65536, 65536]);
        Assert.Equal($"Flatten: a tensor of shape [0, 65536, 65536] {Limit}", Assert.Throws<ArgumentException>(() => t.Flatten(1)).Message);
        Assert.Equal(new[] { 0, 65536 }, t.Flatten(0, 1).Shape);
        Assert.Equal(new[] { 0, 65536, 65536, 65536 }, Tensor.Zeros([0]).Reshape(-1, 65536, 65536, 65536).Shape);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Ones([4]).Reshape(65536, 65536, 65536, 65536));
        Assert.Equal("Reshape: cannot reshape a tensor of shape [4] (4 elements) into [65536, 65536, 65536, 65536].", ex.Message);
    }

    [Fact]
    public void IndexSelectAndOneHotResultsPastTheLimit()
    {
        var index = Tensor.Zeros([40000], DType.Int64);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Ones([1, 60000]).IndexSelect(0, index));
        Assert.Equal($"IndexSelect: a tensor of shape [40000, 60000] {Limit}", ex.Message);
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.OneHot(Tensor.FromArray(new long[] { 1L << 40 })));
        Assert.StartsWith("OneHot: class index 1099511627776 is too large: at most 2147483647 (int.MaxValue) classes.", huge.Message);
    }
}
