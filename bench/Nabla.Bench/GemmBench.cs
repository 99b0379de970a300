using Nabla.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Nabla.Bench;

/// <summary>
/// Square float32 GEMM, C = A·B, row-major, no transposes.
/// Nabla: <see cref="Gemm.Multiply{T}"/> into a preallocated array.
/// TorchSharp: <c>C.addmm_(A, B, beta: 0, alpha: 1)</c> on preallocated contiguous tensors — the in-place
/// ("out") form of mm, so no tensor is allocated per call; with beta = 0 libtorch does not read C.
/// </summary>
public static class GemmBench
{
    public sealed record Row(int N, Engine Nabla, Engine Torch, double MaxRelDiff, double ForeignCpu);
    public sealed record Engine(double Gflops, int Reps, long Inner, string? Skipped);

    /// <param name="peaks">Ceilings to refine: a few more peak repetitions are taken before each size.</param>
    public static List<Row> Run(Options opt, IReadOnlyList<PeakBench.Peak> peaks, TextWriter log)
    {
        var rows = new List<Row>();
        double lastNablaCall = 0, lastTorchCall = 0;
        int lastN = 0;
        GlobalWarmUp(opt, log);

        foreach (int n in opt.GemmSizes)
        {
            if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(Math.Min(30, opt.WaitIdleSeconds), log);
            foreach (var p in peaks) p.Sample(2);
            var load = new Contention();
            var rng = new Random(n);
            float[] a = RandomArray(rng, n * n), b = RandomArray(rng, n * n), c = new float[n * n];
            using var ta = torch.tensor(a, [n, n]);
            using var tb = torch.tensor(b, [n, n]);
            using var tc = torch.empty([n, n], ScalarType.Float32);
            double flops = 2.0 * n * n * n;

            void NablaOp() => Gemm.Multiply<float>(n, n, n, a, n, false, b, n, false, c, n, false);
            void TorchOp()
            {
                var r = tc.addmm_(ta, tb, beta: 0f, alpha: 1f);
                if (!ReferenceEquals(r, tc)) r.Dispose(); // in-place ops return `this` in current TorchSharp; be safe
            }

            // Predict one call's time from the previous size (n³ scaling) to skip hopeless cases (e.g. a naive kernel at 2048).
            double scale = lastN == 0 ? 0 : Math.Pow((double)n / lastN, 3);
            string? nablaSkip = lastNablaCall * scale > opt.GemmMaxCallSeconds ? $"skipped (~{lastNablaCall * scale:F0} s/call predicted)" : null;
            string? torchSkip = lastTorchCall * scale > opt.GemmMaxCallSeconds ? $"skipped (~{lastTorchCall * scale:F0} s/call predicted)" : null;

            var nabla = new Side("Nabla", NablaOp, nablaSkip);
            var torchSide = new Side("TorchSharp", TorchOp, torchSkip);
            foreach (var s in new[] { nabla, torchSide }) s.Calibrate(opt);

            // Interleave repetitions (alternating which engine goes first) so drift affects both equally.
            int reps = Math.Max(nabla.MaxReps(opt), torchSide.MaxReps(opt));
            for (int r = 0; r < reps; r++)
            {
                var order = r % 2 == 0 ? new[] { nabla, torchSide } : new[] { torchSide, nabla };
                foreach (var s in order)
                {
                    if (r >= s.MaxReps(opt)) continue;
                    // Give the other engine's threads time to go idle (libtorch's OpenMP workers keep spinning after a
                    // call and would otherwise run on the cores during the next engine's repetition).
                    Thread.Sleep(200);
                    s.Rep();
                }
            }

            double diff = double.NaN;
            if (nabla.Skipped is null && torchSide.Skipped is null)
                diff = MaxRelDiff(c, tc.data<float>().ToArray());

            var row = new Row(n, nabla.Result(flops), torchSide.Result(flops), diff, load.ForeignFraction());
            rows.Add(row);
            log.WriteLine($"[gemm] n={n}: Nabla {Measure.F(row.Nabla.Gflops)} GFLOP/s ({row.Nabla.Reps}×{row.Nabla.Inner}), " +
                          $"TorchSharp {Measure.F(row.Torch.Gflops)} GFLOP/s ({row.Torch.Reps}×{row.Torch.Inner}), max rel diff {diff:E1}, others' CPU {100 * row.ForeignCpu:F0} %");
            if (nabla.SecondsPerCall > 0) lastNablaCall = nabla.SecondsPerCall;
            if (torchSide.SecondsPerCall > 0) lastTorchCall = torchSide.SecondsPerCall;
            lastN = n;
        }
        return rows;
    }

    public static string Table(List<Row> rows, PeakBench.Peak? peak)
    {
        var t = new MarkdownTable("n", "Nabla GFLOP/s", "TorchSharp GFLOP/s", "Nabla/Torch", "Nabla % peak", "Torch % peak", "reps N/T", "max rel diff", "others' CPU");
        foreach (var r in rows)
        {
            string Pct(Engine e) => peak is null || e.Skipped is not null ? "–" : Measure.F(100 * e.Gflops / peak.MaxGflops) + " %";
            string G(Engine e) => e.Skipped ?? Measure.F(e.Gflops);
            t.Add(r.N.ToString(), G(r.Nabla), G(r.Torch),
                  r.Nabla.Skipped is null && r.Torch.Skipped is null ? Measure.F(r.Nabla.Gflops / r.Torch.Gflops, 2) + "×" : "–",
                  Pct(r.Nabla), Pct(r.Torch), $"{r.Nabla.Reps}×{r.Nabla.Inner} / {r.Torch.Reps}×{r.Torch.Inner}",
                  double.IsNaN(r.MaxRelDiff) ? "–" : r.MaxRelDiff.ToString("E1", System.Globalization.CultureInfo.InvariantCulture),
                  Measure.F(100 * r.ForeignCpu, 0) + " %");
        }
        return t.ToString();
    }

    /// <summary>Brings both engines' GEMM paths to steady state (tier-1 JIT, libtorch thread pool spun up) before timing.</summary>
    static void GlobalWarmUp(Options opt, TextWriter log)
    {
        int n = 128;
        var rng = new Random(1);
        float[] a = RandomArray(rng, n * n), b = RandomArray(rng, n * n), c = new float[n * n];
        using var ta = torch.tensor(a, [n, n]);
        using var tb = torch.tensor(b, [n, n]);
        using var tc = torch.empty([n, n], ScalarType.Float32);
        double t1 = Measure.WarmUp(() => Gemm.Multiply<float>(n, n, n, a, n, false, b, n, false, c, n, false), 2 * opt.WarmUpSeconds, 50);
        double t2 = Measure.WarmUp(() => tc.addmm_(ta, tb, beta: 0f, alpha: 1f), opt.WarmUpSeconds, 50);
        log.WriteLine($"[gemm] global warm-up done (n={n}: Nabla {t1 * 1e6:F0} µs/call, TorchSharp {t2 * 1e6:F0} µs/call)");
    }

    sealed class Side(string name, Action op, string? skipped)
    {
        public string? Skipped => skipped;
        public double SecondsPerCall { get; private set; }
        long _inner;
        readonly List<double> _gflopsTimes = []; // seconds per call, per repetition

        public void Calibrate(Options opt)
        {
            if (skipped is not null) return;
            Measure.WarmUp(op, opt.WarmUpSeconds, minCalls: 2);
            SecondsPerCall = Measure.SecondsPerCall(op, opt.MinRepSeconds / 4);
            _inner = Measure.InnerIterations(SecondsPerCall, opt.MinRepSeconds);
        }

        public int MaxReps(Options opt)
        {
            if (skipped is not null) return 0;
            double repSeconds = SecondsPerCall * _inner;
            return (int)Math.Clamp(Math.Floor(opt.GemmBudgetSeconds / Math.Max(repSeconds, 1e-9)), 1, opt.Reps);
        }

        public void Rep() => _gflopsTimes.Add(Measure.Time(op, _inner) / _inner);

        public Engine Result(double flops) => skipped is not null
            ? new Engine(double.NaN, 0, 0, skipped)
            : new Engine(flops / Measure.Median(_gflopsTimes) / 1e9, _gflopsTimes.Count, _inner, null);

        public override string ToString() => name;
    }

    static float[] RandomArray(Random rng, int len)
    {
        var x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>max |x − y| / max(max |y|, 1e-30): a scale-free agreement check between the two engines.</summary>
    static double MaxRelDiff(float[] x, float[] y)
    {
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < x.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)x[i] - y[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)y[i]));
        }
        return maxDiff / Math.Max(maxRef, 1e-30);
    }
}
