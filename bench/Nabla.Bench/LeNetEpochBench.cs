using System.Diagnostics;
using Nabla.Data;
using Nabla.NN;
using Nabla.NN.Models;
using Nabla.Optim;
using Nabla.Training;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using TNN = TorchSharp.torch.nn;

namespace Nabla.Bench;

/// <summary>
/// One training epoch of the zoo's LeNet on Fashion-MNIST (60,000 images [1, 28, 28], batch 64, Adam lr 1e-3,
/// cross-entropy), side by side: Nabla through DataLoader + Trainer, TorchSharp through randperm + index_select + the
/// same LeNet as nn.Sequential + optim.Adam, loss.item() every batch. <see cref="RunForRss"/>: a whole process
/// (load + 2 epochs) for /usr/bin/time -v.
/// </summary>
public static class LeNetEpochBench
{
    const int Batch = 64;

    public static void Run(Options opt, TextWriter log, TextWriter o)
    {
        var data = FashionMnist.Load();
        var nabla = new NablaLeNetEpoch(data);
        using var torchSide = new TorchLeNetEpoch(data.Features.ToFloatArray(), data.Targets.ToLongArray());
        int reps = opt.Quick ? 1 : 2;
        log.WriteLine("[lenet] warm-up: one epoch per engine");
        nabla.Epoch();
        torchSide.Epoch();
        var nablaSeconds = new List<double>();
        var torchSeconds = new List<double>();
        double nablaLoss = 0, torchLoss = 0;
        for (int r = 0; r < reps; r++)
        {
            log.WriteLine($"[lenet] repetition {r + 1}/{reps}");
            // alternate which engine goes first, so drifting load hits both
            if (r % 2 == 0) { nablaSeconds.Add(Time(() => nablaLoss = nabla.Epoch())); torchSeconds.Add(Time(() => torchLoss = torchSide.Epoch())); }
            else { torchSeconds.Add(Time(() => torchLoss = torchSide.Epoch())); nablaSeconds.Add(Time(() => nablaLoss = nabla.Epoch())); }
        }
        double n = Measure.Median(nablaSeconds), t = Measure.Median(torchSeconds);
        o.WriteLine($"## One epoch of LeNet on Fashion-MNIST (60,000 images, batch {Batch}, Adam)");
        o.WriteLine();
        var table = new MarkdownTable("engine", "s / epoch (median)", "samples/s", "last epoch's mean loss", "TorchSharp / Nabla");
        table.Add("Nabla (ModelZoo lenet, DataLoader + Trainer)", Measure.F(n, 3), Measure.F(60000 / n, 0), Measure.F(nablaLoss, 4), Measure.F(t / n, 2) + "×");
        table.Add("TorchSharp (nn.Sequential LeNet, optim.Adam)", Measure.F(t, 3), Measure.F(60000 / t, 0), Measure.F(torchLoss, 4), "1.00×");
        o.WriteLine(table);
        o.WriteLine($"{reps} timed epochs per engine after one warm-up epoch each.");
        o.WriteLine();
    }

    /// <summary>Load Fashion-MNIST, train LeNet for 2 epochs, print the loss (peak RSS via /usr/bin/time -v).</summary>
    public static void RunForRss(string engine, TextWriter o)
    {
        var data = FashionMnist.Load();
        double loss = 0;
        if (engine == "nabla")
        {
            var nabla = new NablaLeNetEpoch(data);
            for (int e = 0; e < 2; e++) loss = nabla.Epoch();
        }
        else
        {
            float[] x = data.Features.ToFloatArray();
            long[] y = data.Targets.ToLongArray();
            data = null;
            using var torchSide = new TorchLeNetEpoch(x, y);
            x = null!; y = null!;
            GC.Collect();
            for (int e = 0; e < 2; e++) loss = torchSide.Epoch();
        }
        o.WriteLine($"{engine} lenet: loss after 2 epochs {loss:F4}");
    }

    static double Time(Action run)
    {
        long t0 = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    sealed class NablaLeNetEpoch
    {
        readonly Trainer trainer;
        readonly DataLoader loader;

        public NablaLeNetEpoch(TensorDataset data)
        {
            var model = ModelZoo.Create("lenet", [1, 28, 28], 10, new Generator(1));
            trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 1e-3)) { Progress = ProgressMode.None };
            loader = new DataLoader(data, Batch, shuffle: true, generator: new Generator(2));
        }

        public double Epoch() => trainer.Fit(loader, trainer.Epoch + 1)[^1].TrainLoss;
    }

    sealed class TorchLeNetEpoch : IDisposable
    {
        readonly torch.Tensor x, y;
        readonly TNN.Module<torch.Tensor, torch.Tensor> model;
        readonly torch.optim.Optimizer optimizer;
        readonly int n;

        public TorchLeNetEpoch(float[] images, long[] labels)
        {
            n = labels.Length;
            x = torch.tensor(images, [n, 1, 28, 28]);
            y = torch.tensor(labels, [n]);
            model = TNN.Sequential(
                TNN.Conv2d(1, 6, 5, padding: 2), TNN.ReLU(), TNN.MaxPool2d(2),
                TNN.Conv2d(6, 16, 5), TNN.ReLU(), TNN.MaxPool2d(2), TNN.Flatten(),
                TNN.Linear(400, 120), TNN.ReLU(), TNN.Linear(120, 84), TNN.ReLU(), TNN.Linear(84, 10));
            optimizer = torch.optim.Adam(model.parameters(), 1e-3);
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
