namespace Nabla.Tests.Tensors;

/// <summary>ToString follows PyTorch's repr (torch/_tensor_str.py) for the default print options.</summary>
public class ToStringTests
{
    [Fact]
    public void MatrixOfWholeFloats()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]])", t.ToString());
    }

    [Fact]
    public void VectorOfWholeFloats()
    {
        Assert.Equal("tensor([1., 2., 3.])", Tensor.FromArray(new float[] { 1, 2, 3 }).ToString());
        Assert.Equal("tensor([-1.,  2., 10.])", Tensor.FromArray(new float[] { -1, 2, 10 }).ToString());
        Assert.Equal("tensor([0., 0.])", Tensor.Zeros([2]).ToString());
    }

    [Fact]
    public void FractionalFloatsUseFourDecimals()
    {
        Assert.Equal("tensor([0.1000, 0.2500])", Tensor.FromArray(new float[] { 0.1f, 0.25f }).ToString());
        Assert.Equal("tensor([-1.0000,  2.5000])", Tensor.FromArray(new float[] { -1f, 2.5f }).ToString());
        Assert.Equal("tensor([[ 0.5000, -0.1250],\n        [12.0000,  3.0000]])",
            Tensor.FromArray(new float[] { 0.5f, -0.125f, 12f, 3f }, 2, 2).ToString());
    }

    [Fact]
    public void ZeroDimTensors()
    {
        Assert.Equal("tensor(3.5000)", Tensor.Scalar(3.5).ToString());
        Assert.Equal("tensor(2.)", Tensor.Scalar(2).ToString());
        Assert.Equal("tensor(-2.)", Tensor.Scalar(-2).ToString());
        Assert.Equal("tensor(0.2500, dtype=torch.float64)", Tensor.Scalar(0.25, DType.Float64).ToString());
    }

    [Fact]
    public void ThreeDimTensorSeparatesBlocksWithBlankLine()
    {
        var t = Tensor.Arange(8, DType.Float32).Reshape(2, 2, 2);
        Assert.Equal(
            "tensor([[[0., 1.],\n" +
            "         [2., 3.]],\n" +
            "\n" +
            "        [[4., 5.],\n" +
            "         [6., 7.]]])",
            t.ToString());
    }

    [Fact]
    public void Float64ShowsDtype()
    {
        Assert.Equal("tensor([1.5000, 2.0000], dtype=torch.float64)", Tensor.FromArray(new double[] { 1.5, 2 }).ToString());
        Assert.Equal("tensor([[1., 0.],\n        [0., 1.]], dtype=torch.float64)", Tensor.Eye(2, dtype: DType.Float64).ToString());
    }

    [Fact]
    public void Int64PrintsWithoutDecimals()
    {
        var s = Tensor.FromArray(new long[] { -1, 10, 100 }).ToString();
        Assert.StartsWith("tensor([ -1,  10, 100]", s);
        Assert.DoesNotContain(".", s.Replace("torch.int64", ""));
        Assert.StartsWith("tensor(7", Tensor.Scalar(7, DType.Int64).ToString());
        Assert.StartsWith("tensor([[0, 1],\n        [2, 3]]", Tensor.Arange(4).Reshape(2, 2).ToString());
    }

    [Fact]
    public void Int64IsADefaultDtypeSoItIsNotShown()
    {
        // PyTorch omits dtype for its default integer type: repr(torch.tensor([1, 2, 3])) == 'tensor([1, 2, 3])'.
        Assert.Equal("tensor([1, 2, 3])", Tensor.FromArray(new long[] { 1, 2, 3 }).ToString());
        Assert.Equal("tensor(7)", Tensor.Scalar(7, DType.Int64).ToString());
    }

    [Fact]
    public void RequiresGradLeafShowsFlag()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        Assert.Equal("tensor([1., 2.], requires_grad=True)", x.ToString());
        var d = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        Assert.Equal("tensor([1., 2.], dtype=torch.float64, requires_grad=True)", d.ToString());
        Assert.Equal("tensor([1., 2.])", x.Detach().ToString());
    }

    [Fact]
    public void OpResultShowsGradFn()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var y = x + x;
        Assert.StartsWith("AddBackward", y.GradFn!.Name);
        Assert.Equal($"tensor([2., 4.], grad_fn=<{y.GradFn.Name}>)", y.ToString());
        Assert.DoesNotContain("requires_grad", y.ToString());

        Assert.Equal("tensor([[1.],\n        [2.]], grad_fn=<ViewBackward0>)", x.Reshape(2, 1).ToString());
        Assert.Equal("tensor([1., 4.], grad_fn=<PowBackward0>)", x.Pow(2).ToString());

        using (Tensor.NoGrad()) Assert.Equal("tensor([2., 4.])", (x + x).ToString());
    }

    [Fact]
    public void OpResultInFloat64ShowsDtypeThenGradFn()
    {
        var x = Tensor.FromArray(new double[] { 1.5 }).RequiresGrad_();
        var y = x.Sum();
        Assert.Equal($"tensor(1.5000, dtype=torch.float64, grad_fn=<{y.GradFn!.Name}>)", y.ToString());
    }

    [Fact]
    public void ExtremeMagnitudesUseScientificNotation()
    {
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", Tensor.FromArray(new double[] { 1e-5, 1 }, [2], DType.Float32).ToString());
        Assert.Equal("tensor([ 1.5000e+09, -2.0000e+00])", Tensor.FromArray(new double[] { 1.5e9, -2 }, [2], DType.Float32).ToString());
        Assert.Equal("tensor([0.0000e+00, 1.2346e+10])", Tensor.FromArray(new double[] { 0, 12345678901 }, [2], DType.Float32).ToString());
    }

    [Fact]
    public void WholeNumbersSpanningMoreThanThreeDecadesUseScientificNotation()
    {
        // PyTorch's int_mode switches to scientific when max/min > 1000: repr(torch.tensor([1., 10000.])).
        Assert.Equal("tensor([1.0000e+00, 1.0000e+04])", Tensor.FromArray(new float[] { 1, 10000 }).ToString());
    }

    [Fact]
    public void NonFiniteValues()
    {
        Assert.Equal("tensor([1.5000,    nan,    inf,   -inf])",
            Tensor.FromArray(new[] { 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }).ToString());
        Assert.Equal("tensor([nan, inf])", Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity }).ToString());
    }

    [Fact]
    public void LargeVectorIsSummarised()
    {
        Assert.Equal("tensor([1., 1., 1.,  ..., 1., 1., 1.])", Tensor.Ones([2000]).ToString());
        Assert.Equal("tensor([   0,    1,    2,  ...,  998,  999, 1000])",
            Tensor.Arange(1001).ToString().Replace(", dtype=torch.int64", ""));
    }

    [Fact]
    public void ThousandElementsAreNotSummarised()
    {
        var s = Tensor.Zeros([1000]).ToString();
        Assert.DoesNotContain("...", s);
        Assert.Equal(1000, s.Split("0.").Length - 1);
    }

    [Fact]
    public void LargeMatrixIsSummarisedInBothDims()
    {
        const string row = "[5., 5., 5.,  ..., 5., 5., 5.]";
        const string sep = ",\n        ";
        string expected = "tensor([" + string.Join(sep, row, row, row, "...", row, row, row) + "])";
        Assert.Equal(expected, Tensor.Full([100, 100], 5).ToString());
    }

    [Fact]
    public void LargeMatrixWithFewRowsSummarisesOnlyColumns()
    {
        var s = Tensor.Full([2, 600], 2).ToString();
        Assert.Equal("tensor([[2., 2., 2.,  ..., 2., 2., 2.],\n        [2., 2., 2.,  ..., 2., 2., 2.]])", s);
    }

    [Fact]
    public void EmptyTensors()
    {
        Assert.Equal("tensor([])", Tensor.Zeros([0]).ToString());
        Assert.Equal("tensor([], dtype=torch.float64)", Tensor.Zeros([0], DType.Float64).ToString());
        Assert.Equal("tensor([], size=(0, 3))", Tensor.Zeros([0, 3]).ToString());
        Assert.Equal("tensor([], size=(0, 2, 2), dtype=torch.float64)", Tensor.Zeros([0, 2, 2], DType.Float64).ToString());
    }

    [Fact]
    public void EmptyTensorWithZeroInnerDimPrintsEmptyBrackets()
    {
        // repr(torch.zeros(2, 0)) == 'tensor([], size=(2, 0))'
        Assert.Equal("tensor([], size=(2, 0))", Tensor.Zeros([2, 0]).ToString());
    }

    [Fact]
    public void NonContiguousViewPrintsLogicalOrder()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).T;
        Assert.Equal("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])", t.ToString());
    }
}
