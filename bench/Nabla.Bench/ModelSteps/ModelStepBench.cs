using System.Diagnostics;

namespace Nabla.Bench.ModelSteps;

/// <summary>Runs <see cref="IBenchCase"/>s on both engines: µs/step (median over repetitions) and GC collections per 1000 steps.</summary>
public static class ModelStepBench
{
    /// <summary>All model-step cases. Add new ones here.</summary>
    public static IReadOnlyList<IBenchCase> Cases { get; } = [new MlpStepCase(), new TinyTrainCase()];

    public sealed record EngineResult(double MicrosPerStep, double Gen0, double Gen1, double Gen2, double FirstLoss, double LastLoss, int Reps, int StepsPerRep);
    public sealed record Row(IBenchCase Case, EngineResult? Nabla, EngineResult Torch);

    public static List<Row> Run(Options opt, TextWriter log) => Run(opt, log, Cases);

    public static List<Row> Run(Options opt, TextWriter log, IReadOnlyList<IBenchCase> cases)
    {
        var rows = new List<Row>();
        foreach (var c in cases.Where(c => opt.Runs(c.Id)))
        {
            int steps = opt.Quick ? Math.Max(1, c.StepsPerRep / 4) : c.StepsPerRep;
            using var torchRunner = c.CreateTorch();
            using var nablaRunner = c.CreateNabla();
            var sides = new List<Side> { new("TorchSharp", torchRunner) };
            if (nablaRunner is not null) sides.Insert(0, new Side("Nabla", nablaRunner));

            // First-step loss, then warm-up: the first side for at least a second (so tiered compilation reaches
            // optimised code), the other for the same number of steps, so both end on the same step.
            int warmUp = steps;
            foreach (var s in sides) warmUp = s.Start(warmUp);
            for (int r = 0; r < opt.Reps; r++)
            {
                var order = r % 2 == 0 ? sides : Enumerable.Reverse(sides);
                foreach (var s in order) s.Rep(steps);
            }
            var results = sides.Select(s => s.Finish(steps)).ToList();
            var row = new Row(c, nablaRunner is null ? null : results[0], results[^1]);
            rows.Add(row);
            foreach (var (s, res) in sides.Zip(results))
                log.WriteLine($"[{c.Id}] {s.Name}: {res.MicrosPerStep:F1} µs/step, GC/1k steps {res.Gen0:F2}/{res.Gen1:F2}/{res.Gen2:F2}, loss {L(res.FirstLoss)} → {L(res.LastLoss)}");
            if (nablaRunner is null) log.WriteLine($"[{c.Id}] Nabla: pending (CreateNabla() returns null)");
        }
        return rows;
    }

    public static string Table(List<Row> rows)
    {
        var t = new MarkdownTable("case", "Nabla µs/step", "TorchSharp µs/step", "Nabla/Torch",
            "Nabla GC g0/g1/g2 per 1k", "Torch GC g0/g1/g2 per 1k", "loss@1 Nabla / Torch", "loss@end Nabla / Torch");
        foreach (var r in rows)
        {
            static string Gc(EngineResult e) => $"{Measure.F(e.Gen0, 2)} / {Measure.F(e.Gen1, 2)} / {Measure.F(e.Gen2, 2)}";
            var n = r.Nabla;
            t.Add(r.Case.Name,
                n is null ? "pending" : Measure.F(n.MicrosPerStep),
                Measure.F(r.Torch.MicrosPerStep),
                n is null ? "–" : Measure.F(n.MicrosPerStep / r.Torch.MicrosPerStep, 2) + "×",
                n is null ? "pending" : Gc(n), Gc(r.Torch),
                $"{(n is null ? "–" : L(n.FirstLoss))} / {L(r.Torch.FirstLoss)}",
                $"{(n is null ? "–" : L(n.LastLoss))} / {L(r.Torch.LastLoss)}");
        }
        return t.ToString();
    }

    static string L(double loss) => loss.ToString("G5", System.Globalization.CultureInfo.InvariantCulture);

    sealed class Side(string name, IStepRunner runner)
    {
        public string Name => name;
        readonly List<double> _microsPerStep = [];
        long _g0, _g1, _g2, _measuredSteps;
        double _firstLoss;

        /// <summary>Warms up for at least minSteps steps and one second; returns the steps taken.</summary>
        public int Start(int minSteps)
        {
            _firstLoss = runner.StepWithLoss();
            var warm = Stopwatch.StartNew();
            int i = 0;
            for (; i < minSteps || warm.ElapsedMilliseconds < 1000; i++) runner.Step();
            return i;
        }

        public void Rep(int steps)
        {
            // Let the other engine's worker threads (libtorch's OpenMP pool, Nabla's GEMM workers) go idle first.
            Thread.Sleep(50);
            int c0 = GC.CollectionCount(0), c1 = GC.CollectionCount(1), c2 = GC.CollectionCount(2);
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++) runner.Step();
            double sec = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            _g0 += GC.CollectionCount(0) - c0; _g1 += GC.CollectionCount(1) - c1; _g2 += GC.CollectionCount(2) - c2;
            _measuredSteps += steps;
            _microsPerStep.Add(sec * 1e6 / steps);
        }

        public EngineResult Finish(int steps)
        {
            double last = runner.StepWithLoss();
            double per1k = 1000.0 / Math.Max(1, _measuredSteps);
            return new EngineResult(Measure.Median(_microsPerStep), _g0 * per1k, _g1 * per1k, _g2 * per1k,
                _firstLoss, last, _microsPerStep.Count, steps);
        }
    }
}
