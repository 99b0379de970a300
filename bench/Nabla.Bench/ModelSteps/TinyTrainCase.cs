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
    // TODO(Nabla): implement with Nabla's Tensor API/modules from _data: same initial weights, sample i mod
    // _data.Samples at step i, zero grads → forward → loss → backward → SGD update. Return it here.
    public IStepRunner? CreateNabla() => null;

    public IStepRunner CreateTorch() => new TorchTiny(_data);

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
