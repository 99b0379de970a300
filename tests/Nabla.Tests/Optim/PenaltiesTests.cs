using Nabla.Optim;

namespace Nabla.Tests.Optim;

public class PenaltiesTests
{
    public static TheoryData<string> Cases => OptimReference.Names("penalties");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueAndGradientMatchPyTorch(string name)
    {
        var c = OptimReference.Case("penalties", name);
        var shapes = c.GetProperty("shapes").EnumerateArray().Select(OptimReference.Ints).ToArray();
        var weights = c.GetProperty("weights").EnumerateArray()
            .Select((w, k) => Tensor.FromArray(OptimReference.Doubles(w), shapes[k]).RequiresGrad_()).ToArray();
        var value = Penalty(c.GetProperty("penalty").GetString()!, weights, c.GetProperty("lambda").GetDouble());
        Assert.Empty(value.Shape);
        Assert.Equal(c.GetProperty("value").GetDouble(), value.Item(), 1e-12);
        value.Backward();
        var grads = c.GetProperty("grads").EnumerateArray().Select(OptimReference.Doubles).ToArray();
        for (int k = 0; k < weights.Length; k++)
            OptimReference.AssertClose(grads[k], weights[k].Grad!.ToDoubleArray(), 1e-12, $"{name}: grad {k}");
    }

    [Theory]
    [InlineData("L1")]
    [InlineData("L2")]
    [InlineData("LInf")]
    public void PassesGradCheck(string penalty)
    {
        // Away from kinks: no zero weights, no tied rows (random values).
        var a = (Tensor.Randn([3, 4], seed: 1, DType.Float64) + 0.1).RequiresGrad_();
        var b = (Tensor.Randn([2, 5], seed: 2, DType.Float64) - 0.1).RequiresGrad_();
        Assert.True(Nabla.Autograd.GradCheck(xs => Penalty(penalty, xs, 0.7), [a, b], name: penalty));
    }

    [Fact]
    public void LInfSubgradientIsTheSignOnTheLargestRow()
    {
        // (λ/n)·sign(w) on the row with the largest absolute sum of each matrix, 0 elsewhere.
        var w1 = Tensor.FromArray(new double[] { 1, -2, 0.5, 0.5, -3, 4 }, 3, 2).RequiresGrad_();   // row sums 3, 1, 7
        var w2 = Tensor.FromArray(new double[] { -5, 1, 0, 0.1 }, 2, 2).RequiresGrad_();            // row sums 6, 0.1
        var r = Penalties.LInf([w1, w2], lambda: 0.4);
        Assert.Equal(0.4 / 2 * (7 + 6), r.Item(), 14);
        r.Backward();
        Assert.Equal(new[] { 0, 0, 0, 0, -0.2, 0.2 }, w1.Grad!.ToDoubleArray());
        Assert.Equal(new[] { -0.2, 0.2, 0, 0 }, w2.Grad!.ToDoubleArray());
    }

    [Fact]
    public void LInfTiedRowsShareTheSubgradient()
    {
        // Rows 0 and 2 tie at 6: each gets half of λ·sign(w) (the average of the two rows' subgradients).
        var w = Tensor.FromArray(new double[] { 1, -2, 3, 0.5, 0.5, 0.5, -3, 2, -1 }, 3, 3).RequiresGrad_();
        Penalties.LInf([w], lambda: 1).Backward();
        Assert.Equal(new[] { 0.5, -0.5, 0.5, 0, 0, 0, -0.5, 0.5, -0.5 }, w.Grad!.ToDoubleArray());
    }

    [Fact]
    public void LInfTreatsEachOutputUnitOfAConvolutionWeightAsARow()
    {
        var w = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), 2, 3, 2);
        Assert.Equal(6 + 7 + 8 + 9 + 10 + 11, Penalties.LInf([w], 1).Item());
    }

    [Fact]
    public void L2GradientIsLambdaTimesTheWeights()
    {
        var w = Tensor.FromArray(new[] { 1.5, -2.0, 0.25 }).RequiresGrad_();
        var r = Penalties.L2([w], 0.1);
        Assert.Equal(0.05 * (2.25 + 4 + 0.0625), r.Item(), 15);
        r.Backward();
        Assert.Equal(new[] { 0.15, -0.2, 0.025 }, w.Grad!.ToDoubleArray(), new DoubleTolerance(1e-16));
    }

    [Fact]
    public void ErrorsNameThePenaltyAndTheShape()
    {
        Assert.Equal("L1: no weights given.", Assert.Throws<ArgumentException>(() => Penalties.L1([], 1)).Message);
        Assert.Equal("LInf: expects weight matrices (rank ≥ 2), got a tensor of shape [4]; leave biases out.",
            Assert.Throws<ArgumentException>(() => Penalties.LInf([Tensor.Zeros([3, 4]), Tensor.Zeros([4])], 1)).Message);
        Assert.Equal("L2: weights must be Float32 or Float64, got Int64 of shape [2].",
            Assert.Throws<ArgumentException>(() => Penalties.L2([Tensor.FromArray(new long[] { 1, 2 })], 1)).Message);
    }

    internal static Tensor Penalty(string kind, IEnumerable<Tensor> weights, double lambda) => kind switch
    {
        "L1" => Penalties.L1(weights, lambda),
        "L2" => Penalties.L2(weights, lambda),
        _ => Penalties.LInf(weights, lambda),
    };

    private sealed class DoubleTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
