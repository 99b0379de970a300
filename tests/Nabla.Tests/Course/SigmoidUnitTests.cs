namespace Nabla.Tests.Course;

/// <summary>The course's exercises on a single sigmoid unit and on σ's derivatives.</summary>
public class SigmoidUnitTests
{
    [Fact]
    public void OneSgdStepMatchesTheClosedForm()
    {
        // h = σ(b + w₁x₁ + w₂x₂), L = ½(y − h)², θ¹ = θ⁰ − α(h − y)·h(1 − h)·(1, x₁, x₂)
        double x1 = 1, x2 = 2, y = 3, alpha = 0.1;
        var theta = Tensor.FromArray(new double[] { 4, 5, 6 }).RequiresGrad_();
        var features = Tensor.FromArray(new double[] { 1, x1, x2 });
        var h = theta.MatMul(features).Sigmoid();
        var loss = 0.5 * (y - h).Pow(2);
        loss.Backward();
        using (Tensor.NoGrad()) theta.Add_(theta.Grad!, -alpha);

        double z = 4 + 5 * x1 + 6 * x2, hv = 1 / (1 + Math.Exp(-z));
        double factor = alpha * (hv - y) * hv * (1 - hv);
        var expected = new[] { 4 - factor, 5 - factor * x1, 6 - factor * x2 };
        var actual = theta.ToDoubleArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 15);
        Assert.True(actual[0] > 4, "the unit under-predicts (h < y), so every parameter must grow");
    }

    public static TheoryData<double> Grid() => new(Enumerable.Range(-12, 25).Select(i => i * 0.5));

    [Theory]
    [MemberData(nameof(Grid))]
    public void SigmoidDerivativesUpToThirdOrder(double point)
    {
        var x = Tensor.FromArray(new[] { point }).RequiresGrad_();
        var s = x.Sigmoid();
        var d1 = Nabla.Autograd.Grad(s.Sum(), x, createGraph: true);
        var d2 = Nabla.Autograd.Grad(d1.Sum(), x, createGraph: true);
        var d3 = Nabla.Autograd.Grad(d2.Sum(), x);
        double sv = 1 / (1 + Math.Exp(-point));
        Assert.Equal(sv * (1 - sv), d1.Item(), 14);
        Assert.Equal(sv * (1 - sv) * (1 - 2 * sv), d2.Item(), 14);
        Assert.Equal(sv * (1 - sv) * (1 - 6 * sv + 6 * sv * sv), d3.Item(), 14);
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void TanhIsARescaledSigmoid(double point)
    {
        // tanh(x) = 2σ(2x) − 1, and so are their derivatives.
        var x = Tensor.FromArray(new[] { point }).RequiresGrad_();
        var tanh = x.Tanh();
        var viaSigmoid = 2.0 * (2.0 * x).Sigmoid() - 1.0;
        Assert.Equal(tanh.Item(), viaSigmoid.Item(), 14);
        Assert.Equal(Nabla.Autograd.Grad(tanh.Sum(), x).Item(), Nabla.Autograd.Grad(viaSigmoid.Sum(), x).Item(), 14);
    }
}
