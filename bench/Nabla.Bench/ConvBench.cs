using Nabla.Bench.ModelSteps;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using NF = Nabla.NN.Functional;

namespace Nabla.Bench;

/// <summary>
/// Conv2d forward + backward for the layers of LeNet-5 and a small ResNet at batch 64, one <see cref="IBenchCase"/>
/// per layer (run by <see cref="ModelStepBench"/>): y = conv2d(x, W, b); y.backward(g) with a fixed g; gradients of
/// x (except for a network's first layer), W and b; then the gradients are dropped. Same data on both sides.
/// </summary>
public static class ConvBench
{
    /// <summary>Wall and CPU time per step side by side (see <see cref="ModelStepBench.EngineResult.CpuMicrosPerStep"/>).</summary>
    public static string Table(List<ModelStepBench.Row> rows)
    {
        var t = new MarkdownTable("layer", "Nabla µs/step", "Torch µs/step", "Nabla/Torch (wall)", "Nabla CPU µs/step", "Torch CPU µs/step",
            "Nabla/Torch (CPU)", "Σ dW Nabla / Torch");
        foreach (var r in rows)
        {
            var (n, o) = (r.Nabla!, r.Torch);
            t.Add(r.Case.Name, Measure.F(n.MicrosPerStep), Measure.F(o.MicrosPerStep), Measure.F(n.MicrosPerStep / o.MicrosPerStep, 2) + "×",
                Measure.F(n.CpuMicrosPerStep), Measure.F(o.CpuMicrosPerStep), Measure.F(n.CpuMicrosPerStep / o.CpuMicrosPerStep, 2) + "×",
                $"{n.FirstLoss:G5} / {o.FirstLoss:G5}");
        }
        return t.ToString();
    }

    public static IReadOnlyList<IBenchCase> Cases { get; } =
    [
        new ConvLayerCase("LeNet conv1 1→6 5×5 pad 2, 28×28", 1, 6, 5, 28, 1, 2, inputGrad: false),
        new ConvLayerCase("LeNet conv2 6→16 5×5, 14×14", 6, 16, 5, 14, 1, 0),
        new ConvLayerCase("ResNet 16→16 3×3 pad 1, 28×28", 16, 16, 3, 28, 1, 1),
        new ConvLayerCase("ResNet 16→32 3×3 stride 2 pad 1, 28×28", 16, 32, 3, 28, 2, 1),
        new ConvLayerCase("ResNet 32→32 3×3 pad 1, 14×14", 32, 32, 3, 14, 1, 1),
    ];

    private sealed class ConvLayerCase(string name, int inChannels, int outChannels, int kernel, int size, int stride, int padding,
        bool inputGrad = true, int batch = 64) : IBenchCase
    {
        public string Id => "conv";
        public string Name => name;
        public string Description => $"x [{batch},{inChannels},{size},{size}], W [{outChannels},{inChannels},{kernel},{kernel}], stride {stride}, " +
                                     $"padding {padding}; forward, backward (dW, db{(inputGrad ? ", dx" : "")})";
        public int StepsPerRep => 40;

        private readonly int outSize = (size + 2 * padding - kernel) / stride + 1;
        private readonly Random rng = new(11);
        private float[]? x, w, b, g;

        private void Data()
        {
            if (x is not null) return;
            float bound = 1f / MathF.Sqrt(inChannels * kernel * kernel);
            x = BenchData.Uniform(rng, batch * inChannels * size * size, 0f, 1f);
            w = BenchData.Uniform(rng, outChannels * inChannels * kernel * kernel, -bound, bound);
            b = BenchData.Uniform(rng, outChannels, -bound, bound);
            g = BenchData.Uniform(rng, batch * outChannels * outSize * outSize, -1f, 1f);
        }

        public IStepRunner? CreateNabla()
        {
            Data();
            return new NablaConv(this);
        }

        public IStepRunner CreateTorch()
        {
            Data();
            return new TorchConv(this);
        }

        private sealed class NablaConv(ConvLayerCase c) : IStepRunner
        {
            private readonly Tensor x = Tensor.FromArray(c.x!, c.Batch, c.InChannels, c.Size, c.Size).RequiresGrad_(c.InputGrad);
            private readonly Tensor w = Tensor.FromArray(c.w!, c.OutChannels, c.InChannels, c.Kernel, c.Kernel).RequiresGrad_();
            private readonly Tensor b = Tensor.FromArray(c.b!, c.OutChannels).RequiresGrad_();
            private readonly Tensor g = Tensor.FromArray(c.g!, c.Batch, c.OutChannels, c.OutSize, c.OutSize);

            public void Step() => Run();
            public double StepWithLoss() => Run();

            private double Run()
            {
                var y = NF.Conv2d(x, w, b, stride: c.Stride, padding: c.Padding);
                y.Backward(g);
                double check = w.Grad!.Sum().Item();
                x.Grad = w.Grad = b.Grad = null;
                return check;
            }

            public void Dispose() { }
        }

        private sealed class TorchConv(ConvLayerCase c) : IStepRunner
        {
            private readonly torch.Tensor x = torch.tensor(c.x!, [c.Batch, c.InChannels, c.Size, c.Size], requires_grad: c.InputGrad);
            private readonly torch.Tensor w = torch.tensor(c.w!, [c.OutChannels, c.InChannels, c.Kernel, c.Kernel], requires_grad: true);
            private readonly torch.Tensor b = torch.tensor(c.b!, [c.OutChannels], requires_grad: true);
            private readonly torch.Tensor g = torch.tensor(c.g!, [c.Batch, c.OutChannels, c.OutSize, c.OutSize]);

            public void Step() => Run(false);
            public double StepWithLoss() => Run(true);

            private double Run(bool read)
            {
                using var scope = torch.NewDisposeScope();
                var y = F.conv2d(x, w, b, strides: [c.Stride, c.Stride], padding: [c.Padding, c.Padding]);
                y.backward([g]);
                double check = read ? w.grad!.sum().item<float>() : double.NaN;
                foreach (var t in new[] { x, w, b }) t.grad?.zero_();
                return check;
            }

            public void Dispose()
            {
                foreach (var t in new[] { x, w, b, g }) t.Dispose();
            }
        }

        private int InChannels => inChannels;
        private int OutChannels => outChannels;
        private int Kernel => kernel;
        private int Size => size;
        private int Stride => stride;
        private int Padding => padding;
        private int OutSize => outSize;
        private bool InputGrad => inputGrad;
        private int Batch => batch;
    }
}
