using System.Diagnostics;
using System.Globalization;
using Nabla.Bench.ModelSteps;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// Nabla's speed with the runtime's default GC settings against a raised large-object threshold, in one run: each
/// workload runs in child processes of this benchmark, alternately with DOTNET_GCLOHThreshold = 85,000 bytes (the
/// runtime's default: what every application gets, Nabla asks for no setting) and 16 MB (the setting the package
/// used to add before its buffer pool made it unnecessary).
/// </summary>
public static class GcSettingsBench
{
    public const string ChildFlag = "--gc-child";

    private static readonly (string Name, string Hex)[] Settings = [("default (85 KB)", "0x14C08"), ("raised (16 MB)", "0x1000000")];

    public sealed record Workload(string Id, string Name, string Unit);

    public static readonly Workload[] Workloads =
    [
        new("mlp-step", "MLP 784-256-10 fwd+bwd, batch 64 (1,000 steps)", "µs/step"),
        new("epoch", "MLP epoch, hand-written loop: 60,000 × 784 in memory, shuffled batches of 64, SGD momentum 0.9", "s/epoch"),
        new("epoch-recycle", "the same loop with DataLoader.RecycleBatches = true", "s/epoch"),
        new("epoch-trainer", "the same epoch through Trainer.Fit (recycles its batches)", "s/epoch"),
    ];

    /// <summary>One child's result: the per-repetition times (in the workload's unit) and the GC counts over all of them.</summary>
    private sealed record ChildResult(double[] Times, int Gen0, int Gen1, int Gen2, int Units);

    public static MarkdownTable Run(Options opt, TextWriter log)
    {
        int rounds = opt.Quick ? 1 : 3;
        var table = new MarkdownTable("workload", "GC setting", "median", "default / raised", "gen0", "gen1", "gen2", "gen2 per 1,000 steps");
        foreach (var w in Workloads)
        {
            var results = Settings.ToDictionary(s => s.Name, _ => new List<ChildResult>());
            for (int r = 0; r < rounds; r++)
                foreach (var (name, hex) in Settings)
                {
                    log.WriteLine($"gc: {w.Id}, {name}, round {r + 1}/{rounds}");
                    results[name].Add(RunChild(w.Id, hex, opt.Quick));
                }
            double tunedMedian = Median(results[Settings[1].Name].SelectMany(c => c.Times));
            foreach (var (name, _) in Settings)
            {
                var all = results[name];
                double median = Median(all.SelectMany(c => c.Times));
                int steps = all.Sum(c => c.Units);
                int g0 = all.Sum(c => c.Gen0), g1 = all.Sum(c => c.Gen1), g2 = all.Sum(c => c.Gen2);
                table.Add(w.Name, name, $"{Measure.F(median)} {w.Unit}", $"{median / tunedMedian:F2}×",
                    g0.ToString(CultureInfo.InvariantCulture), g1.ToString(CultureInfo.InvariantCulture),
                    g2.ToString(CultureInfo.InvariantCulture), (1000.0 * g2 / steps).ToString("F1", CultureInfo.InvariantCulture));
            }
        }
        return table;
    }

    private static ChildResult RunChild(string workload, string lohHex, bool quick)
    {
        var child = ChildProcess.Run([ChildFlag, workload, quick ? "quick" : "full"], lohHex);
        int Count(string name) => (int)child.Values(name).Single();
        return new ChildResult(child.Values("time").ToArray(), Count("gen0"), Count("gen1"), Count("gen2"), Count("steps"));
    }

    /// <summary>The child process: runs one workload and prints a "time:" line per repetition, then its GC counts and
    /// steps, for <see cref="ChildProcess"/> to read.</summary>
    public static int Child(string[] args)
    {
        bool quick = args.Length > 2 && args[2] == "quick";
        var (times, steps) = args[1] switch
        {
            "mlp-step" => MlpSteps(quick),
            "epoch" => Epochs(quick, EpochStyle.Loop),
            "epoch-recycle" => Epochs(quick, EpochStyle.RecyclingLoop),
            "epoch-trainer" => Epochs(quick, EpochStyle.Trainer),
            _ => throw new ArgumentException("unknown gc workload " + args[1]),
        };
        foreach (double t in times) Console.WriteLine($"time: {t.ToString("R", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"gen0: {Counts[0]}\ngen1: {Counts[1]}\ngen2: {Counts[2]}\nsteps: {steps}");
        return 0;
    }

    private static int[] Counts = [0, 0, 0];

    private static void CountFrom((int, int, int) start) =>
        Counts = [GC.CollectionCount(0) - start.Item1, GC.CollectionCount(1) - start.Item2, GC.CollectionCount(2) - start.Item3];

    private static (int, int, int) Now() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    private static (double[] MicrosPerStep, int Steps) MlpSteps(bool quick)
    {
        using var runner = new MlpStepCase().CreateNabla()!;
        for (int i = 0; i < 300; i++) runner.Step();
        int reps = quick ? 3 : 7, perRep = 1000;
        var times = new double[reps];
        var start = Now();
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < perRep; i++) runner.Step();
            times[r] = sw.Elapsed.TotalMicroseconds / perRep;
        }
        CountFrom(start);
        return (times, reps * perRep);
    }

    /// <summary>Epochs of the Fashion-MNIST-sized MLP on synthetic in-memory data (the data's values do not change the
    /// work): DataLoader shuffling batches of 64, Linear-ReLU-Linear, cross-entropy, SGD with momentum.</summary>
    private enum EpochStyle { Loop, RecyclingLoop, Trainer }

    private static (double[] SecondsPerEpoch, int Steps) Epochs(bool quick, EpochStyle style)
    {
        var g = new Generator(1);
        int n = quick ? 15_000 : 60_000;
        var x = Tensor.Rand([n, 784], g);
        var y = Tensor.RandInt(0, 10, [n], g);
        var loader = new DataLoader(new TensorDataset(x, y), batchSize: 64, shuffle: true, generator: new Generator(2));
        var model = new Sequential(new Linear(784, 256, generator: g), new ReLU(), new Linear(256, 10, generator: g));
        var loss = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: 0.01, momentum: 0.9);
        loader.RecycleBatches = style == EpochStyle.RecyclingLoop;
        var trainer = new Nabla.Training.Trainer(model, loss, optimizer) { Progress = Nabla.Training.ProgressMode.None, TrackNorms = false };
        void Epoch()
        {
            if (style == EpochStyle.Trainer)
            {
                trainer.Fit(loader, trainer.Epoch + 1);
                return;
            }
            foreach (var (features, targets) in loader)
            {
                optimizer.ZeroGrad();
                loss.Call(model.Call(features), targets).Backward();
                optimizer.Step();
            }
        }
        Epoch(); // warm-up
        int reps = quick ? 2 : 3;
        var times = new double[reps];
        var start = Now();
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            Epoch();
            times[r] = sw.Elapsed.TotalSeconds;
        }
        CountFrom(start);
        return (times, reps * loader.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
