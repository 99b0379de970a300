using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Nabla.Bench.ModelSteps;

/// <summary>
/// Forward + backward of one activation (or Huber loss) on a [64, 4096] float32 batch: x ~ U(−3, 3) requiring
/// grad, y = f(x), backward with a fixed incoming gradient U(−1, 1) (Huber: the mean loss, backward()), then
/// x.grad is dropped. The "loss" columns show Σ x.grad, so both engines are checked to compute the same gradient.
/// </summary>
public sealed class ActivationCase(string name, Func<Tensor, Tensor, Tensor> nabla, Func<torch.Tensor, torch.Tensor, torch.Tensor> torchSide,
    bool perChannelWeight = false) : IBenchCase
{
    public const int Batch = 64, Features = 4096;

    /// <summary>The activation section's cases; all share the id "act" for <c>--only</c>.</summary>
    public static IReadOnlyList<IBenchCase> All { get; } =
    [
        new ActivationCase("LeakyReLU(0.01)", (x, _) => NN.Functional.LeakyRelu(x), (x, _) => F.leaky_relu(x, 0.01)),
        new ActivationCase("ELU(1)", (x, _) => NN.Functional.Elu(x), (x, _) => F.elu(x, 1.0)),
        new ActivationCase("Softplus(1, 20)", (x, _) => NN.Functional.Softplus(x), (x, _) => F.softplus(x, 1.0, 20.0)),
        new ActivationCase("PReLU (4096 weights)", (x, w) => NN.Functional.Prelu(x, w), (x, w) => F.prelu(x, w), perChannelWeight: true),
        new ActivationCase("HuberLoss(δ=1) vs 0", (x, t) => NN.Functional.HuberLoss(x, t), (x, t) => F.huber_loss(x, t)),
    ];

    readonly Func<Tensor, Tensor, Tensor> _nabla = nabla;
    readonly Func<torch.Tensor, torch.Tensor, torch.Tensor> _torch = torchSide;
    readonly bool _perChannelWeight = perChannelWeight;

    public string Id => "act";
    public string Name => name;
    public string Description => "fwd + bwd on [64, 4096] float32, Σ x.grad as the loss column";
    public int StepsPerRep => 200;

    readonly float[] _x = Uniform(1, Batch * Features, -3, 3), _grad = Uniform(2, Batch * Features, -1, 1);
    // PReLU: one slope per channel (dim 1), U(0, 0.5); Huber: a zero target of the input's shape.
    readonly float[] _extra = perChannelWeight ? Uniform(3, Features, 0, 0.5f) : new float[Batch * Features];

    public IStepRunner CreateNabla() => new NablaSide(this);
    public IStepRunner CreateTorch() => new TorchSide(this);

    static float[] Uniform(int seed, int n, float lo, float hi)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.NextSingle();
        return v;
    }

    sealed class NablaSide(ActivationCase c) : IStepRunner
    {
        readonly Tensor _x = Tensor.FromArray(c._x, Batch, Features).RequiresGrad_();
        readonly Tensor _grad = Tensor.FromArray(c._grad, Batch, Features);
        readonly Tensor _extra = c._perChannelWeight
            ? Tensor.FromArray(c._extra, Features).RequiresGrad_() : Tensor.FromArray(c._extra, Batch, Features);

        public void Step() => Run();
        public double StepWithLoss() { Run(); return _x.Grad!.Sum().Item(); }

        void Run()
        {
            _x.Grad = null;
            _extra.Grad = null;
            var y = c._nabla(_x, _extra);
            if (y.Numel == 1) y.Backward();
            else y.Backward(_grad);
        }

        public void Dispose() { }
    }

    sealed class TorchSide : IStepRunner
    {
        readonly ActivationCase _c;
        readonly torch.Tensor _x, _grad, _extra;

        public TorchSide(ActivationCase c)
        {
            _c = c;
            _x = torch.tensor(c._x, [Batch, Features], requires_grad: true);
            _grad = torch.tensor(c._grad, [Batch, Features]);
            _extra = c._perChannelWeight
                ? torch.tensor(c._extra, [Features], requires_grad: true) : torch.tensor(c._extra, [Batch, Features]);
        }

        public void Step() => Run(read: false);
        public double StepWithLoss() => Run(read: true);

        double Run(bool read)
        {
            using var scope = torch.NewDisposeScope();
            var y = _c._torch(_x, _extra);
            if (y.numel() == 1) y.backward();
            else y.backward([_grad]);
            double sum = read ? _x.grad!.sum().item<float>() : double.NaN;
            _x.grad = null;
            if (_c._perChannelWeight) _extra.grad = null;
            return sum;
        }

        public void Dispose()
        {
            foreach (var t in new[] { _x, _grad, _extra }) t.Dispose();
        }
    }
}
