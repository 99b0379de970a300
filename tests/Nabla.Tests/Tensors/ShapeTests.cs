namespace Nabla.Tests.Tensors;

public class ShapeTests
{
    [Fact]
    public void PrintsLikeAList()
    {
        Assert.Equal("[2, 3]", Tensor.Zeros([2, 3]).Shape.ToString());
        Assert.Equal("[]", Tensor.Scalar(1).Shape.ToString());
        Assert.Equal("[0, 4]", (Shape.Create([0, 4])).ToString());
    }

    [Fact]
    public void ComparesByValue()
    {
        var a = Tensor.Zeros([2, 3]).Shape;
        Shape b = [2, 3];
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != (Shape)new[] { 3, 2 });
        Assert.True(a != (Shape)new[] { 2, 3, 1 });
        Assert.True(default(Shape) == (Shape)Array.Empty<int>());
    }

    [Fact]
    public void IndexesCountsAndDeconstructs()
    {
        var s = Tensor.Zeros([4, 3, 2, 5]).Shape;
        Assert.Equal(4, s.Count);
        Assert.Equal(4, s.Rank);
        Assert.Equal(120, s.Numel);
        Assert.Equal(3, s[1]);
        Assert.Equal(5, s[^1]);
        Assert.Equal(Shape.Create([3, 2]), s[1..3]);
        var (n, c, h, w) = s;
        Assert.Equal((4, 3, 2, 5), (n, c, h, w));
        var (rows, cols) = Tensor.Zeros([6, 7]).Shape;
        Assert.Equal((6, 7), (rows, cols));
        var (a, b, d) = Tensor.Zeros([1, 2, 3]).Shape;
        Assert.Equal((1, 2, 3), (a, b, d));
        Assert.Equal([4, 3, 2, 5], s.ToList());
        Assert.True(s is [4, _, _, 5]);
    }

    [Fact]
    public void ConvertsToAndFromArraysWithoutSharing()
    {
        var x = Tensor.Zeros([2, 3]);
        int[] copy = x.Shape;
        copy[0] = 9;
        Assert.Equal(2, x.Shape[0]);
        var y = Tensor.Ones(x.Shape);
        Assert.Equal(x.Shape, y.Shape);
        var source = new[] { 5, 1 };
        Shape s = source;
        source[0] = 7;
        Assert.Equal(5, s[0]);
    }

    [Fact]
    public void BadIndexAndDeconstructionAreClearErrors()
    {
        var s = Tensor.Zeros([2, 3]).Shape;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => s[2]);
        Assert.StartsWith("Shape: index 2 is out of range for shape [2, 3] (rank 2).", e.Message);
        var d = Assert.Throws<InvalidOperationException>(() => { var (a, b, c) = s; });
        Assert.Equal("Shape: cannot deconstruct shape [2, 3] (rank 2) into 3 sizes.", d.Message);
    }
}
