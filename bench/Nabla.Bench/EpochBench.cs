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
/// cost (an epoch of batches with no model) and, in <see cref="RunForRss"/>, a whole process for /usr/bin/time -v.
/// </summary>
public static class EpochBench
{
    const int Batch = EpochRunners.Batch;

    public static void Run(Options opt, TextWriter log, TextWriter o)
    {
        var data = FashionMnist.Load(flatten: true);
        var nabla = NewNabla(data);
        var bare = new DataLoader(data, Batch, shuffle: true, generator: new Generator(3));
        using var torchSide = NewTorch(data.Features.ToFloatArray(), data.Targets.ToLongArray());
        int reps = opt.Quick ? 1 : 5;
        var loaderSeconds = new List<double>();
        var (n, t, nablaLoss, torchLoss) = EpochRunners.Alternate("epoch", reps, log, nabla.Epoch, torchSide.Epoch,
            () => loaderSeconds.Add(EpochRunners.Time(() => LoaderOnly(bare))));
        double l = Measure.Median(loaderSeconds);
        string loh = Environment.GetEnvironmentVariable("DOTNET_GCLOHThreshold") is { } v ? $"DOTNET_GCLOHThreshold={v}" : "LOH threshold from Nabla's buildTransitive (16 MB)";
        o.WriteLine($"## One epoch of the Fashion-MNIST MLP (60,000 images, batch {Batch}) — {loh}");
        o.WriteLine();
        var table = new MarkdownTable("engine", "s / epoch (median)", "samples/s", "last epoch's mean loss", "TorchSharp / Nabla");
        table.Add("Nabla (DataLoader + Trainer)", Measure.F(n, 3), Measure.F(60000 / n, 0), Measure.F(nablaLoss, 4), Measure.F(t / n, 2) + "×");
        table.Add("TorchSharp (randperm + index_select + optim.SGD)", Measure.F(t, 3), Measure.F(60000 / t, 0), Measure.F(torchLoss, 4), "1.00×");
        table.Add("Nabla loader alone (shuffle + gather + recycle, no model)", Measure.F(l, 3), Measure.F(60000 / l, 0), "–", $"{100 * l / n:F1} % of Nabla's epoch");
        o.WriteLine(table);
        o.WriteLine($"{reps} timed epochs per engine after two warm-up epochs each; GC collections during Nabla's epochs: {nabla.Gen0} gen0, {nabla.Gen2} gen2.");
        o.WriteLine();
    }

    /// <summary>A whole process's work for a peak-RSS comparison: load Fashion-MNIST, train 3 epochs, print the loss.</summary>
    public static void RunForRss(string engine, TextWriter o)
    {
        var data = FashionMnist.Load(flatten: true);
        double loss = 0;
        if (engine == "nabla")
        {
            var nabla = NewNabla(data);
            for (int e = 0; e < 3; e++) loss = nabla.Epoch();
        }
        else
        {
            float[] x = data.Features.ToFloatArray();
            long[] y = data.Targets.ToLongArray();
            data = null; // the managed copy of the set is all TorchSharp needs from Nabla
            using var torchSide = NewTorch(x, y);
            x = null!; y = null!;
            GC.Collect();
            for (int e = 0; e < 3; e++) loss = torchSide.Epoch();
        }
        o.WriteLine($"{engine}: loss after 3 epochs {loss:F4}");
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
