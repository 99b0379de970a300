using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nabla.Bench;
using Nabla.Bench.ModelSteps;

// Tables (Markdown) go to stdout, progress to stderr: `dotnet run ... > results.md` captures only the tables.
var log = Console.Error;
if (args.Length > 1 && args[0] == GcSettingsBench.ChildFlag) return GcSettingsBench.Child(args); // Nabla only: no TorchSharp
Options opt;
try { opt = Options.Parse(args); }
catch (ArgumentException e) { log.WriteLine(e.Message); return 2; }

// Must happen before any TorchSharp.torch member is touched (its static constructor loads the native libraries).
TorchLoader.PrepareNativeLibraries(log);
if (opt.RssEngine is { } engine)
{
    if (engine.StartsWith("torch", StringComparison.Ordinal)) TorchLoader.Initialize(opt.Threads);
    if (engine.EndsWith("-lenet", StringComparison.Ordinal)) LeNetEpochBench.RunForRss(engine[..^"-lenet".Length], Console.Out);
    else EpochBench.RunForRss(engine, Console.Out);
    return 0;
}
Run(opt, log);
return 0;

[MethodImpl(MethodImplOptions.NoInlining)]
static void Run(Options opt, TextWriter log)
{
    TorchLoader.Initialize(opt.Threads);
    var o = Console.Out;

    o.WriteLine($"# Nabla vs TorchSharp{(opt.Quick ? " (--quick)" : "")}");
    o.WriteLine();
    o.WriteLine($"- {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs, {CpuName()}");
    o.WriteLine($"- SIMD: {PeakBench.Isa}; Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated}; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}");
    o.WriteLine($"- TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} (libtorch CPU), torch threads = {TorchSharp.torch.get_num_threads()}");
    o.WriteLine($"- load average at start: {LoadAverage()}");
    o.WriteLine($"- repetitions: {opt.Reps} (median reported), ≥ {opt.MinRepSeconds * 1000:F0} ms per GEMM repetition, warm-up {opt.WarmUpSeconds * 1000:F0} ms");
    o.WriteLine();

    (PeakBench.Peak F32, PeakBench.Peak F64)? peaks = null;
    Contention? peakLoad = null;
    if (opt.Runs("peak") || opt.Runs("gemm"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        peakLoad = new Contention();
        peaks = PeakBench.Run(opt, log);
        if (!opt.Runs("gemm")) PrintPeaks(o, opt, peaks.Value, peakLoad.Note());
    }

    if (opt.Runs("gemm"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        var load = new Contention();
        var rows = GemmBench.Run(opt, [peaks!.Value.F32, peaks.Value.F64], log);
        string gemmNote = load.Note();
        // Printed after GEMM: the ceilings also got samples between GEMM sizes.
        PrintPeaks(o, opt, peaks.Value, "Peak section: " + peakLoad!.Note() + " Best/median also include 2 samples taken before each GEMM size (see the GEMM table's last column for load then).");
        o.WriteLine("## float32 GEMM, C = A·B (square, row-major)");
        o.WriteLine();
        o.WriteLine(GemmBench.Table(rows, peaks.Value.F32));
        o.WriteLine("Nabla: `Gemm.Multiply<float>` into a preallocated array. TorchSharp: `C.addmm_(A, B, beta: 0, alpha: 1)` on preallocated");
        o.WriteLine("tensors (in-place, no per-call allocation). Reps = repetitions × calls per repetition; % peak is against the best float32 ceiling above.");
        o.WriteLine("Max rel diff = max |C_Nabla − C_Torch| / max |C_Torch| on the same inputs.");
        o.WriteLine();
        o.WriteLine(gemmNote);
        o.WriteLine();
    }

    if (opt.Runs("epoch"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        var load = new Contention();
        EpochBench.Run(opt, log, o);
        o.WriteLine(load.Note());
        o.WriteLine();
    }

    if (opt.Runs("lenet"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        var load = new Contention();
        LeNetEpochBench.Run(opt, log, o);
        o.WriteLine(load.Note());
        o.WriteLine();
    }

    if (opt.Runs("mlp") || opt.Runs("tiny"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        var load = new Contention();
        var rows = ModelStepBench.Run(opt, log);
        o.WriteLine("## Model steps");
        o.WriteLine();
        o.WriteLine(ModelStepBench.Table(rows));
        foreach (var r in rows)
            o.WriteLine($"- {r.Case.Name}: {r.Case.Description}; {r.Torch.Reps} repetitions × {r.Torch.StepsPerRep} steps.");
        o.WriteLine("- GC = `GC.CollectionCount` deltas over the timed steps (process-wide; a gen1 collection also counts in gen0).");
        o.WriteLine();
        o.WriteLine(load.Note());
        o.WriteLine();
    }

    if (opt.Runs("gc")) RunGcSettings(opt, log, o);

    if (opt.Runs("act"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        var load = new Contention();
        var rows = ModelStepBench.Run(opt, log, ActivationCase.All);
        o.WriteLine("## Activations, forward + backward on [64, 4096] float32");
        o.WriteLine();
        o.WriteLine(ModelStepBench.Table(rows));
        o.WriteLine($"- {rows.FirstOrDefault()?.Case.Description}; loss columns: Σ x.grad of the first and last step.");
        o.WriteLine();
        o.WriteLine(load.Note());
        o.WriteLine();
    }

    if (opt.Runs("conv"))
    {
        if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
        var load = new Contention();
        var rows = ModelStepBench.Run(opt, log, ConvBench.Cases);
        o.WriteLine("## Conv2d layers, forward + backward, batch 64 (float32)");
        o.WriteLine();
        o.WriteLine(ConvBench.Table(rows));
        foreach (var r in rows) o.WriteLine($"- {r.Case.Name}: {r.Case.Description}; {r.Torch.Reps} repetitions × {r.Torch.StepsPerRep} steps.");
        o.WriteLine("- Ratios below 1 mean Nabla is faster. CPU = process CPU time per step (both engines' threads).");
        o.WriteLine();
        o.WriteLine(load.Note());
        o.WriteLine();
    }
}

static void RunGcSettings(Options opt, TextWriter log, TextWriter o)
{
    if (opt.WaitIdleSeconds > 0) Contention.WaitForIdle(opt.WaitIdleSeconds, log);
    var load = new Contention();
    var table = GcSettingsBench.Run(opt, log);
    o.WriteLine("## Nabla with default GC settings vs a raised large-object threshold");
    o.WriteLine();
    o.WriteLine(table);
    o.WriteLine("- Each row: child processes of this benchmark, alternating the two settings (DOTNET_GCLOHThreshold), medians over all");
    o.WriteLine("  repetitions; GC counts summed over the timed repetitions. \"default\" is what every application gets (Nabla asks");
    o.WriteLine("  for no runtime setting); \"raised\" is the 16 MB threshold the package used to set.");
    o.WriteLine();
    o.WriteLine(load.Note());
    o.WriteLine();
}

static void PrintPeaks(TextWriter o, Options opt, (PeakBench.Peak F32, PeakBench.Peak F64) peaks, string note)
{
    o.WriteLine($"## Machine ceiling (register-only FMA loop, {opt.Threads} threads)");
    o.WriteLine();
    var t = new MarkdownTable("type", "ISA", "threads", "peak GFLOP/s (best)", "median", "1 thread (best of 3)", "reps");
    foreach (var p in new[] { peaks.F32, peaks.F64 })
        t.Add(p.Type, p.Isa, p.Threads.ToString(), Measure.F(p.MaxGflops), Measure.F(p.MedianGflops), Measure.F(p.PerCoreGflops), p.Reps.ToString());
    o.WriteLine(t);
    o.WriteLine(note);
    o.WriteLine();
}

static string LoadAverage()
{
    try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "unknown"; }
}

static string CpuName()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    }
    catch (IOException) { return "unknown CPU"; }
}
