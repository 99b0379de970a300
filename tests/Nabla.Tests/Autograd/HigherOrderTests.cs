namespace Nabla.Tests.Autograd;

public class HigherOrderTests
{
    [Fact]
    public void ThirdDerivativeOfACubic()
    {
        var x = Tensor.FromArray(new double[] { -1.5, 0.5, 2 }).RequiresGrad_();
        var y = x.Pow(3).Sum();
        var d1 = Nabla.Autograd.Grad(y, x, createGraph: true);
        var d2 = Nabla.Autograd.Grad(d1.Sum(), x, createGraph: true);
        var d3 = Nabla.Autograd.Grad(d2.Sum(), x);
        Assert.Equal(new[] { 6.75, 0.75, 12 }, d1.ToDoubleArray());
        Assert.Equal(new[] { -9.0, 3, 12 }, d2.ToDoubleArray());
        Assert.Equal(new[] { 6.0, 6, 6 }, d3.ToDoubleArray());
    }

    [Fact]
    public void HessianVectorProductOfAQuadratic()
    {
        // f(w) = ½ wᵀAw + bᵀw has Hessian A, so H·v = A·v.
        var a = Tensor.FromArray(new double[] { 4, 1, 0, 1, 3, -1, 0, -1, 2 }, 3, 3);
        var b = Tensor.FromArray(new double[] { 1, -2, 0.5 });
        var w = Tensor.FromArray(new double[] { 0.3, -0.7, 1.1 }).RequiresGrad_();
        var v = Tensor.FromArray(new double[] { 1, 2, -1 });
        var f = 0.5 * w.MatMul(a.MatMul(w)) + b.MatMul(w);
        var grad = Nabla.Autograd.Grad(f, w, createGraph: true);
        var hv = Nabla.Autograd.Grad((grad * v).Sum(), w);
        Assert.Equal(a.MatMul(v).ToDoubleArray(), hv.ToDoubleArray());
    }

    [Fact]
    public void NewtonStepSolvesAQuadraticInOneStep()
    {
        // Newton: w ← w − H⁻¹∇f; the Hessian is assembled column by column from Hessian-vector products.
        var a = Tensor.FromArray(new double[] { 3, 1, 1, 2 }, 2, 2);
        var b = Tensor.FromArray(new double[] { -1, 4 });
        var w = Tensor.FromArray(new double[] { 5, -5 }).RequiresGrad_();
        var f = 0.5 * w.MatMul(a.MatMul(w)) + b.MatMul(w);
        var g = Nabla.Autograd.Grad(f, w, createGraph: true);
        var h = new double[2, 2];
        for (int j = 0; j < 2; j++)
        {
            var e = Tensor.Zeros([2], DType.Float64);
            using (Tensor.NoGrad()) e.Select(0, j).Fill_(1);
            var column = Nabla.Autograd.Grad((g * e).Sum(), w, retainGraph: true).ToDoubleArray();
            h[0, j] = column[0];
            h[1, j] = column[1];
        }
        var gv = g.ToDoubleArray();
        double det = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0];
        var step = new[] { (h[1, 1] * gv[0] - h[0, 1] * gv[1]) / det, (-h[1, 0] * gv[0] + h[0, 0] * gv[1]) / det };
        var wv = w.ToDoubleArray();
        var next = Tensor.FromArray(new[] { wv[0] - step[0], wv[1] - step[1] }).RequiresGrad_();
        var gradAtNext = Nabla.Autograd.Grad(0.5 * next.MatMul(a.MatMul(next)) + b.MatMul(next), next).ToDoubleArray();
        Assert.All(gradAtNext, v => Assert.Equal(0, v, 12));
    }

    [Fact]
    public void GradDoesNotTouchLeafGradsAndReportsUnusedInputs()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var unused = Tensor.FromArray(new double[] { 3 }).RequiresGrad_();
        var y = (x * x).Sum();
        var grads = Nabla.Autograd.Grad([y], [x, unused], retainGraph: true, allowUnused: true);
        Assert.Null(x.Grad);
        Assert.Null(grads[1]);
        Assert.Equal(new double[] { 2, 4 }, grads[0]!.ToDoubleArray());
        var error = Assert.Throws<InvalidOperationException>(() => Nabla.Autograd.Grad([y], [x, unused]));
        Assert.Contains("input 1", error.Message);
    }

    [Fact]
    public void BackwardWithCreateGraphGivesDifferentiableLeafGrads()
    {
        var x = Tensor.FromArray(new double[] { 0.5 }).RequiresGrad_();
        x.Sigmoid().Sum().Backward(createGraph: true);
        var firstDerivative = x.Grad!;
        Assert.True(firstDerivative.RequiresGrad);
        var second = Nabla.Autograd.Grad(firstDerivative.Sum(), x).Item();
        double s = 1 / (1 + Math.Exp(-0.5));
        Assert.Equal(s * (1 - s) * (1 - 2 * s), second, 12);
    }

    [Fact]
    public void GradCheckReportsTheOpInputElementAndBothValues()
    {
        // x·detach(x) has true derivative 2x, but autograd sees only x: the check must catch it.
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }).RequiresGrad_();
        var error = Assert.Throws<GradCheckException>(() => Nabla.Autograd.GradCheck(t => t[0] * t[0].Detach(), [x], name: "BadSquare"));
        Assert.Contains("BadSquare", error.Message);
        Assert.Contains("input 0", error.Message);
        Assert.Contains("input element 2", error.Message); // the worst: x = 3 has analytic 3, numerical 6
        Assert.Matches(@"analytic 3 vs numerical (6|5\.9999)", error.Message);
    }

    [Fact]
    public void GradGradCheckCatchesAWrongSecondDerivative()
    {
        // f = 2x·detach(x) − detach(x)² has the value x² and the right first derivative 2x, but its recorded
        // gradient 2·detach(x) is constant, so the second derivative comes out 0 instead of 2.
        var x = Tensor.FromArray(new double[] { 0.7, -1.2, 2.0 }).RequiresGrad_();
        Func<Tensor[], Tensor> f = t => 2.0 * t[0] * t[0].Detach() - t[0].Detach().Pow(2);
        Assert.True(Nabla.Autograd.GradCheck(f, [x]));
        var error = Assert.Throws<GradCheckException>(() => Nabla.Autograd.GradGradCheck(f, [x], name: "DetachedSquare"));
        Assert.Contains("DetachedSquare (second order)", error.Message);
    }
}
