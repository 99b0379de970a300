using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Nabla.Bench.ModelSteps;

/// <summary>
/// Tiny training step, batch size 1: Linear(2→10) → tanh → Linear(10→2), cross-entropy, backward,
/// plain SGD (lr 0.1). Dominated by per-op overhead rather than FLOPs.
/// </summary>
public sealed class TinyTrainCase : IBenchCase
{
    public string Id => "tiny";
    public string Name => "Tiny 2-10-2 SGD step, batch 1";
    public string Description => "Linear(2,10) → tanh → Linear(10,2) → cross-entropy → backward → SGD(lr 0.1) step (nn modules + optim)";
    public int StepsPerRep => 10_000;

    readonly BenchData.Tiny _data = BenchData.CreateTiny();

    // Note: inside namespace Nabla.*, `Tensor` means Nabla.Tensor; the TorchSharp side spells torch.Tensor.
    public IStepRunner? CreateNabla() => new NablaTiny(_data);

    public IStepRunner CreateTorch() => new TorchTiny(_data);

    /// <summary>The same step with Nabla's modules, loss and optimizer.</summary>
    sealed class NablaTiny : IStepRunner
    {
        readonly NN.Sequential _model;
        readonly NN.CrossEntropyLoss _loss = new();
        readonly Optim.SGD _opt;
        readonly Tensor[] _xs, _ys;
        int _next;

        public NablaTiny(BenchData.Tiny d)
        {
            var fc1 = new NN.Linear(2, 10);
            var fc2 = new NN.Linear(10, 2);
            using (Tensor.NoGrad())
            {
                fc1.Weight.Copy_(Tensor.FromArray(d.W1, 10, 2));
                fc1.Bias!.Copy_(Tensor.FromArray(d.B1, 10));
                fc2.Weight.Copy_(Tensor.FromArray(d.W2, 2, 10));
                fc2.Bias!.Copy_(Tensor.FromArray(d.B2, 2));
            }
            _model = new NN.Sequential(("fc1", fc1), ("tanh", new NN.Tanh()), ("fc2", fc2));
            _opt = new Optim.SGD(_model.Parameters(), lr: d.LearningRate);
            _xs = new Tensor[d.Samples];
            _ys = new Tensor[d.Samples];
            for (int i = 0; i < d.Samples; i++)
            {
                _xs[i] = Tensor.FromArray(d.X.AsSpan(2 * i, 2).ToArray(), 1, 2);
                _ys[i] = Tensor.FromArray(new long[] { d.Labels[i] }, 1);
            }
        }

        public void Step() => Run();
        public double StepWithLoss() => Run();

        double Run()
        {
            int i = _next;
            _next = (_next + 1) % _xs.Length;
            _opt.ZeroGrad();
            var loss = _loss.Forward(_model.Call(_xs[i]), _ys[i]);
            loss.Backward();
            _opt.Step();
            return loss.Item();
        }

        public void Dispose() { }
    }

    sealed class TorchTiny : IStepRunner
    {
        readonly Sequential _model;
        readonly optim.Optimizer _opt;
        readonly torch.Tensor[] _xs, _ys;
        int _next;

        public TorchTiny(BenchData.Tiny d)
        {
            var fc1 = nn.Linear(2, 10);
            var fc2 = nn.Linear(10, 2);
            using (torch.no_grad())
            {
                using var w1 = torch.tensor(d.W1, [10, 2]); fc1.weight!.copy_(w1);
                using var b1 = torch.tensor(d.B1, [10]); fc1.bias!.copy_(b1);
                using var w2 = torch.tensor(d.W2, [2, 10]); fc2.weight!.copy_(w2);
                using var b2 = torch.tensor(d.B2, [2]); fc2.bias!.copy_(b2);
            }
            _model = nn.Sequential(("fc1", fc1), ("tanh", nn.Tanh()), ("fc2", fc2));
            _opt = torch.optim.SGD(_model.parameters(), d.LearningRate);
            _xs = new torch.Tensor[d.Samples];
            _ys = new torch.Tensor[d.Samples];
            for (int i = 0; i < d.Samples; i++)
            {
                _xs[i] = torch.tensor(d.X.AsSpan(2 * i, 2).ToArray(), [1, 2]);
                _ys[i] = torch.tensor(new long[] { d.Labels[i] }, [1]);
            }
        }

        public void Step() => Run(readLoss: false);
        public double StepWithLoss() => Run(readLoss: true);

        double Run(bool readLoss)
        {
            using var scope = torch.NewDisposeScope();
            int i = _next;
            _next = (_next + 1) % _xs.Length;
            _opt.zero_grad();
            var logits = _model.forward(_xs[i]);
            var loss = F.cross_entropy(logits, _ys[i]);
            loss.backward();
            _opt.step();
            return readLoss ? loss.item<float>() : double.NaN;
        }

        public void Dispose()
        {
            foreach (var t in _xs) t.Dispose();
            foreach (var t in _ys) t.Dispose();
            _opt.Dispose();
            _model.Dispose();
        }
    }
}
