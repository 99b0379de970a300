namespace Nabla.Tests.Ops;

/// <summary>Indexer semantics beyond the PyTorch values (IndexingReferenceTests): views, autograd rules, errors.</summary>
public class IndexingTests
{
    private static Tensor Grid() => Tensor.Arange(12, DType.Float64).Reshape(3, 4);

    [Fact]
    public void BasicIndexingGivesViewsAndAdvancedGivesCopies()
    {
        var x = Grid();
        var view = x[.., 1..3];
        view[0, 0] = 100.0;
        Assert.Equal(100, x[0, 1].Item());
        var copy = x[Tensor.FromArray(new long[] { 0 })];
        copy[0, 0] = -1.0;
        Assert.Equal(0, x[0, 0].Item());
        Assert.Equal(Shape.Create([3, 4]), x[TensorIndex.Ellipsis].Shape);
        Assert.Equal(Shape.Create([2]), x[new[] { 2, 0 }, 3].Shape);
        Assert.Equal([11.0, 3], x[new long[] { 2, 0 }, 3].ToDoubleArray());
    }

    [Fact]
    public void AssignmentForms()
    {
        var x = Grid();
        x[x > 8] = 0;
        Assert.Equal(8, x.Max().Item());
        Assert.Equal(36, x.Sum().Item());
        x[.., 0] = Tensor.FromArray(new double[] { -1, -2, -3 });
        Assert.Equal([-1.0, -2, -3], x[.., 0].ToDoubleArray());
        x[1] = 5.5;
        Assert.Equal(Enumerable.Repeat(5.5, 4), x[1].ToDoubleArray());
        x[^1, TensorIndex.Slice(1, null, 2)] = 7L;
        Assert.Equal([-3.0, 7, 0, 7], x[2].ToDoubleArray());
        Assert.Equal(DType.Float64, x.DType);
    }

    [Fact]
    public void AssignmentIntoANonContiguousView()
    {
        var x = Tensor.Zeros([3, 4]);
        var t = x.T; // [4, 3], non-contiguous
        t[new long[] { 1, 3 }, 2] = Tensor.FromArray(new float[] { 8, 9 });
        Assert.Equal(8, x[2, 1].Item());
        Assert.Equal(9, x[2, 3].Item());
        Assert.Equal(17, x.Sum().Item());
    }

    [Fact]
    public void IndexPutAccumulateSumsRepeatedIndices()
    {
        var x = Tensor.Zeros([3], DType.Int64);
        var y = x.IndexPut([Tensor.FromArray(new long[] { 1, 1, 2 })], Tensor.FromArray(new long[] { 5, 6, 7 }), accumulate: true);
        Assert.Equal([0L, 11, 7], y.ToArray<long>());
        Assert.Equal([0L, 0, 0], x.ToArray<long>());
        x.IndexPut_([Tensor.FromArray(new long[] { 0 })], 4L);
        Assert.Equal([4L, 0, 0], x.ToArray<long>());
    }

    [Fact]
    public void AssignmentIntoALeafThatRequiresGradIsAnError()
    {
        var w = Tensor.Zeros([2, 2], requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w[0] = 1.0);
        Assert.Equal("Index assignment: a leaf tensor that requires grad (shape [2, 2]) cannot be modified in place; wrap the update in Tensor.NoGrad() or assign into a Clone().", e.Message);
        using (Tensor.NoGrad()) w[0] = 1.0;
        Assert.Equal([1f, 1, 0, 0], w.ToFloatArray());
        Assert.True(w.IsLeaf);
    }

    [Fact]
    public void AssignmentIntoAViewOfATensorThatRequiresGradIsAnError()
    {
        var w = Tensor.Zeros([2, 2], requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w[0][0] = 1.0);
        // The grad_fn named in between is whichever view node produced w[0] (its name is Movement.cs's business).
        Assert.StartsWith("Index assignment: this tensor (shape [2]) is a view of a tensor that requires grad (grad_fn=", e.Message);
        Assert.EndsWith("); assign into that tensor itself, or into a Clone() of the view.", e.Message);
    }

    [Fact]
    public void AssignmentIsRecordedAndChains()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 }).RequiresGrad_();
        var v = Tensor.Scalar(10, DType.Float64, requiresGrad: true);
        var h = a * 2.0;
        h[0] = v;
        h[2] = v * 3.0;
        Assert.Equal([10.0, 4, 30], h.ToDoubleArray());
        (h * Tensor.FromArray(new double[] { 1, 10, 100 })).Sum().Backward();
        Assert.Equal([0.0, 20, 0], a.Grad!.ToDoubleArray());
        Assert.Equal(301, v.Grad!.Item());
    }

    [Fact]
    public void AssigningATensorThatRequiresGradIntoAPlainTensorMakesItANonLeaf()
    {
        var v = Tensor.FromArray(new double[] { 2, 3 }).RequiresGrad_();
        var x = Tensor.Zeros([2, 2], DType.Float64);
        x[.., 1] = v;
        Assert.False(x.IsLeaf);
        x.Pow(2).Sum().Backward();
        Assert.Equal([4.0, 6], v.Grad!.ToDoubleArray());
    }

    [Fact]
    public void NumbersKeepTheTensorsDType()
    {
        var x = Tensor.Ones([2]);
        Assert.Equal(DType.Float32, Tensor.Where(x > 0, x, 0.1).DType);
        Assert.Equal(DType.Float32, x.Add(0.5).DType);
        Assert.Equal(DType.Float64, Tensor.Ones([2], DType.Float64).Mul(2L).DType);
        Assert.Equal(DType.Int64, Tensor.Ones([2], DType.Int64).Add(2L).DType);
        Assert.Equal(DType.Float32, Tensor.Ones([2], DType.Int64).Add(0.5).DType);
        var precise = Tensor.Zeros([1], DType.Float64);
        precise[0] = 0.1;
        Assert.Equal(0.1, precise.Item());
    }

    [Fact]
    public void Errors()
    {
        var x = Grid();
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => x[3]);
        Assert.StartsWith("Select: index 3 is out of range for dim 0 of size 3 (shape [3, 4]).", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => x[0, ^5]);
        Assert.StartsWith("Index: index ^5 is out of range for dim 1 of size 4 (shape [3, 4]).", e2.Message);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => x[.., new long[] { 0, 4 }]);
        Assert.StartsWith("Index: index 4 is out of range for dim 1 of size 4 (indexing a tensor of shape [3, 4] with an index of shape [2]).", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => x[0, 0, 0]);
        Assert.Equal("Index: too many indices for a tensor of shape [3, 4]: [0, 0, 0] indexes 3 dims.", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => x[Tensor.Ones([4])]);
        Assert.Equal("Index: the mask of shape [4] does not match dims 0…0 ([3]) of the indexed tensor of shape [3, 4].", e5.Message);
        var e6 = Assert.Throws<ArgumentException>(() => x[new long[] { 0, 1 }, new long[] { 0, 1, 2 }]);
        Assert.StartsWith("Index: shapes [2] and [3] cannot be broadcast together", e6.Message);
        var e7 = Assert.Throws<ArgumentException>(() => x[TensorIndex.Ellipsis, 0, TensorIndex.Ellipsis]);
        Assert.Equal("Index: an index can only have a single ellipsis, got 2 in [..., 0, ...].", e7.Message);
        var e8 = Assert.Throws<ArgumentException>(() => x[.., 0] = Tensor.Ones([4]));
        Assert.Equal("Index assignment: a value of shape [4] cannot be broadcast to the indexed shape [3] (tensor of shape [3, 4]).", e8.Message);
        var e9 = Assert.Throws<ArgumentException>(() => TensorIndex.Slice(step: 0));
        Assert.StartsWith("TensorIndex.Slice: step must be positive, got 0 (PyTorch has no negative steps; use Flip).", e9.Message);
        var e10 = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1 }) % Tensor.FromArray(new long[] { 0 }));
        Assert.Equal("Remainder: integer division by zero (divisor of shape [1] holds a 0).", e10.Message);
        var e11 = Assert.Throws<ArgumentException>(() => Tensor.Ones([2]).BitwiseNot());
        Assert.Equal("BitwiseNot: expected an Int64 tensor, got Float32 of shape [2]; for a 0/1 mask use LogicalNot().", e11.Message);
    }

    [Fact]
    public void ValueWithLeadingOnesIsAccepted()
    {
        var x = Tensor.Zeros([2, 3]);
        x[0] = Tensor.Ones([1, 1, 3]);
        Assert.Equal(3, x.Sum().Item());
    }

    [Fact]
    public void ZeroDimMaskAddsADim()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 });
        Assert.Equal(Shape.Create([1, 2]), x[Tensor.Scalar(1)].Shape);
        Assert.Equal(Shape.Create([0, 2]), x[Tensor.Scalar(0)].Shape);
    }

    [Fact]
    public void RemainderAndFmodSigns()
    {
        var a = Tensor.FromArray(new double[] { 5, -5, 5, -5 });
        var b = Tensor.FromArray(new double[] { 3, 3, -3, -3 });
        Assert.Equal([2.0, 1, -1, -2], (a % b).ToDoubleArray());
        Assert.Equal([2.0, -2, 2, -2], a.Fmod(b).ToDoubleArray());
        Assert.Equal([0L], (Tensor.FromArray(new long[] { long.MinValue }) % -1L).ToArray<long>());
        Assert.Equal([1.0, 0, 1, 0], (~Tensor.FromArray(new double[] { 0, 1, 0, 1 })).ToDoubleArray());
    }
}
