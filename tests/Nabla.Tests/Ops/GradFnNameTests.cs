namespace Nabla.Tests.Ops;

/// <summary>
/// The grad_fn names PyTorch prints, op by op. Checked against Debian's python3-torch 1.13 with
/// <c>x.op(...).grad_fn.name()</c>; 1.13 alone prints ReshapeAliasBackward0 for the reshape of a contiguous tensor
/// (and for flatten), where PyTorch 2.x prints ViewBackward0, which Nabla follows.
/// </summary>
public class GradFnNameTests
{
    private static Tensor M() => Tensor.Randn([3, 4], new Generator(1), requiresGrad: true);

    private static Tensor M3() => Tensor.Randn([3, 1, 4], new Generator(2), requiresGrad: true);

    public static TheoryData<string, string> Cases() => new()
    {
        { "squeeze()", "SqueezeBackward0" },
        { "squeeze(1)", "SqueezeBackward1" },
        { "unsqueeze(0)", "UnsqueezeBackward0" },
        { "view(12)", "ViewBackward0" },
        { "reshape(12)", "ViewBackward0" },
        { "t().reshape(-1)", "UnsafeViewBackward0" },
        { "flatten()", "ViewBackward0" },
        { "transpose(0, 1)", "TransposeBackward0" },
        { "permute(1, 0)", "PermuteBackward0" },
        { "T", "PermuteBackward0" },
        { "mT", "TransposeBackward0" },
        { "expand(3, 5, 4)", "ExpandBackward0" },
        { "select(0, 1)", "SelectBackward0" },
        { "x[1]", "SelectBackward0" },
        { "x[:, 1:3]", "SliceBackward0" },
        { "narrow(1, 1, 2)", "SliceBackward0" },
        { "t().contiguous()", "CloneBackward0" },
        { "max()", "MaxBackward1" },
        { "max(1)", "MaxBackward0" },
        { "amax((0, 1))", "AmaxBackward0" },
        { "min()", "MinBackward1" },
        { "min(1)", "MinBackward0" },
        { "amin((0, 1))", "AminBackward0" },
        { "sort(1)", "SortBackward0" },
        { "topk(2)", "TopkBackward0" },
        { "median()", "MedianBackward0" },
        { "median(1)", "MedianBackward1" },
        { "kthvalue(2, 1)", "KthvalueBackward0" },
    };

    private static Tensor Apply(string op) => op switch
    {
        "squeeze()" => M3().Squeeze(),
        "squeeze(1)" => M3().Squeeze(1),
        "unsqueeze(0)" => M().Unsqueeze(0),
        "view(12)" => M().View(12),
        "reshape(12)" => M().Reshape(12),
        "t().reshape(-1)" => M().T.Reshape(-1),
        "flatten()" => M3().Flatten(),
        "transpose(0, 1)" => M().Transpose(0, 1),
        "permute(1, 0)" => M().Permute(1, 0),
        "T" => M().T,
        "mT" => M().MT,
        "expand(3, 5, 4)" => M3().Expand(3, 5, 4),
        "select(0, 1)" => M().Select(0, 1),
        "x[1]" => M()[1],
        "x[:, 1:3]" => M().Slice(1, 1, 3),
        "narrow(1, 1, 2)" => M().Narrow(1, 1, 2),
        "t().contiguous()" => M().T.Contiguous(),
        "max()" => M().Max(),
        "max(1)" => M().Max(1).Values,
        "amax((0, 1))" => M().Amax([0, 1]),
        "min()" => M().Min(),
        "min(1)" => M().Min(1).Values,
        "amin((0, 1))" => M().Amin([0, 1]),
        "sort(1)" => M().Sort(1).Values,
        "topk(2)" => M().TopK(2).Values,
        "median()" => M().Median(),
        "median(1)" => M().Median(1).Values,
        "kthvalue(2, 1)" => M().Kthvalue(2, 1).Values,
        _ => throw new ArgumentException(op),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradFnIsNamedAsPyTorchNamesIt(string op, string expected) => Assert.Equal(expected, Apply(op).GradFn!.Name);

    [Fact]
    public void ReshapeOfANonContiguousTensorClonesFirst()
    {
        var y = M().T.Reshape(-1);
        Assert.Equal("CloneBackward0", y.GradFn!.Inputs[0]!.GradFn!.Name);
    }

    [Fact]
    public void SelectAndUnsqueezeViewsSendTheGradientBack()
    {
        var x = M();
        (x.Select(1, 2) * 2.0).Sum().Backward();
        var expected = new double[12];
        for (int r = 0; r < 3; r++) expected[r * 4 + 2] = 2;
        Assert.Equal(expected, x.Grad!.ToDoubleArray());
    }
}
