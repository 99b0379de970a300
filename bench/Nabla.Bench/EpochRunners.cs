using System.Diagnostics;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Nabla.Bench;

/// <summary>What the epoch benchmarks share: each engine's training epoch and the alternating timing loop.</summary>
public static class EpochRunners
{
    public const int Batch = 64;

    /// <summary>Times <paramref name="reps"/> epochs per engine after one warm-up each, alternating which engine goes
    /// first so drifting load hits both; <paramref name="afterEach"/> runs after every repetition (e.g. a loader pass).</summary>
    public static (double NablaSeconds, double TorchSeconds, double NablaLoss, double TorchLoss) Alternate(
        string tag, int reps, TextWriter log, Func<double> nabla, Func<double> torchSide, Action? afterEach = null)
    {
        // Two warm-up epochs each: .NET's tiered JIT (on-stack replacement, then dynamic PGO) settles over the first
        // epochs, and a user's run of ten epochs spends nearly all its time in the steady state.
        log.WriteLine($"[{tag}] warm-up: two epochs per engine");
        for (int w = 0; w < 2; w++)
        {
            nabla();
            torchSide();
        }
        var nablaSeconds = new List<double>();
        var torchSeconds = new List<double>();
        double nablaLoss = 0, torchLoss = 0;
        for (int r = 0; r < reps; r++)
        {
            log.WriteLine($"[{tag}] repetition {r + 1}/{reps}");
            if (r % 2 == 0) { nablaSeconds.Add(Time(() => nablaLoss = nabla())); torchSeconds.Add(Time(() => torchLoss = torchSide())); }
            else { torchSeconds.Add(Time(() => torchLoss = torchSide())); nablaSeconds.Add(Time(() => nablaLoss = nabla())); }
            afterEach?.Invoke();
        }
        return (Measure.Median(nablaSeconds), Measure.Median(torchSeconds), nablaLoss, torchLoss);
    }

    public static double Time(Action run)
    {
        long t0 = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>Nabla's side: DataLoader (shuffled, batch 64) + Trainer, as a user writes it; counts GC collections.</summary>
    public sealed class NablaEpoch(TensorDataset data, Module<Tensor, Tensor> model, Optimizer optimizer)
    {
        readonly Trainer trainer = new(model, new CrossEntropyLoss(), optimizer) { Progress = ProgressMode.None };
        readonly DataLoader loader = new(data, Batch, shuffle: true, generator: new Generator(2));

        public int Gen0 { get; private set; }
        public int Gen2 { get; private set; }

        public double Epoch()
        {
            int g0 = GC.CollectionCount(0), g2 = GC.CollectionCount(2);
            var history = trainer.Fit(loader, trainer.Epoch + 1);
            Gen0 += GC.CollectionCount(0) - g0;
            Gen2 += GC.CollectionCount(2) - g2;
            return history[^1].TrainLoss;
        }
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
