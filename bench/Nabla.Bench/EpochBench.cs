using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;
using TorchSharp;

namespace Nabla.Bench;

/// <summary>
/// One training epoch of the Fashion-MNIST MLP 784-256-10 (ReLU, cross-entropy, SGD lr 0.01 momentum 0.9, batch 64)
/// over the 60,000 training images held in memory, each engine shuffling and batching its own way: Nabla through
/// DataLoader + Trainer (loss read every batch, per-parameter gradient norms on, as a user gets it), TorchSharp
/// through randperm + index_select + nn.Sequential + optim.SGD with loss.item() every batch. Also the loader's own
/// cost (an epoch of batches with no model) and each process's peak resident set.
/// <para>
/// Each engine runs in its own child process (<see cref="RunForRss"/>: load, two warm-up epochs, three timed ones),
/// the engines alternating round by round, as the LeNet benchmark does: two engines in one process skew each
/// other's timings. Nabla runs with the runtime's default GC settings and with a raised large-object threshold.
/// </para>
/// </summary>
public static class EpochBench
{
    const int Batch = EpochRunners.Batch;
    const int WarmUp = 2, Timed = 3;

    public static void Run(Options opt, TextWriter log, TextWriter o)
    {
        int rounds = opt.Quick ? 1 : 3;
        ChildRun[] runs =
        [
            new("Nabla (DataLoader + Trainer), default GC", "nabla"),
            new("Nabla, large-object threshold raised to 16 MB", "nabla", "0x1000000"),
            new("TorchSharp (randperm + index_select + optim.SGD)", "torch"),
        ];
        var children = ChildProcess.Rounds(runs, rounds, "epoch", log);
        var seconds = children.Select(c => c.SelectMany(p => p.Values("epoch").Skip(WarmUp)).ToList()).ToArray();
        var peaks = children.Select(c => c.Select(p => p.Values("peak-rss-mb").Single()).ToList()).ToArray();
        var losses = children.Select(c => c[^1].Values("loss").Single()).ToArray();
        var loader = children.Select(c => c.SelectMany(p => p.ValuesOrEmpty("loader")).ToList()).ToArray();
        var gen2 = children.Select(c => c.SelectMany(p => p.ValuesOrEmpty("gen2-per-1000-steps")).ToList()).ToArray();
        double torch = Measure.Median(seconds[^1]);
        o.WriteLine($"## One epoch of the Fashion-MNIST MLP (60,000 images, batch {Batch})");
        o.WriteLine();
        var table = new MarkdownTable("engine", "s / epoch (median)", "samples/s", $"loss, epoch {WarmUp + Timed}", "peak RSS",
            "gen2 per 1,000 steps", "loader alone (no model)", "TorchSharp / this");
        for (int i = 0; i < runs.Length; i++)
        {
            double n = Measure.Median(seconds[i]);
            bool nabla = runs[i].Engine == "nabla";
            string loaderShare = nabla ? $"{Measure.F(Measure.Median(loader[i]), 3)} s = {100 * Measure.Median(loader[i]) / n:F1} %" : "–";
            table.Add(runs[i].Label, Measure.F(n, 3), Measure.F(60000 / n, 0), Measure.F(losses[i], 4),
                Measure.F(Measure.Median(peaks[i]), 0) + " MB", nabla ? Measure.F(Measure.Median(gen2[i]), 1) : "–",
                loaderShare, Measure.F(torch / n, 2) + "×");
        }
        o.WriteLine(table);
        o.WriteLine($"Each engine in its own process, {rounds} round(s) of {WarmUp} warm-up and {Timed} timed epochs; " +
            "\"loader alone\": the same shuffled batches gathered and given back with no model, as a share of the epoch.");
        o.WriteLine();
    }

    /// <summary>The child: load Fashion-MNIST, train, print each epoch's seconds, the loss, (Nabla) the loader's own
    /// epochs and gen2 collections, and the process's peak resident set. Usable under /usr/bin/time -v as well.</summary>
    public static void RunForRss(string engine, TextWriter o)
    {
        var data = FashionMnist.Load(flatten: true);
        double loss = 0;
        if (engine == "nabla")
        {
            var nabla = NewNabla(data);
            for (int e = 0; e < WarmUp; e++) loss = EpochRunners.PrintTimedEpoch(nabla.Epoch, o);
            int gen2 = GC.CollectionCount(2);
            for (int e = 0; e < Timed; e++) loss = EpochRunners.PrintTimedEpoch(nabla.Epoch, o);
            int steps = Timed * (60000 + Batch - 1) / Batch;
            o.WriteLine($"gen2-per-1000-steps: {1000.0 * (GC.CollectionCount(2) - gen2) / steps:R}");
            var bare = new DataLoader(data, Batch, shuffle: true, generator: new Generator(3));
            LoaderOnly(bare);
            for (int e = 0; e < Timed; e++) o.WriteLine($"loader: {EpochRunners.Time(() => LoaderOnly(bare)):R}");
        }
        else
        {
            float[] x = data.Features.ToFloatArray();
            long[] y = data.Targets.ToLongArray();
            data = null; // the managed copy of the set is all TorchSharp needs from Nabla
            using var torchSide = NewTorch(x, y);
            x = null!; y = null!;
            GC.Collect();
            for (int e = 0; e < WarmUp + Timed; e++) loss = EpochRunners.PrintTimedEpoch(torchSide.Epoch, o);
        }
        o.WriteLine($"loss: {loss:R}");
        o.WriteLine($"peak-rss-mb: {ChildProcess.PeakRssMegabytes():R}");
    }

    static EpochRunners.NablaEpoch NewNabla(TensorDataset data)
    {
        var g = new Generator(1);
        var model = new Sequential(new Linear(784, 256, generator: g), new ReLU(), new Linear(256, 10, generator: g));
        return new EpochRunners.NablaEpoch(data, model, new SGD(model.Parameters(), lr: 0.01, momentum: 0.9));
    }

    static EpochRunners.TorchEpoch NewTorch(float[] images, long[] labels) =>
        new(images, labels, [784],
            torch.nn.Sequential(("fc1", torch.nn.Linear(784, 256)), ("relu", torch.nn.ReLU()), ("fc2", torch.nn.Linear(256, 10))),
            parameters => torch.optim.SGD(parameters, 0.01, momentum: 0.9));

    /// <summary>The loader's own work for an epoch: draw the order, gather every batch (a trivial model), and give the
    /// batch's buffers back as the Trainer does after each step.</summary>
    static void LoaderOnly(DataLoader bare)
    {
        long rows = 0;
        foreach (var batch in bare)
        {
            rows += batch.Features.ShapeRef[0];
            DataLoader.Recycle(batch);
        }
        if (rows != 60000) throw new InvalidOperationException($"the loader gave {rows} rows");
    }
}
