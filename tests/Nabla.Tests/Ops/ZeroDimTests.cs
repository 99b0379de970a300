namespace Nabla.Tests.Ops;

/// <summary>Every op taking a dim, on a 0-d tensor: PyTorch's rules (valid dims are −1 and 0; ops that index into a
/// dim refuse a 0-d tensor with a clear message; gather reads it as 1-d) — never an IndexOutOfRangeException.</summary>
public class ZeroDimTests
{
    private static Tensor S(double v = 2) => Tensor.Scalar(v, DType.Float64);

    [Fact]
    public void IndexingIntoA0dTensorIsAClearError()
    {
        Assert.Equal("Select: cannot be applied to a 0-d tensor (shape []); it has no dim to index.",
            Assert.Throws<ArgumentException>(() => S().Select(0, 0)).Message);
        Assert.Equal("Indexer: a 0-d tensor (shape []) cannot be indexed; use Item() to read its value.",
            Assert.Throws<ArgumentException>(() => S()[0]).Message);
        Assert.Equal("Narrow: cannot be applied to a 0-d tensor (shape []); it has no dim to index.",
            Assert.Throws<ArgumentException>(() => S().Narrow(0, 0, 1)).Message);
        Assert.Equal("Slice: cannot be applied to a 0-d tensor (shape []); it has no dim to index.",
            Assert.Throws<ArgumentException>(() => S().Slice(0, 0, 1)).Message);
        Assert.Equal("Size: cannot be applied to a 0-d tensor (shape []); it has no dim to index.",
            Assert.Throws<ArgumentException>(() => S().Size(0)).Message);
    }

    [Fact]
    public void GatherOnA0dTensorReadsItAs1d()
    {
        var g = S(2).Gather(0, Tensor.FromArray(new long[] { 0 }, []));
        Assert.Equal(0, g.Rank);
        Assert.Equal(2.0, g.Item());
        Assert.Equal(new double[] { 2, 2 }, S(2).Gather(-1, Tensor.FromArray(new long[] { 0, -1 })).ToDoubleArray());
        Assert.StartsWith("Gather: index 1 is out of bounds for a dim of size 1.",
            Assert.Throws<ArgumentOutOfRangeException>(() => S().Gather(0, Tensor.FromArray(new long[] { 1 }))).Message);
        Assert.Equal("Gather: index of shape [1, 1] must have the same rank as the input [] (a 0-d input takes a 0-d or 1-d index).",
            Assert.Throws<ArgumentException>(() => S().Gather(0, Tensor.Zeros([1, 1], DType.Int64))).Message);

        var x = S(3).RequiresGrad_();
        x.Gather(0, Tensor.FromArray(new long[] { 0, 0 })).Sum().Backward();
        Assert.Equal(2.0, x.Grad!.Item());
    }

    [Fact]
    public void CatRejects0dAndNullElements()
    {
        Assert.Equal("Cat: the tensor at position 0 is 0-d (shape []) and cannot be concatenated; Unsqueeze it or use Stack.",
            Assert.Throws<ArgumentException>(() => Tensor.Cat([S(), S()])).Message);
        Assert.Equal("Cat: the tensor at position 1 is 0-d (shape []) and cannot be concatenated; Unsqueeze it or use Stack.",
            Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Ones([2]), Tensor.Scalar(1)])).Message);
        Assert.Equal("Cat: the tensor at position 1 is null. (Parameter 'tensors')",
            Assert.Throws<ArgumentNullException>(() => Tensor.Cat([Tensor.Ones([2]), null!])).Message);
        Assert.Equal("Stack: the tensor at position 0 is null. (Parameter 'tensors')",
            Assert.Throws<ArgumentNullException>(() => Tensor.Stack([null!])).Message);
        Assert.Equal(new double[] { 2, 2 }, Tensor.Stack([S(), S()]).ToDoubleArray());
    }

    public static TheoryData<string> DimOps() =>
        new("Softmax", "LogSoftmax", "Sum", "Mean", "Max", "Min", "ArgMax", "Var", "Norm", "LogSumExp", "Transpose", "Squeeze", "Flatten", "IndexSelect");

    private static Tensor Apply(string op, Tensor x, int dim) => op switch
    {
        "Softmax" => x.Softmax(dim),
        "LogSoftmax" => x.LogSoftmax(dim),
        "Sum" => x.Sum(dim),
        "Mean" => x.Mean(dim),
        "Max" => x.Max(dim).Values,
        "Min" => x.Min(dim).Values,
        "ArgMax" => x.ArgMax(dim),
        "Var" => x.Var([dim], correction: 0),
        "Norm" => x.Norm(2, [dim]),
        "LogSumExp" => x.LogSumExp(dim),
        "Transpose" => x.Transpose(dim, 0),
        "Squeeze" => x.Squeeze(dim),
        "Flatten" => x.Flatten(dim),
        _ => x.IndexSelect(dim, Tensor.FromArray(new long[] { 0 })),
    };

    [Theory]
    [MemberData(nameof(DimOps))]
    public void ValidDimsOfA0dTensorAreMinusOneAndZero(string op)
    {
        foreach (int dim in new[] { 0, -1 }) Assert.NotNull(Apply(op, S(), dim));
        foreach (int dim in new[] { 1, -2 })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Apply(op, S(), dim));
            Assert.StartsWith($"{op}: dim {dim} is out of range for a tensor of rank 0 (expected -1 to 0).", ex.Message);
        }
    }

    [Fact]
    public void SoftmaxOfA0dTensorIsOne()
    {
        Assert.Equal(1.0, S(5).Softmax(0).Item());
        Assert.Equal(0.0, S(5).LogSoftmax(-1).Item());
    }
}

/// <summary>Two smaller points of the reliability issue: LogSumExp over an empty dim, GELU on Int64.</summary>
public class EmptyAndDTypeEdgeTests
{
    [Fact]
    public void LogSumExpOverAnEmptyDimIsMinusInfinity()
    {
        var x = Tensor.Zeros([2, 0], DType.Float64, requiresGrad: true);
        var y = x.LogSumExp(1);
        Assert.Equal(new[] { double.NegativeInfinity, double.NegativeInfinity }, y.ToDoubleArray());
        Assert.Equal(new[] { 2, 1 }, x.LogSumExp(1, keepDim: true).Shape);
        y.Sum().Backward();
        Assert.Equal(new[] { 2, 0 }, x.Grad!.Shape);
    }

    [Fact]
    public void GeluRejectsInt64LikeEveryFloatOp()
    {
        var ex = Assert.Throws<ArgumentException>(() => Nabla.NN.Functional.Gelu(Tensor.Ones([2], DType.Int64)));
        Assert.Equal("GELU: expected a floating-point tensor, got Int64 of shape [2].", ex.Message);
    }
}
