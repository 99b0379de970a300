namespace Nabla.Tests.Tensors;

public class ViewTests
{
    /// <summary>0, 1, …, n−1 as Float32 in the given shape.</summary>
    private static Tensor Seq(params int[] shape)
    {
        int n = shape.Aggregate(1, (p, d) => p * d);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), shape);
    }

    private static Tensor SeqD(params int[] shape)
    {
        int n = shape.Aggregate(1, (p, d) => p * d);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(i => Math.Sin(i + 1) * 3).ToArray(), shape);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.DType, actual.DType);
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * Math.Max(1, Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {a[i]}");
    }

    // ---------------------------------------------------------------- reshape / view

    [Fact]
    public void ReshapeInfersMinusOne()
    {
        var x = Seq(2, 3, 4);
        Assert.Equal(new[] { 6, 4 }, x.Reshape(-1, 4).Shape);
        Assert.Equal(new[] { 2, 12 }, x.Reshape(2, -1).Shape);
        Assert.Equal(new[] { 24 }, x.Reshape(-1).Shape);
        Assert.Equal(new[] { 4, 1, 6 }, x.Reshape(4, 1, -1).Shape);
        Assert.Equal(x.ToArray<float>(), x.Reshape(4, -1).ToArray<float>());
        Assert.Equal(new[] { 0, 5 }, Tensor.Zeros([0, 5]).Reshape(-1, 5).Shape);
    }

    [Fact]
    public void ReshapeRejectsTwoMinusOnesAndBadSizes()
    {
        var x = Seq(2, 3);
        var two = Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Contains("only one dim may be -1", two.Message);
        var bad = Assert.Throws<ArgumentException>(() => x.Reshape(4, -1));
        Assert.Equal("Reshape: cannot reshape a tensor of shape [2, 3] (6 elements) into [4, -1].", bad.Message);
        var neg = Assert.Throws<ArgumentException>(() => x.Reshape(-2, 3));
        Assert.Contains("Reshape", neg.Message);
    }

    [Fact]
    public void ReshapeOfContiguousIsAViewSharingStorage()
    {
        var x = Tensor.Zeros([2, 3]);
        var v = x.Reshape(3, 2);
        Assert.True(v.IsContiguous);
        using (Tensor.NoGrad()) v[1].Fill_(5);          // v[1] = x.flat[2..4]
        Assert.Equal(new float[] { 0, 0, 5, 5, 0, 0 }, x.ToArray<float>());

        using (Tensor.NoGrad()) x.Reshape(-1).Narrow(0, 4, 2).Copy_(Tensor.FromArray(new float[] { 7, 8 }));
        Assert.Equal(new float[] { 0, 0, 5, 5, 7, 8 }, v.ToArray<float>());
    }

    [Fact]
    public void ViewWritesGoThroughToTheBase()
    {
        var x = Tensor.Zeros([4]);
        var v = x.View(2, 2);
        using (Tensor.NoGrad()) v.Copy_(Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2));
        Assert.Equal(new float[] { 1, 2, 3, 4 }, x.ToArray<float>());
    }

    [Fact]
    public void ReshapeOfNonContiguousCopies()
    {
        var x = Seq(2, 3);
        var r = x.T.Reshape(6);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, r.ToArray<float>());
        using (Tensor.NoGrad()) r.Fill_(-1);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, x.ToArray<float>()); // the base is untouched
    }

    [Fact]
    public void ViewOnNonContiguousThrows()
    {
        var x = Seq(2, 3).T;
        var ex = Assert.Throws<InvalidOperationException>(() => x.View(6));
        Assert.Equal("View: a tensor of shape [3, 2] with strides [1, 3] is not contiguous; use Reshape() or Contiguous() first.", ex.Message);
    }

    // ---------------------------------------------------------------- transpose / permute

    [Fact]
    public void TransposeSwapsShapeAndStrides()
    {
        var x = Seq(2, 3, 4);
        var t = x.Transpose(0, 2);
        Assert.Equal(new[] { 4, 3, 2 }, t.Shape);
        Assert.Equal(new[] { 1, 4, 12 }, t.Strides);
        Assert.False(t.IsContiguous);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(x[i][j][k].Item(), t[k][j][i].Item());
        Assert.Equal(new[] { 2, 4, 3 }, x.Transpose(-1, -2).Shape);
        Assert.True(x.Transpose(1, 1).IsContiguous); // identity permutation
    }

    [Fact]
    public void PermuteReordersDims()
    {
        var x = Seq(2, 3, 4);
        var p = x.Permute(1, 2, 0);
        Assert.Equal(new[] { 3, 4, 2 }, p.Shape);
        Assert.Equal(new[] { 4, 1, 12 }, p.Strides);
        Assert.Equal(x[1][2][3].Item(), p[2][3][1].Item());
        Assert.Equal(new[] { 4, 2, 3 }, x.Permute(-1, 0, 1).Shape);

        var expected = new float[24];
        int n = 0;
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++)
                for (int i = 0; i < 2; i++)
                    expected[n++] = i * 12 + j * 4 + k;
        Assert.Equal(expected, p.ToArray<float>());
    }

    [Fact]
    public void PermuteErrors()
    {
        var x = Seq(2, 3);
        var count = Assert.Throws<ArgumentException>(() => x.Permute(0));
        Assert.Contains("[2, 3]", count.Message);
        var repeat = Assert.Throws<ArgumentException>(() => x.Permute(0, 0));
        Assert.Contains("repeated", repeat.Message);
    }

    [Fact]
    public void TAndMT()
    {
        var m = Seq(2, 3);
        Assert.Equal(new[] { 3, 2 }, m.T.Shape);
        Assert.Equal(new[] { 1, 3 }, m.T.Strides);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, m.T.ToArray<float>());

        var b = Seq(2, 3, 4);
        Assert.Equal(new[] { 4, 3, 2 }, b.T.Shape);
        var mt = b.MT;
        Assert.Equal(new[] { 2, 4, 3 }, mt.Shape);
        Assert.Equal(new[] { 12, 1, 4 }, mt.Strides);
        Assert.Equal(b[1][2][3].Item(), mt[1][3][2].Item());

        var v = Seq(3);
        Assert.Equal(new[] { 3 }, v.T.Shape);
        var ex = Assert.Throws<InvalidOperationException>(() => v.MT);
        Assert.Contains("MT", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    // ---------------------------------------------------------------- slice / narrow / select

    [Fact]
    public void SliceWithStep()
    {
        var x = Seq(10);
        var s = x.Slice(0, 1, 8, 3);
        Assert.Equal(new[] { 3 }, s.Shape);
        Assert.Equal(new[] { 3 }, s.Strides);
        Assert.Equal(new float[] { 1, 4, 7 }, s.ToArray<float>());
        Assert.Equal(new float[] { 0, 2, 4, 6, 8 }, x.Slice(0, 0, 10, 2).ToArray<float>());
        Assert.Equal(new float[] { 9 }, x.Slice(0, 9, 100, 5).ToArray<float>());
    }

    [Fact]
    public void SliceWithNegativeIndicesAndClamping()
    {
        var x = Seq(10);
        Assert.Equal(new float[] { 7, 8 }, x.Slice(0, -3, -1).ToArray<float>());
        Assert.Equal(new float[] { 8, 9 }, x.Slice(0, -2, 10).ToArray<float>());
        Assert.Equal(new float[] { 0, 1 }, x.Slice(0, -100, 2).ToArray<float>());
        Assert.Empty(x.Slice(0, 5, 3).ToArray<float>());
        Assert.Equal(new[] { 0 }, x.Slice(0, 5, 3).Shape);
    }

    [Fact]
    public void SliceOfMatrixColumnsAndRows()
    {
        var x = Seq(4, 5);
        var cols = x.Slice(1, 1, 5, 2);
        Assert.Equal(new[] { 4, 2 }, cols.Shape);
        Assert.Equal(new[] { 5, 2 }, cols.Strides);
        Assert.False(cols.IsContiguous);
        Assert.Equal(new float[] { 1, 3, 6, 8, 11, 13, 16, 18 }, cols.ToArray<float>());

        var rows = x.Slice(0, 1, 3);
        Assert.True(rows.IsContiguous); // whole rows with an offset are still contiguous
        Assert.Equal(new float[] { 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 }, rows.ToArray<float>());

        var ex = Assert.Throws<ArgumentException>(() => x.Slice(0, 0, 2, 0));
        Assert.Contains("step", ex.Message);
    }

    [Fact]
    public void SliceSharesStorage()
    {
        var x = Tensor.Zeros([3, 4]);
        using (Tensor.NoGrad()) x.Slice(1, 0, 4, 2).Fill_(1);
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 }, x.ToArray<float>());
    }

    [Fact]
    public void NarrowValuesAndErrors()
    {
        var x = Seq(3, 4);
        Assert.Equal(new float[] { 1, 2, 5, 6, 9, 10 }, x.Narrow(1, 1, 2).ToArray<float>());
        Assert.Equal(new float[] { 8, 9, 10, 11 }, x.Narrow(0, -1, 1).ToArray<float>());
        Assert.Equal(new[] { 3, 0 }, x.Narrow(1, 4, 0).Shape);

        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 3));
        Assert.Contains("Narrow: start 2 and length 3 do not fit dim 1 of size 4 (shape [3, 4])", tooLong.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, -5, 1));
        Assert.Contains("Narrow", negative.Message);
        var badDim = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(2, 0, 1));
        Assert.Contains("Narrow: dim 2 is out of range", badDim.Message);
    }

    [Fact]
    public void SelectAndIndexer()
    {
        var x = Seq(3, 4);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, x[1].ToArray<float>());
        Assert.Equal(new float[] { 8, 9, 10, 11 }, x[-1].ToArray<float>());
        var col = x.Select(1, 2);
        Assert.Equal(new[] { 3 }, col.Shape);
        Assert.Equal(new[] { 4 }, col.Strides);
        Assert.Equal(new float[] { 2, 6, 10 }, col.ToArray<float>());
        Assert.Equal(0, x[2][3].Rank);
        Assert.Equal(11.0, x[2][3].Item());
        Assert.Equal(7.0, x.Select(-1, -1)[1].Item());

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x[3]);
        Assert.Equal("Select: index 3 is out of range for dim 0 of size 3 (shape [3, 4]). (Parameter 'index')", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(1, -5));
    }

    [Fact]
    public void SelectWritesThroughToTheBase()
    {
        var x = Tensor.Zeros([2, 3], DType.Int64);
        using (Tensor.NoGrad()) x.Select(1, 1).Copy_(Tensor.FromArray(new long[] { 4, 5 }));
        Assert.Equal(new long[] { 0, 4, 0, 0, 5, 0 }, x.ToArray<long>());
    }

    // ---------------------------------------------------------------- expand

    [Fact]
    public void ExpandUsesStrideZero()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        var e = x.Expand(3, 4);
        Assert.Equal(new[] { 3, 4 }, e.Shape);
        Assert.Equal(new[] { 1, 0 }, e.Strides);
        Assert.False(e.IsContiguous);
        Assert.Equal(new float[] { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 }, e.ToArray<float>());

        var lead = x.Expand(2, -1, 2);
        Assert.Equal(new[] { 2, 3, 2 }, lead.Shape);
        Assert.Equal(new[] { 0, 1, 0 }, lead.Strides);
        Assert.Equal(new float[] { 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3 }, lead.ToArray<float>());

        Assert.Same(x, x.Expand(3, 1));
        Assert.Equal(new[] { 2, 3 }, Tensor.Scalar(5).Expand(2, 3).Shape);
        Assert.Equal(new[] { 2, 3 }, Tensor.Ones([2, 3]).ExpandAs(Tensor.Zeros([2, 3])).Shape);
    }

    [Fact]
    public void ExpandSharesStorage()
    {
        var x = Tensor.Zeros([1, 3]);
        var e = x.Expand(4, 3);
        using (Tensor.NoGrad()) x.Copy_(Tensor.FromArray(new float[] { 1, 2, 3 }));
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3 }, e.ToArray<float>());
    }

    [Fact]
    public void ExpandErrors()
    {
        var x = Tensor.Zeros([2, 3]);
        var ex = Assert.Throws<ArgumentException>(() => x.Expand(4, 3));
        Assert.Equal("Expand: cannot expand shape [2, 3] to [4, 3] (dim 0: 2 vs 4).", ex.Message);
        var fewer = Assert.Throws<ArgumentException>(() => x.Expand(3));
        Assert.Equal("Expand: cannot expand shape [2, 3] to [3] (fewer dims).", fewer.Message);
        var leadMinus = Assert.Throws<ArgumentException>(() => x.Expand(-1, 2, 3));
        Assert.Contains("-1", leadMinus.Message);
    }

    // ---------------------------------------------------------------- squeeze / unsqueeze / flatten

    [Fact]
    public void SqueezeRemovesSizeOneDims()
    {
        var x = Seq(1, 3, 1, 2);
        Assert.Equal(new[] { 3, 2 }, x.Squeeze().Shape);
        Assert.Equal(new[] { 3, 1, 2 }, x.Squeeze(0).Shape);
        Assert.Equal(new[] { 1, 3, 2 }, x.Squeeze(-2).Shape);
        Assert.Same(x, x.Squeeze(1)); // not size 1: unchanged, as in PyTorch
        Assert.Equal(x.ToArray<float>(), x.Squeeze().ToArray<float>());
        Assert.Empty(Tensor.Zeros([1, 1]).Squeeze().Shape);
        Assert.Equal(0, Tensor.Scalar(2).Squeeze(0).Rank);
    }

    [Fact]
    public void SqueezeOfANonContiguousTensorIsStillAView()
    {
        // torch.squeeze always returns a view: writes through it reach the base.
        var x = Tensor.Zeros([3, 1, 2]);
        var sq = x.Transpose(0, 2).Squeeze(); // shape [2, 3], strides [1, 2]
        Assert.Equal(new[] { 2, 3 }, sq.Shape);
        using (Tensor.NoGrad()) sq[0].Fill_(1);
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 0 }, x.ToArray<float>());
    }

    [Fact]
    public void UnsqueezeInsertsSizeOneDim()
    {
        var x = Seq(2, 3);
        var a = x.Unsqueeze(0);
        Assert.Equal(new[] { 1, 2, 3 }, a.Shape);
        Assert.True(a.IsContiguous);
        Assert.Equal(new[] { 2, 1, 3 }, x.Unsqueeze(1).Shape);
        Assert.Equal(new[] { 2, 3, 1 }, x.Unsqueeze(-1).Shape);
        Assert.Equal(new[] { 2, 3, 1 }, x.Unsqueeze(2).Shape);
        Assert.Equal(new[] { 2, 1, 3 }, x.Unsqueeze(-2).Shape);
        Assert.Equal(new[] { 1 }, Tensor.Scalar(1).Unsqueeze(0).Shape);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(4));
        Assert.Contains("Unsqueeze", ex.Message);

        var t = x.T.Unsqueeze(1); // [3, 1, 2] over a transposed layout
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<float>());
        using (Tensor.NoGrad()) t.Select(0, 2).Fill_(-1);
        Assert.Equal(new float[] { 0, 1, -1, 3, 4, -1 }, x.ToArray<float>());
    }

    [Fact]
    public void FlattenMergesDims()
    {
        var x = Seq(2, 3, 4, 5);
        Assert.Equal(new[] { 120 }, x.Flatten().Shape);
        Assert.Equal(new[] { 2, 60 }, x.Flatten(1).Shape);
        Assert.Equal(new[] { 2, 12, 5 }, x.Flatten(1, 2).Shape);
        Assert.Equal(new[] { 6, 4, 5 }, x.Flatten(0, 1).Shape);
        Assert.Equal(new[] { 1 }, Tensor.Scalar(3).Flatten().Shape);
        Assert.Equal(x.ToArray<float>(), x.Flatten().ToArray<float>());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, Seq(2, 3).T.Flatten().ToArray<float>());
        var ex = Assert.Throws<ArgumentException>(() => x.Flatten(2, 1));
        Assert.Contains("Flatten", ex.Message);
    }

    // ---------------------------------------------------------------- contiguous

    [Fact]
    public void ContiguousCopiesOnlyWhenNeeded()
    {
        var x = Seq(3, 4);
        Assert.Same(x, x.Contiguous());
        var rows = x.Slice(0, 1, 3);
        Assert.Same(rows, rows.Contiguous());

        var t = x.T;
        var c = t.Contiguous();
        Assert.NotSame(t, c);
        Assert.True(c.IsContiguous);
        Assert.Equal(new[] { 4, 3 }, c.Shape);
        Assert.Equal(new[] { 3, 1 }, c.Strides);
        Assert.Equal(t.ToArray<float>(), c.ToArray<float>());
        using (Tensor.NoGrad()) c.Fill_(0);
        Assert.Equal(11.0, x[2][3].Item()); // the copy has its own storage
    }

    [Fact]
    public void IsContiguousFlags()
    {
        Assert.True(Seq(2, 3).IsContiguous);
        Assert.True(Tensor.Scalar(1).IsContiguous);
        Assert.True(Tensor.Zeros([0, 3]).IsContiguous);
        Assert.False(Seq(2, 3).T.IsContiguous);
        Assert.True(Seq(1, 3).T.IsContiguous);          // [3, 1] with strides [1, 3]: size-1 dims do not matter
        Assert.False(Seq(2, 3).Slice(1, 0, 2).IsContiguous);
        Assert.False(Seq(2, 3).Slice(1, 1, 2).IsContiguous);  // one column of a matrix
        Assert.True(Seq(2, 3)[1].IsContiguous);
        Assert.False(Seq(2, 3).Select(1, 0).IsContiguous);
        Assert.False(Seq(6).Slice(0, 0, 6, 2).IsContiguous);
        Assert.True(Seq(6).Slice(0, 0, 1, 2).IsContiguous); // a single element
        Assert.False(Tensor.Zeros([1]).Expand(3).IsContiguous);
        Assert.True(Seq(4).Unsqueeze(0).Unsqueeze(2).IsContiguous);
    }

    [Fact]
    public void EmptyTensorsAreContiguous()
    {
        // PyTorch: torch.zeros(2, 0).is_contiguous() is True, whatever the strides.
        var x = Tensor.Zeros([2, 0]);
        Assert.True(x.IsContiguous);
        Assert.Empty(x.ToArray<float>());
        Assert.Equal(new[] { 0, 2 }, x.T.Shape);
        Assert.Empty(x.Contiguous().ToArray<float>());
        Assert.True(Tensor.Zeros([3, 0, 4]).IsContiguous);
    }

    // ---------------------------------------------------------------- ops on non-contiguous inputs

    public static TheoryData<string> Layouts() => new("transposed", "sliced", "stepped", "expanded", "selected");

    /// <summary>A non-contiguous [4, 6] view (or [4, 6]-shaped broadcast) over random Float64 data.</summary>
    private static Tensor MakeView(string layout) => layout switch
    {
        "transposed" => SeqD(6, 4).T,
        "sliced" => SeqD(6, 9).Slice(1, 2, 8).Slice(0, 1, 5),
        "stepped" => SeqD(8, 12).Slice(0, 0, 8, 2).Slice(1, 1, 12, 2),
        "expanded" => SeqD(1, 6).Expand(4, 6),
        _ => SeqD(6, 4, 2).Select(2, 1).T,        // [4, 6] with strides [2, 8]
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ElementwiseOpsOnViewsMatchContiguousCopies(string layout)
    {
        var v = MakeView(layout);
        Assert.Equal(new[] { 4, 6 }, v.Shape);
        Assert.False(v.IsContiguous);
        var c = v.Contiguous();
        Assert.True(c.IsContiguous);
        var other = SeqD(4, 6) + 0.5;
        var otherT = SeqD(6, 4).T; // also non-contiguous

        AssertClose(c + other, v + other);
        AssertClose(other - c, other - v);
        AssertClose(c * otherT, v * otherT);
        AssertClose(c / (otherT.Abs() + 1), v / (otherT.Abs() + 1));
        AssertClose(c * 2.0, v * 2.0);
        AssertClose(c.Exp(), v.Exp());
        AssertClose(c.Tanh(), v.Tanh());
        AssertClose(c.Abs().Sqrt(), v.Abs().Sqrt());
        AssertClose(-c, -v);
        AssertClose(c.Gt(0.5), v.Gt(0.5));
        AssertClose(Tensor.Where(c.Gt(0), c, otherT), Tensor.Where(v.Gt(0), v, otherT));
        AssertClose(c.Clamp(-1, 1), v.Clamp(-1, 1));
        AssertClose(c.Float(), v.Float(), 0);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ReductionsOnViewsMatchContiguousCopies(string layout)
    {
        var v = MakeView(layout);
        var c = v.Contiguous();
        AssertClose(c.Sum(), v.Sum());
        AssertClose(c.Sum(0), v.Sum(0));
        AssertClose(c.Sum(1, keepDim: true), v.Sum(1, keepDim: true));
        AssertClose(c.Mean(1), v.Mean(1));
        AssertClose(c.Max(0).Values, v.Max(0).Values);
        AssertClose(c.Max(0).Indices, v.Max(0).Indices);
        AssertClose(c.Min(1).Values, v.Min(1).Values);
        AssertClose(c.Amax([0, 1]), v.Amax([0, 1]));
        AssertClose(c.ArgMax(1), v.ArgMax(1));
        AssertClose(c.ArgMin(), v.ArgMin());
        AssertClose(c.Var([1]), v.Var([1]));
        AssertClose(c.Softmax(1), v.Softmax(1));
        AssertClose(c.Softmax(0), v.Softmax(0));
        AssertClose(c.LogSoftmax(1), v.LogSoftmax(1));
        AssertClose(c.Norm(), v.Norm());
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void MatMulOnViewsMatchesContiguousCopies(string layout)
    {
        var v = MakeView(layout);                 // [4, 6]
        var c = v.Contiguous();
        var right = SeqD(6, 3);
        var rightT = SeqD(3, 6).T;                // [6, 3] transposed layout
        AssertClose(c.MatMul(right), v.MatMul(right));
        AssertClose(c.MatMul(rightT), v.MatMul(rightT));
        AssertClose(right.T.MatMul(c.T), right.T.MatMul(v.T));
        AssertClose(c.MatMul(c.T), v.MatMul(v.T));
        AssertClose(c.T.MatMul(c), v.T.MatMul(v));
        AssertClose(c[1].MatMul(right), v[1].MatMul(right));
        AssertClose(c.MatMul(v.Select(0, 2)), v.MatMul(v.Select(0, 2)));
    }

    [Fact]
    public void BatchedMatMulOnPermutedViewsMatchesContiguousCopies()
    {
        var a = SeqD(3, 2, 4).Permute(1, 0, 2);    // [2, 3, 4], non-contiguous batch
        var b = SeqD(2, 5, 4).MT;                  // [2, 4, 5], transposed matrices
        var stepped = SeqD(2, 4, 10).Slice(2, 0, 10, 2); // [2, 4, 5], column step
        Assert.False(a.IsContiguous);
        AssertClose(a.Contiguous().MatMul(b.Contiguous()), a.MatMul(b));
        AssertClose(a.Contiguous().MatMul(stepped.Contiguous()), a.MatMul(stepped));
        var shared = SeqD(4, 5);
        AssertClose(a.Contiguous().MatMul(shared), a.MatMul(shared));
    }

    [Fact]
    public void InPlaceOpsOnViews()
    {
        var x = Tensor.Ones([3, 3]);
        using (Tensor.NoGrad())
        {
            x.T.Slice(0, 0, 1).Mul_(4);                 // first column × 4
            x.Select(0, 2).Add_(Tensor.FromArray(new float[] { 1, 2, 3 }));
        }
        Assert.Equal(new float[] { 4, 1, 1, 4, 1, 1, 5, 3, 4 }, x.ToArray<float>());
        using (Tensor.NoGrad()) x.T.Zero_();
        Assert.All(x.ToArray<float>(), v => Assert.Equal(0f, v));
    }
}
