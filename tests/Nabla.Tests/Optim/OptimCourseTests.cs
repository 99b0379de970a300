using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>The course's facts about optimizers and penalties, as tests.</summary>
public class OptimCourseTests
{
    [Fact]
    public void AnL2StepShrinksThenFollowsTheGradient()
    {
        // θ ← (1 − εα)θ − ε∇L, whether the L2 term is added to the loss or given as SGD's weight decay.
        const double epsilon = 0.1, alpha = 0.3;
        var x = Tensor.Randn([5, 3], seed: 11, DType.Float64);
        var y = Tensor.Randn([5], seed: 12, DType.Float64);
        Func<Tensor, Tensor> loss = theta => 0.5 * (x.MatMul(theta) - y).Pow(2).Sum();
        var start = Tensor.Randn([3], seed: 13, DType.Float64);

        var theta = start.Clone().RequiresGrad_();
        var gradL = Nabla.Autograd.Grad(loss(theta), theta).ToDoubleArray();
        var expected = start.ToDoubleArray().Select((v, i) => (1 - epsilon * alpha) * v - epsilon * gradL[i]).ToArray();

        var penalised = start.Clone().RequiresGrad_();
        var sgd = new SGD([penalised], lr: epsilon);
        (loss(penalised) + Penalties.L2([penalised], alpha)).Backward();
        sgd.Step();
        Assert.Equal(expected, penalised.ToDoubleArray(), new Close(1e-15));

        var decayed = start.Clone().RequiresGrad_();
        var withDecay = new SGD([decayed], lr: epsilon, weightDecay: alpha);
        loss(decayed).Backward();
        withDecay.Step();
        Assert.Equal(expected, decayed.ToDoubleArray(), new Close(1e-15));
    }

    [Fact]
    public void MomentumVelocityIsTheDiscountedSumOfGradients()
    {
        // v_t = αv_{t−1} − εg_t, θ_t = θ_{t−1} + v_t, so v_t = −ε Σᵢ α^(t−i) gᵢ. PyTorch's buffer b_t = αb_{t−1} + g_t
        // (b₁ = g₁) with θ_t = θ_{t−1} − εb_t is the same recursion with v = −εb.
        const double epsilon = 0.05, alpha = 0.8;
        var theta = Tensor.Zeros([4], DType.Float64, requiresGrad: true);
        var sgd = new SGD([theta], lr: epsilon, momentum: alpha);
        var grads = Enumerable.Range(0, 8).Select(i => Tensor.Randn([4], seed: 100 + i, DType.Float64).ToDoubleArray()).ToArray();
        for (int t = 0; t < grads.Length; t++)
        {
            var before = theta.ToDoubleArray();
            theta.Grad = Tensor.FromArray(grads[t]);
            sgd.Step();
            var velocity = theta.ToDoubleArray().Select((v, j) => v - before[j]).ToArray();
            var expected = Enumerable.Range(0, 4)
                .Select(j => -epsilon * Enumerable.Range(0, t + 1).Sum(i => Math.Pow(alpha, t - i) * grads[i][j])).ToArray();
            Assert.Equal(expected, velocity, new Close(1e-15));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void AdagradsPerCoordinateStepSizeNeverIncreases(double lrDecay)
    {
        const double lr = 0.1, eps = 1e-10;
        var problem = new ReferenceProblem(DType.Float64);
        var parameters = problem.InitialParameters();
        var adagrad = new Adagrad(parameters, lr: lr, lrDecay: lrDecay);
        var previous = parameters.Select(p => Enumerable.Repeat(double.PositiveInfinity, p.Numel).ToArray()).ToArray();
        for (int t = 0; t < problem.Steps; t++)
        {
            problem.Run(adagrad, parameters, t, 1);
            double lrT = lr / (1 + t * lrDecay);
            for (int k = 0; k < parameters.Length; k++)
            {
                var sum = adagrad.State[parameters[k]].Buffers["sum"].ToDoubleArray();
                var stepSize = sum.Select(s => lrT / (Math.Sqrt(s) + eps)).ToArray();
                for (int j = 0; j < stepSize.Length; j++)
                    Assert.True(stepSize[j] <= previous[k][j], $"step {t + 1}, parameter {k}[{j}]: step size grew from {previous[k][j]} to {stepSize[j]}");
                previous[k] = stepSize;
            }
        }
    }

    [Fact]
    public void AdamsBiasCorrectedFirstStepMovesEachCoordinateByAboutLr()
    {
        // m̂₁ = g, v̂₁ = g², so Δθ = −lr · g / (|g| + ε): a step of lr against the gradient's sign, whatever its scale.
        const double lr = 0.01;
        var grad = new[] { 1e-3, -0.5, 7, -2e3, 1e6 };
        var theta = Tensor.Zeros([5], DType.Float64, requiresGrad: true);
        var adam = new Adam([theta], lr: lr);
        theta.Grad = Tensor.FromArray(grad);
        adam.Step();
        var step = theta.ToDoubleArray();
        for (int i = 0; i < grad.Length; i++)
        {
            Assert.Equal(-Math.Sign(grad[i]), Math.Sign(step[i]));
            Assert.Equal(lr, Math.Abs(step[i]), lr * 1e-4);
        }
    }

    [Fact]
    public void L1GivesManyMoreNearZeroWeightsThanL2()
    {
        // Seeded sparse linear regression: 3 of 20 features matter. Same data, same schedule, same λ; only the penalty differs.
        int l1Zeros = NearZeroWeights(Penalties.L1, out var l1Weights);
        int l2Zeros = NearZeroWeights(Penalties.L2, out var l2Weights);
        Assert.True(l1Zeros >= 15, $"L1 left {l1Zeros} of 20 weights below 1e-3: {string.Join(", ", l1Weights)}");
        Assert.True(l2Zeros <= 2, $"L2 left {l2Zeros} of 20 weights below 1e-3: {string.Join(", ", l2Weights)}");
        Assert.True(Math.Abs(l1Weights[0] - 2) < 0.2 && Math.Abs(l1Weights[5] + 3) < 0.2 && Math.Abs(l1Weights[12] - 1.5) < 0.2,
            "L1 keeps the three true weights (2, −3, 1.5) roughly right");
    }

    private static int NearZeroWeights(Func<IEnumerable<Tensor>, double, Tensor> penalty, out double[] weights)
    {
        const int n = 200, d = 20;
        var g = new Generator(seed: 2024);
        var x = Tensor.Randn([n, d], g, DType.Float64);
        var truth = new double[d];
        (truth[0], truth[5], truth[12]) = (2, -3, 1.5);
        var y = x.MatMul(Tensor.FromArray(truth)) + 0.5 * Tensor.Randn([n], g, DType.Float64);
        var w = (0.1 * Tensor.Randn([d], g, DType.Float64)).Detach().RequiresGrad_();
        var sgd = new SGD([w], lr: 0.05);
        var schedule = new CosineAnnealingLR(sgd, tMax: 1000); // the lr falls to 0, so L1's subgradient steps settle
        for (int t = 0; t < 1000; t++)
        {
            sgd.ZeroGrad();
            var loss = 0.5 * (x.MatMul(w) - y).Pow(2).Mean() + penalty([w], 0.1);
            loss.Backward();
            sgd.Step();
            schedule.Step();
        }
        weights = w.ToDoubleArray();
        return weights.Count(v => Math.Abs(v) < 1e-3);
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
