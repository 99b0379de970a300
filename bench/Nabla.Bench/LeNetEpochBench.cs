using Nabla.Data;
using Nabla.NN;
using Nabla.NN.Models;
using Nabla.Optim;
using Nabla.Training;
using TorchSharp;
using TNN = TorchSharp.torch.nn;

namespace Nabla.Bench;

/// <summary>
/// One training epoch of the zoo's LeNet on Fashion-MNIST (60,000 images [1, 28, 28], batch 64, Adam lr 1e-3,
/// cross-entropy), side by side: Nabla through DataLoader + Trainer, TorchSharp through randperm + index_select + the
/// same LeNet as nn.Sequential + optim.Adam, loss.item() every batch.
/// <para>
/// Each engine trains in its own child process (load, one warm-up epoch, two timed epochs), the engines alternating
/// round by round: sharing one process, the two skewed each other's timings by 2–3× either way on this 2-core host
/// (libtorch's OpenMP threads and Nabla's workers contend for the same cores), so a process per engine is the fair
/// setting and the one users run. Nabla runs twice per round, with the runtime's default large-object threshold
/// and with a raised one. <see cref="RunForRss"/> is the child (also usable under /usr/bin/time -v).
/// </para>
/// </summary>
public static class LeNetEpochBench
{
    const int Batch = EpochRunners.Batch;
    const int Epochs = 3;

    public static void Run(Options opt, TextWriter log, TextWriter o)
    {
        int rounds = opt.Quick ? 1 : 3;
        ChildRun[] runs =
        [
            new("Nabla (ModelZoo lenet, DataLoader + Trainer), default GC", "nabla-lenet"),
            new("Nabla, large-object threshold raised to 16 MB", "nabla-lenet", "0x1000000"),
            new("TorchSharp (nn.Sequential LeNet, optim.Adam)", "torch-lenet"),
        ];
        var children = ChildProcess.Rounds(runs, rounds, "lenet", log);
        var seconds = children.Select(c => c.SelectMany(p => p.Values("epoch").Skip(1)).ToList()).ToArray(); // epoch 1 warms the JIT up
        var peaks = children.Select(c => c.Select(p => p.Values("peak-rss-mb").Single()).ToList()).ToArray();
        var losses = children.Select(c => c[^1].Values("loss").Single()).ToArray();
        double torch = Measure.Median(seconds[^1]);
        o.WriteLine($"## One epoch of LeNet on Fashion-MNIST (60,000 images, batch {Batch}, Adam)");
        o.WriteLine();
        var table = new MarkdownTable("engine", "s / epoch (median)", "samples/s", $"loss after {Epochs} epochs", "peak RSS", "TorchSharp / this");
        for (int i = 0; i < runs.Length; i++)
        {
            double n = Measure.Median(seconds[i]);
            table.Add(runs[i].Label, Measure.F(n, 3), Measure.F(60000 / n, 0), Measure.F(losses[i], 4),
                Measure.F(Measure.Median(peaks[i]), 0) + " MB", Measure.F(torch / n, 2) + "×");
        }
        o.WriteLine(table);
        o.WriteLine($"Each engine in its own process, {rounds} round(s) of {Epochs} epochs, the first epoch of each process untimed.");
        o.WriteLine();
    }

    /// <summary>The child: load Fashion-MNIST, train LeNet for a few epochs, print each epoch's seconds, the loss and
    /// the process's peak resident set.</summary>
    public static void RunForRss(string engine, TextWriter o)
    {
        var data = FashionMnist.Load();
        double loss = 0;
        if (engine == "nabla")
        {
            var nabla = NewNabla(data);
            for (int e = 0; e < Epochs; e++) loss = EpochRunners.PrintTimedEpoch(nabla.Epoch, o);
        }
        else
        {
            float[] x = data.Features.ToFloatArray();
            long[] y = data.Targets.ToLongArray();
            data = null;
            using var torchSide = NewTorch(x, y);
            x = null!; y = null!;
            GC.Collect();
            for (int e = 0; e < Epochs; e++) loss = EpochRunners.PrintTimedEpoch(torchSide.Epoch, o);
        }
        o.WriteLine($"loss: {loss:R}");
        o.WriteLine($"peak-rss-mb: {ChildProcess.PeakRssMegabytes():F1}");
    }

    static EpochRunners.NablaEpoch NewNabla(TensorDataset data)
    {
        var model = ModelZoo.Create("lenet", [1, 28, 28], 10, new Generator(1));
        return new EpochRunners.NablaEpoch(data, model, new Adam(model.Parameters(), lr: 1e-3));
    }

    static EpochRunners.TorchEpoch NewTorch(float[] images, long[] labels) =>
        new(images, labels, [1, 28, 28],
            TNN.Sequential(
                TNN.Conv2d(1, 6, 5, padding: 2), TNN.ReLU(), TNN.MaxPool2d(2),
                TNN.Conv2d(6, 16, 5), TNN.ReLU(), TNN.MaxPool2d(2), TNN.Flatten(),
                TNN.Linear(400, 120), TNN.ReLU(), TNN.Linear(120, 84), TNN.ReLU(), TNN.Linear(84, 10)),
            parameters => torch.optim.Adam(parameters, 1e-3));
}
