using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Nabla.Bench.ModelSteps;

/// <summary>
/// MLP forward + backward on raw tensor ops: h = relu(x W1ᵀ + b1), logits = h W2ᵀ + b2,
/// loss = cross_entropy(logits, labels) (mean); backward; zero the four gradients. No optimizer update.
/// Shapes: x [64,784], labels [64], W1 [256,784], b1 [256], W2 [10,256], b2 [10].
/// </summary>
public sealed class MlpStepCase : IBenchCase
{
    public string Id => "mlp";
    public string Name => "MLP 784-256-10 fwd+bwd, batch 64";
    public string Description => "relu(x·W1ᵀ+b1)·W2ᵀ+b2 → cross-entropy → backward → zero grads (raw tensor ops, no optimizer)";
    public int StepsPerRep => 200;

    readonly BenchData.Mlp _data = BenchData.CreateMlp();

    // Note: inside namespace Nabla.*, `Tensor` means Nabla.Tensor; the TorchSharp side spells torch.Tensor.
    public IStepRunner? CreateNabla() => new NablaMlp(_data);

    public IStepRunner CreateTorch() => new TorchMlp(_data);

    /// <summary>The same step with Nabla's raw tensor ops; cross-entropy as −mean(log_softmax(logits)[label]).</summary>
    sealed class NablaMlp : IStepRunner
    {
        readonly Tensor _x, _labelColumn, _w1, _b1, _w2, _b2;
        readonly Tensor[] _params;

        public NablaMlp(BenchData.Mlp d)
        {
            _x = Tensor.FromArray(d.X, d.Batch, d.In);
            _labelColumn = Tensor.FromArray(d.Labels.Select(l => (long)l).ToArray(), d.Batch, 1);
            _w1 = Tensor.FromArray(d.W1, d.Hidden, d.In).RequiresGrad_();
            _b1 = Tensor.FromArray(d.B1, d.Hidden).RequiresGrad_();
            _w2 = Tensor.FromArray(d.W2, d.Classes, d.Hidden).RequiresGrad_();
            _b2 = Tensor.FromArray(d.B2, d.Classes).RequiresGrad_();
            _params = [_w1, _b1, _w2, _b2];
        }

        public void Step() => Run();
        public double StepWithLoss() => Run();

        double Run()
        {
            var h = (_x.MatMul(_w1.T) + _b1).Relu();
            var logits = h.MatMul(_w2.T) + _b2;
            var loss = -logits.LogSoftmax(1).Gather(1, _labelColumn).Mean();
            loss.Backward();
            foreach (var p in _params) p.Grad = null; // PyTorch's default zero_grad(set_to_none=True)
            return loss.Item();
        }

        public void Dispose() { }
    }

    sealed class TorchMlp : IStepRunner
    {
        readonly torch.Tensor _x, _labels, _w1, _b1, _w2, _b2;
        readonly torch.Tensor[] _params;

        public TorchMlp(BenchData.Mlp d)
        {
            _x = torch.tensor(d.X, [d.Batch, d.In]);
            _labels = torch.tensor(d.Labels.Select(l => (long)l).ToArray(), [d.Batch]);
            _w1 = torch.tensor(d.W1, [d.Hidden, d.In], requires_grad: true);
            _b1 = torch.tensor(d.B1, [d.Hidden], requires_grad: true);
            _w2 = torch.tensor(d.W2, [d.Classes, d.Hidden], requires_grad: true);
            _b2 = torch.tensor(d.B2, [d.Classes], requires_grad: true);
            _params = [_w1, _b1, _w2, _b2];
        }

        public void Step() => Run(readLoss: false);
        public double StepWithLoss() => Run(readLoss: true);

        double Run(bool readLoss)
        {
            // Every temporary (activations, loss, grad wrappers) is released at the end of the step.
            using var scope = torch.NewDisposeScope();
            // F.linear is at::linear = addmm(b, x, Wᵀ): x·Wᵀ + b in one fused call, PyTorch's fastest path.
            var h = F.relu(F.linear(_x, _w1, _b1));
            var logits = F.linear(h, _w2, _b2);
            var loss = F.cross_entropy(logits, _labels);
            loss.backward();
            double l = readLoss ? loss.item<float>() : double.NaN;
            foreach (var p in _params) p.grad?.zero_();
            return l;
        }

        public void Dispose()
        {
            foreach (var t in new[] { _x, _labels, _w1, _b1, _w2, _b2 }) t.Dispose();
        }
    }
}
