using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>Activation functions and modules: gradient checks (first and second order), PyTorch's conventions at the
/// kinks, stability at ±1000, erf's accuracy, the PReLU parameter, module text.</summary>
public class ActivationTests
{
    private static Tensor Away(long seed, params int[] shape)
    {
        var r = Tensor.Randn(shape, seed, DType.Float64);
        return (r.Sign() * (r.Abs() + 0.2)).Detach().RequiresGrad_();
    }

    private static Tensor Randn(long seed, params int[] shape) => Tensor.Randn(shape, seed, DType.Float64, requiresGrad: true);

    /// <summary>name → (function of the inputs, inputs); inputs stay away from kinks where the function has one.</summary>
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)> Cases = new()
    {
        ["ReLU"] = (x => Functional.Relu(x[0]) * x[0], () => [Away(1, 3, 4)]),
        ["LeakyReLU"] = (x => Functional.LeakyRelu(x[0], 0.2) * x[0], () => [Away(2, 3, 4)]),
        ["PReLU shared"] = (x => Functional.Prelu(x[0], x[1]) * x[0], () => [Away(3, 3, 4), Tensor.Full([1], 0.3, DType.Float64, requiresGrad: true)]),
        ["PReLU per channel"] = (x => Functional.Prelu(x[0], x[1]) * x[0], () => [Away(4, 2, 3, 2), Randn(5, 3)]),
        ["ELU"] = (x => Functional.Elu(x[0], 0.7), () => [Away(6, 3, 4)]),
        ["GELU"] = (x => Functional.Gelu(x[0]), () => [Randn(7, 3, 4)]),
        ["GELU tanh"] = (x => Functional.Gelu(x[0], "tanh"), () => [Randn(8, 3, 4)]),
        ["SiLU"] = (x => Functional.Silu(x[0]), () => [Randn(9, 3, 4)]),
        ["Tanh"] = (x => Functional.Tanh(x[0]), () => [Randn(10, 3, 4)]),
        ["Sigmoid"] = (x => Functional.Sigmoid(x[0]), () => [Randn(11, 3, 4)]),
        ["Softplus"] = (x => Functional.Softplus(x[0]), () => [Randn(12, 3, 4)]),
        ["Softplus beta 2 threshold 1"] = (x => Functional.Softplus(x[0], 2, 1), () => [Away(13, 3, 4)]),
        ["Softmax"] = (x => Functional.Softmax(x[0], 1) * x[1], () => [Randn(14, 3, 4), Randn(15, 4)]),
        ["LogSoftmax"] = (x => Functional.LogSoftmax(x[0], 0) * x[1], () => [Randn(16, 3, 4), Randn(17, 3, 4)]),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void GradCheckPasses(string name) =>
        Assert.True(Nabla.Autograd.GradCheck(Cases[name].F, Cases[name].Inputs(), name: name));

    [Theory]
    [MemberData(nameof(Names))]
    public void GradGradCheckPasses(string name) =>
        Assert.True(Nabla.Autograd.GradGradCheck(Cases[name].F, Cases[name].Inputs(), name: name));

    // erf(x) for doubles x, correctly rounded (mpmath at 40 digits).
    private static readonly double[][] ErfTable =
    [
        [1e-300, 1.1283791670955126e-300], [1e-20, 1.1283791670955125e-20], [3e-09, 3.3851375012865378e-09],
        [0.1, 0.1124629160182849], [0.3, 0.3286267594591274], [0.46875, 0.49261347321793797], [0.47, 0.4937450508860821],
        [0.5, 0.5204998778130465], [0.75, 0.7111556336535151], [1.0, 0.8427007929497149], [1.5, 0.9661051464753108],
        [2.0, 0.9953222650189527], [2.5, 0.999593047982555], [3.0, 0.9999779095030014], [3.75, 0.9999998862727434],
        [4.0, 0.9999999845827421], [4.25, 0.9999999981494259], [5.0, 0.9999999999984626], [5.5, 0.9999999999999927],
        [5.9, 0.9999999999999999], [6.5, 1.0], [-0.2, -0.22270258921047847], [-1.25, -0.9229001282564583],
        [-3.3, -0.9999969422902035], [-4.8, -0.9999999999886479],
    ];

    [Fact]
    public void ErfIsAccurateInDoubleAndFloat()
    {
        var x = Tensor.FromArray(ErfTable.Select(r => r[0]).ToArray());
        var d = x.Erf().ToDoubleArray();
        var f = x.Float().Erf().ToArray<float>();
        var xf = x.Float().ToDoubleArray();
        for (int i = 0; i < ErfTable.Length; i++)
        {
            double expected = ErfTable[i][1];
            Assert.True(Math.Abs(d[i] - expected) <= 1e-15 * Math.Abs(expected), $"erf({ErfTable[i][0]:R}) = {d[i]:R}, expected {expected:R}");
            // float: the float erf of the float input, within one float ulp of the double result
            double fromFloatInput = Nabla.Kernels.SpecialMath.Erf(xf[i]);
            Assert.True(Math.Abs(f[i] - fromFloatInput) <= 6e-8 * Math.Abs(fromFloatInput), $"float erf({xf[i]:R}) = {f[i]:R}");
        }
        Assert.Equal([1.0, -1.0, 0.0], Tensor.FromArray([double.PositiveInfinity, double.NegativeInfinity, 0.0]).Erf().ToDoubleArray());
        Assert.True(double.IsNaN(Tensor.FromArray([double.NaN]).Erf().Item()));
    }

    [Fact]
    public void Log1pKeepsTinyArguments()
    {
        var y = Tensor.FromArray([1e-17, -1e-12, 0.5, -1.0, 1e300]).Log1p().ToDoubleArray();
        Assert.Equal(1e-17, y[0]);
        Assert.Equal(-1.0000000000005e-12, y[1], 1e-27);
        Assert.Equal(Math.Log(1.5), y[2], 1e-16);
        Assert.Equal(double.NegativeInfinity, y[3]);
        Assert.Equal(Math.Log(1e300), y[4], 1e-12);
    }

    [Fact]
    public void KinksTakePyTorchsDerivative()
    {
        // at exactly 0: ReLU 0, LeakyReLU the slope, ELU α, PReLU the slope (PyTorch's choices)
        static double GradAtZero(Func<Tensor, Tensor> f)
        {
            var x = Tensor.Zeros([1], DType.Float64, requiresGrad: true);
            f(x).Sum().Backward();
            return x.Grad!.Item();
        }
        Assert.Equal(0.0, GradAtZero(Functional.Relu));
        Assert.Equal(0.2, GradAtZero(x => Functional.LeakyRelu(x, 0.2)));
        Assert.Equal(0.5, GradAtZero(x => Functional.Elu(x, 0.5)));
        Assert.Equal(0.25, GradAtZero(x => Functional.Prelu(x, Tensor.Full([1], 0.25, DType.Float64))));
        Assert.Equal(0.5, GradAtZero(x => Functional.Gelu(x)), 1e-15);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void SaturatingActivationsStayFiniteAtThousand(DType dtype)
    {
        var fs = new Dictionary<string, (Func<Tensor, Tensor> F, double[] Values, double[] Grads)>
        {
            ["Softplus"] = (x => Functional.Softplus(x), [0, 1000], [0, 1]),
            ["Softplus beta 0.01"] = (x => Functional.Softplus(x, 0.01), [SoftplusTail * 100, 1000 + SoftplusTail * 100],
                [1 / (1 + Math.Exp(10)), 1 / (1 + Math.Exp(-10))]),
            ["ELU"] = (x => Functional.Elu(x), [-1, 1000], [0, 1]),
            ["SiLU"] = (x => Functional.Silu(x), [0, 1000], [0, 1]),
            ["GELU"] = (x => Functional.Gelu(x), [0, 1000], [0, 1]),
            ["GELU tanh"] = (x => Functional.Gelu(x, "tanh"), [0, 1000], [0, 1]),
            ["Sigmoid"] = (x => Functional.Sigmoid(x), [0, 1], [0, 0]),
        };
        foreach (var (name, (f, values, grads)) in fs)
        {
            var x = Tensor.FromArray([-1000.0, 1000.0], [2], dtype).RequiresGrad_();
            var y = f(x);
            y.Sum().Backward();
            var got = y.ToDoubleArray();
            var g = x.Grad!.ToDoubleArray();
            for (int i = 0; i < 2; i++)
            {
                Assert.True(Math.Abs(got[i] - values[i]) <= 1e-6 * Math.Max(1, Math.Abs(values[i])), $"{name}({x.ToDoubleArray()[i]}) = {got[i]}, expected {values[i]}");
                Assert.True(Math.Abs(g[i] - grads[i]) <= 1e-6, $"{name}'({x.ToDoubleArray()[i]}) = {g[i]}, expected {grads[i]}");
            }
        }
    }

    private static readonly double SoftplusTail = Nabla.Kernels.SpecialMath.Log1p(Math.Exp(-10));   // ln(1 + e^{−10})

    [Fact]
    public void SoftplusIsAccurateFarBelowZero()
    {
        // log1p keeps e^{-40} ≈ 4.2e-18, where log(1 + e^{-40}) would round to 0
        Assert.Equal(Math.Exp(-40), Functional.Softplus(Tensor.FromArray([-40.0])).Item(), 1e-30);
    }

    [Fact]
    public void PReLUHasALearnableSlopePerChannel()
    {
        var prelu = new PReLU(numParameters: 3);
        var (name, weight) = Assert.Single(prelu.NamedParameters());
        Assert.Equal("weight", name);
        Assert.Equal([3], weight.Shape);
        Assert.Equal([0.25f, 0.25f, 0.25f], weight.ToArray<float>());
        Assert.True(weight.RequiresGrad);
        Assert.Equal("PReLU(num_parameters=3)", prelu.ToString());

        var x = Tensor.FromArray([-1f, 2f, -3f, -4f, 5f, 6f], 2, 3);   // channels are dim 1
        var y = prelu.Call(x);
        Assert.Equal([-0.25f, 2f, -0.75f, -1f, 5f, 6f], y.ToArray<float>());
        y.Sum().Backward();
        Assert.Equal([-5f, 0f, -3f], weight.Grad!.ToArray<float>());   // Σ x over the negative entries of each channel

        var shared = new PReLU(init: 0.1, dtype: DType.Float64);
        Assert.Equal([0.1, -0.2], shared.Forward(Tensor.FromArray([0.1, -2.0])).ToDoubleArray(), new Tolerance(1e-15));
        Assert.Equal(DType.Float64, shared.Weight.DType);
    }

    [Fact]
    public void PReLURejectsAMismatchedWeight()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PReLU(4).Forward(Tensor.Ones([2, 3, 5])));
        Assert.Equal("PReLU: weight of shape [4] must have 1 element or one per channel (3 for input of shape [2, 3, 5]).", ex.Message);
        Assert.Equal("PReLU: numParameters must be at least 1, got 0.", Assert.Throws<ArgumentException>(() => new PReLU(0)).Message);
    }

    [Fact]
    public void GeluRejectsAnUnknownApproximation()
    {
        const string message = "GELU: approximate must be \"none\" or \"tanh\", got \"erf\".";
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => new GELU("erf")).Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Functional.Gelu(Tensor.Ones([2]), "erf")).Message);
    }

    [Fact]
    public void ModulesApplyTheirFunctionAndPrintTheirSettings()
    {
        var x = Tensor.Randn([3, 4], 21, DType.Float64);
        var modules = new (Module<Tensor, Tensor> Module, Func<Tensor, Tensor> F, string Text)[]
        {
            (new ReLU(), Functional.Relu, "ReLU()"),
            (new LeakyReLU(), v => Functional.LeakyRelu(v), "LeakyReLU(negative_slope=0.01)"),
            (new ELU(0.5), v => Functional.Elu(v, 0.5), "ELU(alpha=0.5)"),
            (new GELU("tanh"), v => Functional.Gelu(v, "tanh"), "GELU(approximate='tanh')"),
            (new SiLU(), Functional.Silu, "SiLU()"),
            (new Nabla.NN.Tanh(), Functional.Tanh, "Tanh()"),
            (new Nabla.NN.Sigmoid(), Functional.Sigmoid, "Sigmoid()"),
            (new Softplus(2, 10), v => Functional.Softplus(v, 2, 10), "Softplus(beta=2, threshold=10)"),
            (new Nabla.NN.Softmax(1), v => v.Softmax(1), "Softmax(dim=1)"),
            (new LogSoftmax(0), v => v.LogSoftmax(0), "LogSoftmax(dim=0)"),
        };
        foreach (var (module, f, text) in modules)
        {
            Assert.Equal(text, module.ToString());
            Assert.Equal(f(x).ToDoubleArray(), module.Call(x).ToDoubleArray());
            Assert.Empty(module.Parameters());
        }
    }

    [Fact]
    public void ActivationsInATrainingModelWork()
    {
        // A tiny model: Linear-free chain with a learnable PReLU, trained one step.
        var prelu = new PReLU(dtype: DType.Float64);
        var x = Tensor.FromArray([-2.0, -1.0, 3.0]);
        var loss = Functional.MseLoss(new GELU().Call(prelu.Call(x)), Tensor.Zeros([3], DType.Float64));
        loss.Backward();
        Assert.NotNull(prelu.Weight.Grad);
        Assert.True(prelu.Weight.Grad!.Item() > 0);   // a larger slope makes the negative outputs larger in magnitude
    }

    private sealed class Tolerance(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double v) => 0;
    }
}
