using System.Diagnostics;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Nabla.Bench;

/// <summary>What the epoch benchmarks share: each engine's training epoch and its timing.</summary>
public static class EpochRunners
{
    public const int Batch = 64;

    /// <summary>Runs one epoch, prints "epoch: seconds" for the parent benchmark (<see cref="ChildProcess"/>) and
    /// returns the epoch's loss.</summary>
    public static double PrintTimedEpoch(Func<double> epoch, TextWriter o)
    {
        double loss = 0;
        o.WriteLine($"epoch: {Time(() => loss = epoch()):R}");
        return loss;
    }

    public static double Time(Action run)
    {
        long t0 = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>Nabla's side: DataLoader (shuffled, batch 64) + Trainer, as a user writes it.</summary>
    public sealed class NablaEpoch(TensorDataset data, Module<Tensor, Tensor> model, Optimizer optimizer)
    {
        readonly Trainer trainer = new(model, new CrossEntropyLoss(), optimizer) { Progress = ProgressMode.None };
        readonly DataLoader loader = new(data, Batch, shuffle: true, generator: new Generator(2));

        public double Epoch() => trainer.Fit(loader, trainer.Epoch + 1)[^1].TrainLoss;
    }

    /// <summary>TorchSharp's side: randperm + index_select batches over tensors held in memory, cross-entropy,
    /// loss.item() every batch.</summary>
    public sealed class TorchEpoch : IDisposable
    {
        readonly torch.Tensor x, y;
        readonly torch.nn.Module<torch.Tensor, torch.Tensor> model;
        readonly torch.optim.Optimizer optimizer;
        readonly int n;

        public TorchEpoch(float[] images, long[] labels, long[] sampleShape, torch.nn.Module<torch.Tensor, torch.Tensor> model,
            Func<IEnumerable<TorchSharp.Modules.Parameter>, torch.optim.Optimizer> optimizer)
        {
            n = labels.Length;
            x = torch.tensor(images, [n, .. sampleShape]);
            y = torch.tensor(labels, [n]);
            this.model = model;
            this.optimizer = optimizer(model.parameters());
        }

        public double Epoch()
        {
            using var perm = torch.randperm(n);
            double sum = 0;
            for (int start = 0; start < n; start += Batch)
            {
                using var scope = torch.NewDisposeScope();
                int size = Math.Min(Batch, n - start);
                var index = perm.narrow(0, start, size);
                var xb = x.index_select(0, index);
                var yb = y.index_select(0, index);
                optimizer.zero_grad();
                var loss = F.cross_entropy(model.forward(xb), yb);
                loss.backward();
                optimizer.step();
                sum += loss.item<float>() * size;
            }
            return sum / n;
        }

        public void Dispose()
        {
            x.Dispose();
            y.Dispose();
            model.Dispose();
        }
    }
}
