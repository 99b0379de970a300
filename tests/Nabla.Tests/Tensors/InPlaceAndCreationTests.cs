namespace Nabla.Tests.Tensors;

public class InPlaceAndCreationTests
{
    [Fact]
    public void SubDivClampInPlace()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 });
        x.Sub_(Tensor.FromArray(new double[] { 1, 1, 1, 1 }), alpha: 2);
        Assert.Equal([-1, 0, 1, 2], x.ToDoubleArray());
        x.Div_(2.0);
        Assert.Equal([-0.5, 0, 0.5, 1], x.ToDoubleArray());
        x.Clamp_(min: 0, max: 0.75);
        Assert.Equal([0, 0, 0.5, 0.75], x.ToDoubleArray());
        Assert.Equal(DType.Float64, x.DType);
    }

    [Fact]
    public void InPlaceOnALeafThatRequiresGradIsAnError()
    {
        var w = Tensor.Ones([2], requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w.Sub_(Tensor.Ones([2])));
        Assert.StartsWith("Sub_: a tensor that requires grad", e.Message);
        Assert.Throws<InvalidOperationException>(() => w.Normal_());
        using (Tensor.NoGrad()) w.Clamp_(max: 0.5);
        Assert.Equal([0.5f, 0.5f], w.ToFloatArray());
    }

    [Fact]
    public void DivInPlaceOnInt64IsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 4 }).Div_(2.0));
        Assert.Equal("Div_: expected a floating-point tensor, got Int64 of shape [1].", e.Message);
    }

    [Fact]
    public void NormalHasTheRequestedMoments()
    {
        var x = Tensor.Normal(3, 0.5, [20000], new Generator(1), DType.Float64);
        Assert.Equal(3, x.Mean().Item(), 0.02);
        Assert.Equal(0.5, x.Std().Item(), 0.02);
        var y = Tensor.Zeros([20000]).Normal_(-1, 2, new Generator(2));
        Assert.Equal(-1, y.Mean().Item(), 0.06);
        Assert.Equal(2, y.Std().Item(), 0.05);
        Assert.Equal(
            Tensor.Normal(0, 1, [5], new Generator(7)).ToFloatArray(),
            Tensor.Randn([5], new Generator(7)).ToFloatArray());
        var e = Assert.Throws<ArgumentException>(() => Tensor.Normal(0, -1, [2]));
        Assert.Equal("Normal: expected a finite mean and a finite std >= 0, got mean 0 and std -1.", e.Message);
    }

    [Fact]
    public void FromRectangularArrays()
    {
        var f = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(Shape.Create([2, 3]), f.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], f.ToFloatArray());
        var d = Tensor.FromArray(new double[,] { { 0.5 }, { 1.5 } });
        Assert.Equal(Shape.Create([2, 1]), d.Shape);
        Assert.Equal(DType.Float64, d.DType);
        var l = Tensor.FromArray(new long[,] { { 7, 8 } });
        Assert.Equal([7L, 8], l.ToArray<long>());
        Assert.Equal(Shape.Create([0, 3]), Tensor.FromArray(new double[0, 3]).Shape);
    }

    [Fact]
    public void ViewAsTakesTheOtherShape()
    {
        var x = Tensor.Arange(6);
        var v = x.ViewAs(Tensor.Zeros([2, 3]));
        Assert.Equal(Shape.Create([2, 3]), v.Shape);
        Assert.Equal(5, v[1, 2].Item());
        Assert.Throws<ArgumentException>(() => x.ViewAs(Tensor.Zeros([4])));
    }
}
