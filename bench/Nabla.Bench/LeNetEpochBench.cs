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
/// same LeNet as nn.Sequential + optim.Adam, loss.item() every batch. <see cref="RunForRss"/>: a whole process
/// (load + 2 epochs) for /usr/bin/time -v.
/// </summary>
public static class LeNetEpochBench
{
    const int Batch = EpochRunners.Batch;

    public static void Run(Options opt, TextWriter log, TextWriter o)
    {
        var data = FashionMnist.Load();
        var nabla = NewNabla(data);
        using var torchSide = NewTorch(data.Features.ToFloatArray(), data.Targets.ToLongArray());
        int reps = opt.Quick ? 1 : 2;
        var (n, t, nablaLoss, torchLoss) = EpochRunners.Alternate("lenet", reps, log, nabla.Epoch, torchSide.Epoch);
        o.WriteLine($"## One epoch of LeNet on Fashion-MNIST (60,000 images, batch {Batch}, Adam)");
        o.WriteLine();
        var table = new MarkdownTable("engine", "s / epoch (median)", "samples/s", "last epoch's mean loss", "TorchSharp / Nabla");
        table.Add("Nabla (ModelZoo lenet, DataLoader + Trainer)", Measure.F(n, 3), Measure.F(60000 / n, 0), Measure.F(nablaLoss, 4), Measure.F(t / n, 2) + "×");
        table.Add("TorchSharp (nn.Sequential LeNet, optim.Adam)", Measure.F(t, 3), Measure.F(60000 / t, 0), Measure.F(torchLoss, 4), "1.00×");
        o.WriteLine(table);
        o.WriteLine($"{reps} timed epochs per engine after two warm-up epochs each.");
        o.WriteLine();
    }

    /// <summary>Load Fashion-MNIST, train LeNet for 2 epochs, print the loss (peak RSS via /usr/bin/time -v).</summary>
    public static void RunForRss(string engine, TextWriter o)
    {
        var data = FashionMnist.Load();
        double loss = 0;
        if (engine == "nabla")
        {
            var nabla = NewNabla(data);
            for (int e = 0; e < 2; e++) loss = nabla.Epoch();
        }
        else
        {
            float[] x = data.Features.ToFloatArray();
            long[] y = data.Targets.ToLongArray();
            data = null;
            using var torchSide = NewTorch(x, y);
            x = null!; y = null!;
            GC.Collect();
            for (int e = 0; e < 2; e++) loss = torchSide.Epoch();
        }
        o.WriteLine($"{engine} lenet: loss after 2 epochs {loss:F4}");
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
