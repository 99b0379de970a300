using Nabla.NN;

namespace Nabla.Tests.NN;

/// <summary>
/// Every layer passes GradCheck in Float64 with respect to its input and its parameters (the module's own parameter
/// tensors are passed as GradCheck inputs, so the perturbations reach the layer); GradGradCheck where second
/// derivatives are non-zero.
/// </summary>
public class LayerGradCheckTests
{
    private static Tensor Input(int seed, params int[] shape) => Tensor.Randn(shape, seed, DType.Float64, requiresGrad: true);

    private static Tensor[] With(Tensor input, Module<Tensor, Tensor> module) => [input, .. module.Parameters()];

    private static void Check(Module<Tensor, Tensor> module, Tensor input, bool secondOrder = false, string name = "layer")
    {
        var inputs = With(input, module);
        Assert.True(Nabla.Autograd.GradCheck(xs => module.Call(xs[0]), inputs, name: name));
        if (secondOrder) Assert.True(Nabla.Autograd.GradGradCheck(xs => module.Call(xs[0]), inputs, name: name));
    }

    [Fact]
    public void Linear() => Check(new Linear(4, 3, dtype: DType.Float64, generator: new Generator(1)), Input(2, 5, 4), secondOrder: true);

    [Fact]
    public void LinearWithoutBiasOnA3dInput() =>
        Check(new Linear(3, 2, bias: false, dtype: DType.Float64), Input(3, 2, 2, 3), secondOrder: true);

    [Fact]
    public void Flatten() => Check(new Flatten(), Input(4, 2, 3, 2));

    [Fact]
    public void Identity() => Check(new Identity(), Input(5, 3, 2));

    [Fact]
    public void Dropout()
    {
        // a fresh generator with the same seed in every call keeps the mask fixed, so the function is deterministic
        var input = Input(6, 4, 5);
        Assert.True(Nabla.Autograd.GradCheck(xs => new Dropout(0.4, new Generator(11)).Call(xs[0]), [input], name: "Dropout"));
    }

    [Fact]
    public void BatchNormTraining2d()
    {
        var bn = new BatchNorm1d(3, dtype: DType.Float64);
        Randomise(bn);
        Check(bn, Input(7, 5, 3), secondOrder: true, name: "BatchNorm1d train [N, C]");
    }

    [Fact]
    public void BatchNormTraining3d()
    {
        var bn = new BatchNorm1d(2, dtype: DType.Float64);
        Randomise(bn);
        Check(bn, Input(8, 3, 2, 4), name: "BatchNorm1d train [N, C, L]");
    }

    [Fact]
    public void BatchNormEval()
    {
        var bn = new BatchNorm1d(3, dtype: DType.Float64);
        Randomise(bn);
        bn.Call(Tensor.Randn([6, 3], 1, DType.Float64) * 2 + 1); // give it non-trivial running statistics
        bn.Eval();
        Check(bn, Input(9, 4, 3), name: "BatchNorm1d eval");
    }

    [Fact]
    public void LayerNorm()
    {
        var ln = new LayerNorm([2, 3], dtype: DType.Float64);
        Randomise(ln);
        Check(ln, Input(10, 2, 2, 3), secondOrder: true);
    }

    [Fact]
    public void Embedding()
    {
        var emb = new Embedding(5, 3, dtype: DType.Float64, generator: new Generator(3));
        var idx = Tensor.FromArray(new long[] { 2, 0, 4, 2, 1, 0 }, 2, 3); // repeated rows accumulate
        Assert.True(Nabla.Autograd.GradCheck(xs => emb.Call(idx), [emb.Weight], name: "Embedding"));
    }

    [Fact]
    public void EmbeddingWithPaddingMatchesNumericsOffThePaddingRow()
    {
        // The padding row's analytic gradient is zero by design (PyTorch's padding_idx), so its numerical derivative
        // cannot agree; every other row's can: check with indices that use the padding row and compare those rows.
        var emb = new Embedding(5, 3, paddingIdx: 2, dtype: DType.Float64, generator: new Generator(3));
        var idx = Tensor.FromArray(new long[] { 2, 0, 4, 2, 1, 0 }, 2, 3);
        var seed = Tensor.Randn([2, 3, 3], 5, DType.Float64);
        emb.Call(idx).Backward(seed);
        var analytic = emb.Weight.Grad!.ToDoubleArray();
        var w = emb.Weight.Detach();
        const double eps = 1e-6;
        for (int e = 0; e < w.Numel; e++)
        {
            var data = w.Data<double>();
            double original = data[e];
            data[e] = original + eps;
            double plus = (emb.Call(idx) * seed).Sum().Item();
            data[e] = original - eps;
            double minus = (emb.Call(idx) * seed).Sum().Item();
            data[e] = original;
            double numeric = (plus - minus) / (2 * eps);
            if (e / 3 == 2)
            {
                Assert.Equal(0, analytic[e]);                  // padding row: no gradient ...
                Assert.True(Math.Abs(numeric) > 1e-3);         // ... although the output does depend on it
            }
            else Assert.Equal(numeric, analytic[e], 1e-7);
        }
    }

    [Fact]
    public void SequentialMlp()
    {
        var model = new Sequential(new Linear(3, 4, dtype: DType.Float64), new TanhModule(), new Linear(4, 2, dtype: DType.Float64));
        Check(model, Input(11, 2, 3), secondOrder: true, name: "Sequential");
    }

    [Fact]
    public void ResidualWithLinearShortcut()
    {
        var block = new Residual(new Linear(3, 4, dtype: DType.Float64), new Linear(3, 4, bias: false, dtype: DType.Float64), new TanhModule());
        Check(block, Input(12, 2, 3), secondOrder: true, name: "Residual");
    }

    /// <summary>γ and β away from 1 and 0, so their gradients are tested at a general point.</summary>
    private static void Randomise(Module<Tensor, Tensor> module)
    {
        var g = new Generator(4);
        foreach (var p in module.Parameters()) Init.Uniform_(p, 0.5, 1.5, g);
    }

    private sealed class TanhModule : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input.Tanh();
    }
}
