namespace Nabla.Tests.Ops;

/// <summary>Every shape or dtype error names the op that failed and the shapes involved.</summary>
public class ErrorMessageTests
{
    private static Tensor F(params int[] shape) => Tensor.Ones(shape);

    // ---------------------------------------------------------------- matmul

    [Fact]
    public void MatMulInnerDimMismatch()
    {
        var ex = Assert.Throws<ArgumentException>(() => F(2, 3).MatMul(F(4, 5)));
        Assert.Equal("MatMul: cannot multiply [2, 3] by [4, 5].", ex.Message);

        Assert.Equal("MatMul: cannot multiply [3] by [4].", Assert.Throws<ArgumentException>(() => F(3).MatMul(F(4))).Message);
        Assert.Equal("MatMul: cannot multiply [2, 3] by [2].", Assert.Throws<ArgumentException>(() => F(2, 3).MatMul(F(2))).Message);
        Assert.Equal("MatMul: cannot multiply [3] by [2, 3].", Assert.Throws<ArgumentException>(() => F(3).MatMul(F(2, 3))).Message);
        Assert.Equal("MatMul: cannot multiply [5, 2, 3] by [5, 4, 2].",
            Assert.Throws<ArgumentException>(() => F(5, 2, 3).MatMul(F(5, 4, 2))).Message);
    }

    [Fact]
    public void MatMulBatchMismatchNamesBatchShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => F(2, 3, 4).MatMul(F(5, 4, 2)));
        Assert.StartsWith("MatMul: shapes [2] and [5] cannot be broadcast together", ex.Message);
    }

    [Fact]
    public void MatMulZeroDimAndIntegerOperands()
    {
        var zero = Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).MatMul(F(3)));
        Assert.Equal("MatMul: both arguments need at least 1 dim, got [] and [3].", zero.Message);
        var integer = Assert.Throws<ArgumentException>(() => Tensor.Ones([2, 2], DType.Int64).MatMul(F(2, 2)));
        Assert.Equal("MatMul: expected a floating-point tensor, got Int64 of shape [2, 2].", integer.Message);
    }

    // ---------------------------------------------------------------- broadcasting

    public static TheoryData<string> BinaryOps() => new("Add", "Sub", "Mul", "Div", "Pow", "Maximum", "Minimum", "Eq", "Lt");

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "Add" => a + b,
        "Sub" => a - b,
        "Mul" => a * b,
        "Div" => a / b,
        "Pow" => a.Pow(b),
        "Maximum" => Tensor.Maximum(a, b),
        "Minimum" => Tensor.Minimum(a, b),
        "Eq" => a.Eq(b),
        _ => a.Lt(b),
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BinaryBroadcastFailureNamesOpAndShapes(string op)
    {
        var ex = Assert.Throws<ArgumentException>(() => Apply(op, F(2, 3), F(4)));
        Assert.Equal($"{op}: shapes [2, 3] and [4] cannot be broadcast together (dim 1: 3 vs 4).", ex.Message);
    }

    [Fact]
    public void BroadcastFailureReportsTheAlignedDim()
    {
        var ex = Assert.Throws<ArgumentException>(() => F(5, 1, 3) * F(2, 4, 3));
        Assert.Equal("Mul: shapes [5, 1, 3] and [2, 4, 3] cannot be broadcast together (dim 0: 5 vs 2).", ex.Message);
        var mixed = Assert.Throws<ArgumentException>(() => Tensor.Ones([2], DType.Int64) + Tensor.Ones([3], DType.Float64));
        Assert.Equal("Add: shapes [2] and [3] cannot be broadcast together (dim 0: 2 vs 3).", mixed.Message);
    }

    [Fact]
    public void WhereBroadcastFailure()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Where(F(2, 3), F(2, 3), F(2)));
        Assert.Equal("Where: shapes [2, 3] and [2] cannot be broadcast together (dim 1: 3 vs 2).", ex.Message);
        var cond = Assert.Throws<ArgumentException>(() => Tensor.Where(F(4), F(3), F(3)));
        Assert.Equal("Where: shapes [4] and [3] cannot be broadcast together (dim 0: 4 vs 3).", cond.Message);
    }

    [Fact]
    public void CopyIntoIncompatibleShapeNamesCopy()
    {
        using (Tensor.NoGrad())
        {
            var ex = Assert.Throws<ArgumentException>(() => F(2, 3).Copy_(F(4)));
            Assert.Equal("Copy_: shapes [2, 3] and [4] cannot be broadcast together (dim 1: 3 vs 4).", ex.Message);
        }
    }

    [Fact]
    public void CopyOfALargerSourceNamesCopy()
    {
        // A [2, 3] source does not fit a [3] destination (torch: "output with shape [3] doesn't match the broadcast shape [2, 3]").
        using (Tensor.NoGrad())
        {
            var ex = Assert.Throws<ArgumentException>(() => F(3).Copy_(F(2, 3)));
            Assert.Contains("Copy_", ex.Message);
            Assert.Contains("[2, 3]", ex.Message);
        }
    }

    // ---------------------------------------------------------------- joining

    [Fact]
    public void CatShapeMismatch()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Cat([F(2, 3), F(3, 4)]));
        Assert.Equal("Cat: shapes [2, 3], [3, 4] differ outside dim 0.", ex.Message);
        var dim1 = Assert.Throws<ArgumentException>(() => Tensor.Cat([F(2, 3), F(3, 3)], dim: 1));
        Assert.Equal("Cat: shapes [2, 3], [3, 3] differ outside dim 1.", dim1.Message);
        var rank = Assert.Throws<ArgumentException>(() => Tensor.Cat([F(2, 3), F(3)]));
        Assert.Equal("Cat: shapes [2, 3], [3] differ outside dim 0.", rank.Message);
        var empty = Assert.Throws<ArgumentException>(() => Tensor.Cat([]));
        Assert.Contains("Cat", empty.Message);
        var badDim = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Cat([F(2), F(2)], dim: 1));
        Assert.Contains("Cat: dim 1 is out of range", badDim.Message);
    }

    [Fact]
    public void StackShapeMismatch()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Stack([F(2), F(3)]));
        Assert.Equal("Stack: all tensors must have the same shape, got [2], [3].", ex.Message);
        var empty = Assert.Throws<ArgumentException>(() => Tensor.Stack([]));
        Assert.Contains("Stack", empty.Message);
        var badDim = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Stack([F(2), F(2)], dim: 3));
        Assert.Contains("Stack: dim 3 is out of range", badDim.Message);
    }

    // ---------------------------------------------------------------- indexing

    [Fact]
    public void GatherWithNonInt64Index()
    {
        var ex = Assert.Throws<ArgumentException>(() => F(2, 3).Gather(1, Tensor.Zeros([2, 1])));
        Assert.Equal("Gather: index must be an Int64 tensor, got Float32 of shape [2, 1].", ex.Message);
    }

    [Fact]
    public void GatherWithOutOfRangeIndex()
    {
        var index = Tensor.FromArray(new long[] { 0, 3 }, 2, 1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => F(2, 3).Gather(1, index));
        Assert.Equal("Gather: index 3 is out of bounds for a dim of size 3. (Parameter 'index')", ex.Message);
        var negative = Tensor.FromArray(new long[] { -4, 0 }, 2, 1);
        Assert.Equal("Gather: index -4 is out of bounds for a dim of size 3. (Parameter 'index')",
            Assert.Throws<ArgumentOutOfRangeException>(() => F(2, 3).Gather(1, negative)).Message);
    }

    [Fact]
    public void GatherIndexShapeErrors()
    {
        var rank = Assert.Throws<ArgumentException>(() => F(2, 3).Gather(1, Tensor.Zeros([2], DType.Int64)));
        Assert.Equal("Gather: index of shape [2] must have the same rank as the input [2, 3].", rank.Message);
        var outside = Assert.Throws<ArgumentException>(() => F(2, 3).Gather(1, Tensor.Zeros([3, 1], DType.Int64)));
        Assert.Equal("Gather: index shape [3, 1] must match input shape [2, 3] outside dim 1.", outside.Message);
    }

    [Fact]
    public void IndexSelectWithNonInt64Index()
    {
        var ex = Assert.Throws<ArgumentException>(() => F(4, 2).IndexSelect(0, Tensor.Zeros([3], DType.Float64)));
        Assert.Equal("IndexSelect: index must be an Int64 tensor, got Float64 of shape [3].", ex.Message);
    }

    [Fact]
    public void IndexSelectWithOutOfRangeIndex()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => F(4, 2).IndexSelect(0, Tensor.FromArray(new long[] { 1, 4 })));
        Assert.Equal("IndexSelect: index 4 is out of bounds for a dim of size 4. (Parameter 'index')", ex.Message);
        var ex1 = Assert.Throws<ArgumentOutOfRangeException>(() => F(4, 2).IndexSelect(1, Tensor.FromArray(new long[] { -3 })));
        Assert.Equal("IndexSelect: index -3 is out of bounds for a dim of size 2. (Parameter 'index')", ex1.Message);
        var twoD = Assert.Throws<ArgumentException>(() => F(4, 2).IndexSelect(0, Tensor.Zeros([2, 2], DType.Int64)));
        Assert.Equal("IndexSelect: index must be 1-d, got shape [2, 2].", twoD.Message);
    }

    [Fact]
    public void OneHotOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.OneHot(Tensor.FromArray(new long[] { 0, 3 }), 3));
        Assert.StartsWith("OneHot: class index 3 is out of range for 3 classes.", ex.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.OneHot(Tensor.FromArray(new long[] { -1, 1 }), 3));
        Assert.StartsWith("OneHot: class index -1 is out of range for 3 classes.", negative.Message);
        var dtype = Assert.Throws<ArgumentException>(() => Tensor.OneHot(Tensor.Zeros([2]), 3));
        Assert.Equal("OneHot: index must be an Int64 tensor, got Float32 of shape [2].", dtype.Message);
    }

    // ---------------------------------------------------------------- shapes and dims

    [Fact]
    public void ReshapeToIncompatibleSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => F(2, 3).Reshape(4, 2));
        Assert.Equal("Reshape: cannot reshape a tensor of shape [2, 3] (6 elements) into [4, 2].", ex.Message);
        var inferred = Assert.Throws<ArgumentException>(() => F(2, 3).Reshape(-1, 4));
        Assert.Equal("Reshape: cannot reshape a tensor of shape [2, 3] (6 elements) into [-1, 4].", inferred.Message);
    }

    [Fact]
    public void ViewToIncompatibleSizeNamesView()
    {
        var view = Assert.Throws<ArgumentException>(() => F(2, 3).View(5));
        Assert.Equal("View: cannot reshape a tensor of shape [2, 3] (6 elements) into [5].", view.Message);
    }

    [Fact]
    public void SumDimOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => F(2, 3).Sum(dim: 5));
        Assert.StartsWith("Sum: dim 5 is out of range for a tensor of rank 2 (expected -2 to 1).", ex.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => F(2, 3).Sum(dim: -3));
        Assert.StartsWith("Sum: dim -3 is out of range for a tensor of rank 2 (expected -2 to 1).", negative.Message);
        var repeated = Assert.Throws<ArgumentException>(() => F(2, 3).Sum([1, -1]));
        Assert.Equal("Sum: dim 1 appears more than once in the dims list.", repeated.Message);
    }

    public static TheoryData<string> DimOps() => new(
        "Sum", "Mean", "Max", "Min", "ArgMax", "ArgMin", "Var", "Std", "Norm", "LogSumExp", "Softmax", "LogSoftmax",
        "Transpose", "Select", "Slice", "Squeeze", "Unsqueeze", "Flatten", "Narrow", "Size", "Gather", "IndexSelect");

    private static Tensor ApplyDim(string op, Tensor x, int dim) => op switch
    {
        "Sum" => x.Sum(dim),
        "Mean" => x.Mean(dim),
        "Max" => x.Max(dim).Values,
        "Min" => x.Min(dim).Values,
        "ArgMax" => x.ArgMax(dim),
        "ArgMin" => x.ArgMin(dim),
        "Var" => x.Var([dim]),
        "Std" => x.Std([dim]),
        "Norm" => x.Norm(2, [dim]),
        "LogSumExp" => x.LogSumExp(dim),
        "Softmax" => x.Softmax(dim),
        "LogSoftmax" => x.LogSoftmax(dim),
        "Transpose" => x.Transpose(0, dim),
        "Select" => x.Select(dim, 0),
        "Slice" => x.Slice(dim, 0, 1),
        "Squeeze" => x.Squeeze(dim),
        "Unsqueeze" => x.Unsqueeze(dim + 1),
        "Flatten" => x.Flatten(0, dim),
        "Narrow" => x.Narrow(dim, 0, 1),
        "Size" => Tensor.Scalar(x.Size(dim)),
        "Gather" => x.Gather(dim, Tensor.Zeros([2, 3], DType.Int64)),
        _ => x.IndexSelect(dim, Tensor.Zeros([1], DType.Int64)),
    };

    [Theory]
    [MemberData(nameof(DimOps))]
    public void DimOutOfRangeNamesTheOp(string op)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ApplyDim(op, F(2, 3), 5));
        Assert.StartsWith($"{op}: dim ", ex.Message);
        Assert.Contains("out of range for a tensor of rank", ex.Message);
    }

    // ---------------------------------------------------------------- dtype

    public static TheoryData<string> FloatOnlyOps() => new("Exp", "Log", "Sqrt", "Tanh", "Sigmoid", "Relu", "Mean", "Var", "Norm", "Softmax", "LogSoftmax", "Pow", "Clamp", "Sign");

    private static Tensor ApplyFloatOnly(string op, Tensor x) => op switch
    {
        "Exp" => x.Exp(),
        "Log" => x.Log(),
        "Sqrt" => x.Sqrt(),
        "Tanh" => x.Tanh(),
        "Sigmoid" => x.Sigmoid(),
        "Relu" => x.Relu(),
        "Mean" => x.Mean(),
        "Var" => x.Var(),
        "Norm" => x.Norm(),
        "Softmax" => x.Softmax(0),
        "LogSoftmax" => x.LogSoftmax(0),
        "Pow" => x.Pow(2),
        "Clamp" => x.Clamp(0, 1),
        _ => x.Sign(),
    };

    [Theory]
    [MemberData(nameof(FloatOnlyOps))]
    public void FloatOnlyOpOnInt64NamesOpDtypeAndShape(string op)
    {
        var ex = Assert.Throws<ArgumentException>(() => ApplyFloatOnly(op, Tensor.Ones([3], DType.Int64)));
        Assert.Equal($"{op}: expected a floating-point tensor, got Int64 of shape [3].", ex.Message);
    }

    // ---------------------------------------------------------------- reductions over nothing

    [Fact]
    public void ExtremaOfEmptyDims()
    {
        Assert.Equal("Max: cannot reduce over an empty dim of shape [0].", Assert.Throws<ArgumentException>(() => Tensor.Zeros([0]).Max()).Message);
        Assert.Equal("Min: cannot reduce over an empty dim of shape [2, 0].", Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 0]).Min(1).Values).Message);
        Assert.Equal("ArgMax: cannot reduce over an empty dim of shape [0, 3].", Assert.Throws<ArgumentException>(() => Tensor.Zeros([0, 3]).ArgMax()).Message);
    }

    // ---------------------------------------------------------------- autograd

    [Fact]
    public void BackwardOnNonScalarWithoutGradient()
    {
        var x = Tensor.Ones([2, 2], requiresGrad: true);
        var y = x * 2.0;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Equal(
            "Backward: grad can be implicitly created only for scalar outputs; this output has shape [2, 2], so pass a gradient of that shape.",
            ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void BackwardWithWrongGradientShape()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var ex = Assert.Throws<ArgumentException>(() => (x * 2.0).Backward(Tensor.Ones([3])));
        Assert.Equal("Backward: the gradient has shape [3] but the output has shape [2].", ex.Message);
    }

    [Fact]
    public void BackwardTwiceWithoutRetainGraph()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var y = (x * x).Sum();
        y.Backward();
        Assert.Equal(new float[] { 2, 4 }, x.Grad!.ToArray<float>());
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", ex.Message);
        Assert.Contains("retainGraph", ex.Message);
    }

    [Fact]
    public void BackwardTwiceWithRetainGraphAccumulates()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new float[] { 4, 8 }, x.Grad!.ToArray<float>());
    }

    [Fact]
    public void BackwardOnTensorWithoutGrad()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Scalar(1).Backward());
        Assert.Equal("Backward: output 0 (shape []) does not require grad and has no grad_fn; nothing to differentiate.", ex.Message);
    }

    [Fact]
    public void RequiresGradOnInt64()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Ones([2], DType.Int64).RequiresGrad = true);
        Assert.Contains("floating-point", ex.Message);
        Assert.Contains("Int64", ex.Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Int64, requiresGrad: true));
        Assert.Throws<InvalidOperationException>(() => Tensor.Arange(3).RequiresGrad_());
        Tensor.Ones([2], DType.Int64).RequiresGrad = false; // switching off is always fine
    }

    [Fact]
    public void RequiresGradOnNonLeaf()
    {
        var y = Tensor.Ones([2], requiresGrad: true) * 2.0;
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("leaf", ex.Message);
        Assert.Contains("Detach", ex.Message);
    }

    public static TheoryData<string> InPlaceOps() => new("Add_", "Mul_", "Fill_", "Copy_");

    private static void ApplyInPlace(string op, Tensor x)
    {
        switch (op)
        {
            case "Add_": x.Add_(Tensor.Ones([2])); break;
            case "Mul_": x.Mul_(2); break;
            case "Fill_": x.Fill_(3); break;
            default: x.Copy_(Tensor.Full([2], 5)); break;
        }
    }

    [Theory]
    [MemberData(nameof(InPlaceOps))]
    public void InPlaceOnLeafRequiringGradOutsideNoGrad(string op)
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => ApplyInPlace(op, x));
        Assert.Equal(
            $"{op}: a tensor that requires grad cannot be modified in place while autograd is recording; wrap the update in Tensor.NoGrad().",
            ex.Message);
        Assert.Equal(new float[] { 1, 1 }, x.ToArray<float>()); // untouched

        using (Tensor.NoGrad()) ApplyInPlace(op, x);             // allowed inside NoGrad
        Assert.NotEqual(new float[] { 1, 1 }, x.ToArray<float>());
        Assert.True(x.RequiresGrad);
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void InPlaceOnNonLeafOutsideNoGrad()
    {
        var y = Tensor.Zeros([2], requiresGrad: true) + 1.0;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Zero_());
        Assert.Contains("in place", ex.Message);
    }

    [Fact]
    public void ModifyingASavedInputBeforeBackward()
    {
        var w = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var x = Tensor.FromArray(new float[] { 3, 4 });
        var y = (x * w).Sum();
        using (Tensor.NoGrad()) x.Add_(Tensor.Ones([2]));
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("input 0 (shape [2]) was modified in place", ex.Message);
    }

    [Fact]
    public void AutogradGradInputErrors()
    {
        var x = Tensor.Ones([2], requiresGrad: true);
        var unused = Tensor.Ones([3], requiresGrad: true);
        var y = (x * 3.0).Sum();
        var notRequiring = Assert.Throws<ArgumentException>(() => Nabla.Autograd.Grad(y, Tensor.Ones([2])));
        Assert.Equal("Grad: input 0 (shape [2]) does not require grad.", notRequiring.Message);
        var ex = Assert.Throws<InvalidOperationException>(() => Nabla.Autograd.Grad([y], [x, unused]));
        Assert.Contains("Grad: input 1 (shape [3]) was not used", ex.Message);
        Assert.Contains("allowUnused", ex.Message);
    }
}
