using System.Diagnostics;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Nabla.Bench;

/// <summary>
/// One training epoch of the Fashion-MNIST MLP 784-256-10 (ReLU, cross-entropy, SGD lr 0.01 momentum 0.9, batch 64)
/// over the 60,000 training images held in memory, each engine shuffling and batching its own way: Nabla through
/// DataLoader + Trainer (loss read every batch, per-parameter gradient norms on, as a user gets it), TorchSharp
/// through randperm + index_select + nn.Sequential + optim.SGD with loss.item() every batch. Also the loader's own
/// cost (an epoch of batches with no model) and, in <see cref="RunForRss"/>, a whole process for /usr/bin/time -v.
/// </summary>
public static class EpochBench
{
    const int Batch = 64;

    public static void Run(Options opt, TextWriter log, TextWriter o)
    {
        var data = FashionMnist.Load(flatten: true);
        var nabla = new NablaEpoch(data);
        var torchSide = new TorchEpoch(data.Features.ToFloatArray(), data.Targets.ToLongArray());
        int reps = opt.Quick ? 1 : 3;
        log.WriteLine("[epoch] warm-up: one epoch per engine");
        nabla.Epoch();
        torchSide.Epoch();
        var nablaSeconds = new List<double>();
        var torchSeconds = new List<double>();
        var loaderSeconds = new List<double>();
        double nablaLoss = 0, torchLoss = 0;
        for (int r = 0; r < reps; r++)
        {
            log.WriteLine($"[epoch] repetition {r + 1}/{reps}");
            // alternate which engine goes first
            if (r % 2 == 0) { nablaSeconds.Add(Time(() => nablaLoss = nabla.Epoch())); torchSeconds.Add(Time(() => torchLoss = torchSide.Epoch())); }
            else { torchSeconds.Add(Time(() => torchLoss = torchSide.Epoch())); nablaSeconds.Add(Time(() => nablaLoss = nabla.Epoch())); }
            loaderSeconds.Add(Time(nabla.LoaderOnly));
        }
        double n = Measure.Median(nablaSeconds), t = Measure.Median(torchSeconds), l = Measure.Median(loaderSeconds);
        string loh = Environment.GetEnvironmentVariable("DOTNET_GCLOHThreshold") is { } v ? $"DOTNET_GCLOHThreshold={v}" : "LOH threshold from Nabla's buildTransitive (16 MB)";
        o.WriteLine($"## One epoch of the Fashion-MNIST MLP (60,000 images, batch {Batch}) — {loh}");
        o.WriteLine();
        var table = new MarkdownTable("engine", "s / epoch (median)", "samples/s", "last epoch's mean loss", "TorchSharp / Nabla");
        table.Add("Nabla (DataLoader + Trainer)", Measure.F(n, 3), Measure.F(60000 / n, 0), Measure.F(nablaLoss, 4), Measure.F(t / n, 2) + "×");
        table.Add("TorchSharp (randperm + index_select + optim.SGD)", Measure.F(t, 3), Measure.F(60000 / t, 0), Measure.F(torchLoss, 4), "1.00×");
        table.Add("Nabla loader alone (shuffle + gather, no model)", Measure.F(l, 3), Measure.F(60000 / l, 0), "–", $"{100 * l / n:F1} % of Nabla's epoch");
        o.WriteLine(table);
        o.WriteLine($"{reps} timed epochs per engine after one warm-up epoch each; GC collections during Nabla's timed epochs: {nabla.Gen0} gen0, {nabla.Gen2} gen2.");
        o.WriteLine();
        torchSide.Dispose();
    }

    /// <summary>A whole process's work for a peak-RSS comparison: load Fashion-MNIST, train 3 epochs, print the loss.</summary>
    public static void RunForRss(string engine, TextWriter o)
    {
        var data = FashionMnist.Load(flatten: true);
        double loss = 0;
        if (engine == "nabla")
        {
            var nabla = new NablaEpoch(data);
            for (int e = 0; e < 3; e++) loss = nabla.Epoch();
        }
        else
        {
            float[] x = data.Features.ToFloatArray();
            long[] y = data.Targets.ToLongArray();
            data = null; // the managed copy of the set is all TorchSharp needs from Nabla
            using var torchSide = new TorchEpoch(x, y);
            x = null!; y = null!;
            GC.Collect();
            for (int e = 0; e < 3; e++) loss = torchSide.Epoch();
        }
        o.WriteLine($"{engine}: loss after 3 epochs {loss:F4}");
    }

    static double Time(Action run)
    {
        long t0 = Stopwatch.GetTimestamp();
        run();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    sealed class NablaEpoch
    {
        readonly Trainer trainer;
        readonly DataLoader loader;
        readonly DataLoader bare;

        public NablaEpoch(TensorDataset data)
        {
            var g = new Generator(1);
            var model = new Sequential(new Linear(784, 256, generator: g), new ReLU(), new Linear(256, 10, generator: g));
            trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.01, momentum: 0.9)) { Progress = ProgressMode.None };
            loader = new DataLoader(data, Batch, shuffle: true, generator: new Generator(2));
            bare = new DataLoader(data, Batch, shuffle: true, generator: new Generator(3));
        }

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

        /// <summary>The loader's own work for an epoch: draw the order, gather every batch (a trivial model).</summary>
        public void LoaderOnly()
        {
            long rows = 0;
            foreach (var batch in bare) rows += batch.Features.ShapeRef[0];
            if (rows != 60000) throw new InvalidOperationException($"the loader gave {rows} rows");
        }
    }

    sealed class TorchEpoch : IDisposable
    {
        readonly torch.Tensor x, y;
        readonly torch.nn.Module<torch.Tensor, torch.Tensor> model;
        readonly torch.optim.Optimizer optimizer;
        readonly int n;

        public TorchEpoch(float[] images, long[] labels)
        {
            n = labels.Length;
            x = torch.tensor(images, [n, 784]);
            y = torch.tensor(labels, [n]);
            model = torch.nn.Sequential(("fc1", torch.nn.Linear(784, 256)), ("relu", torch.nn.ReLU()), ("fc2", torch.nn.Linear(256, 10)));
            optimizer = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.9);
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
