using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Nabla.Fuzz;

/// <summary>Settings of one mutation-fuzzing run.</summary>
/// <param name="MaxMilliseconds">Time one input may take (checked twice: a first run over it is re-run once, so a GC
/// pause or JIT does not count).</param>
/// <param name="MaxAllocationRatio">Bytes one input may allocate per byte of input (inputs under 4 KiB count as 4 KiB).</param>
public sealed record FuzzOptions(int Iterations, int Seed, string OutputDirectory, double MaxMilliseconds = 1000,
    double MaxAllocationRatio = 64, int MaxInputBytes = 4 << 20);

/// <summary>
/// A seeded mutation fuzzer: picks an input from a growing corpus (the seeds, plus inputs that reached a new kind
/// of rejection, and some that load), stacks 1–4 mutations (the target's format-aware ones and byte-level ones), runs the target and
/// sorts the outcome into loaded / documented exception / bug. Bugs and over-budget inputs are saved to files.
/// The same seed gives the same inputs.
/// </summary>
public sealed partial class MutationFuzzer(IFuzzTarget target, FuzzOptions options, TextWriter log)
{
    private const int SmallInput = 4096;
    private const int MaxCorpus = 5000;
    private const int MaxCorpusInput = 64 << 10; // larger inputs are run, but not mutated further: they would slow every step

    public enum Outcome { Loaded, Documented, Bug }

    public FuzzReport Run()
    {
        string outDir = Path.Combine(options.OutputDirectory, target.Name);
        Directory.CreateDirectory(outDir);
        var random = new Random(options.Seed);
        var seeds = target.Seeds().ToList();
        var corpus = seeds.ToList();
        var report = new FuzzReport(target.Name);
        foreach (var seed in seeds)
            if (Execute(seed).Outcome != Outcome.Loaded) throw new InvalidOperationException($"{target.Name}: a seed does not load; fix the seed first.");

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < options.Iterations; i++)
        {
            // A quarter of the steps start from a seed: a full corpus of broken inputs would otherwise crowd out valid files.
            byte[] input = random.Next(4) == 0 ? seeds[random.Next(seeds.Count)] : corpus[random.Next(corpus.Count)];
            for (int stack = random.Next(2) == 0 ? 1 : random.Next(2, 5); stack > 0; stack--)
                input = (random.Next(2) == 0 ? target.MutateStructured(input, random) : null)
                    ?? ByteMutator.Mutate(input, corpus[random.Next(corpus.Count)], random);
            if (input.Length > options.MaxInputBytes) input = input[..options.MaxInputBytes];

            var result = Execute(input);
            report.Count(result.Outcome);
            if (result.Outcome == Outcome.Bug)
                Save(outDir, $"bug-{report.Bugs:D4}", input, result.Error!.ToString(), report);
            else if (result.Outcome == Outcome.Documented && report.AddTemplate(Template(result.Error!.Message)) && Keep(input, corpus))
                corpus.Add(input); // a rejection not seen before: this input reached somewhere new
            else if (result.Outcome == Outcome.Loaded && random.Next(10) == 0 && Keep(input, corpus))
                corpus.Add(input);

            CheckBudget(input, result, outDir, report);
            if ((i + 1) % 20_000 == 0)
                log.WriteLine($"  {target.Name}: {i + 1:N0} inputs, {report.Bugs} bugs, {report.OverBudget} over budget, corpus {corpus.Count}, {clock.Elapsed.TotalSeconds:F0} s");
        }
        report.Elapsed = clock.Elapsed;
        if (report.SlowestInput is { } slowest) File.WriteAllBytes(Path.Combine(outDir, "slowest.bin"), slowest);
        return report;
    }

    private static bool Keep(byte[] input, List<byte[]> corpus) => corpus.Count < MaxCorpus && input.Length <= MaxCorpusInput;

    /// <summary>Runs one input, timing it and counting what it allocates.</summary>
    public (Outcome Outcome, Exception? Error, TimeSpan Elapsed, long Allocated) Execute(byte[] input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Outcome outcome;
        Exception? error = null;
        try
        {
            target.Run(input);
            outcome = Outcome.Loaded;
        }
        catch (Exception e)
        {
            error = e;
            outcome = target.IsDocumented(e) ? Outcome.Documented : Outcome.Bug;
        }
        return (outcome, error, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private void CheckBudget(byte[] input, (Outcome, Exception?, TimeSpan Elapsed, long Allocated) result, string outDir, FuzzReport report)
    {
        double ratio = result.Allocated / (double)Math.Max(input.Length, SmallInput);
        report.Observe(input, result.Elapsed, ratio);
        if (result.Elapsed.TotalMilliseconds <= options.MaxMilliseconds && ratio <= options.MaxAllocationRatio) return;
        var again = Execute(input); // a GC pause or a first-time JIT is not the input's fault
        double ratioAgain = again.Allocated / (double)Math.Max(input.Length, SmallInput);
        if (again.Elapsed.TotalMilliseconds <= options.MaxMilliseconds && ratioAgain <= options.MaxAllocationRatio) return;
        report.OverBudget++;
        Save(outDir, $"budget-{report.OverBudget:D4}", input,
            $"{again.Elapsed.TotalMilliseconds:F1} ms (limit {options.MaxMilliseconds}), {again.Allocated:N0} bytes allocated for {input.Length:N0} " +
            $"input bytes = {ratioAgain:F1}× (limit {options.MaxAllocationRatio}×)", report);
    }

    private void Save(string outDir, string name, byte[] input, string what, FuzzReport report)
    {
        string path = Path.Combine(outDir, name + ".bin");
        File.WriteAllBytes(path, input);
        File.WriteAllText(Path.ChangeExtension(path, ".txt"), what + Environment.NewLine);
        if (report.Bugs + report.OverBudget <= 20) log.WriteLine($"  {name}: {path}\n    {what.Split('\n')[0]}");
    }

    /// <summary>A message with its numbers and quoted names blanked: one template per kind of rejection.</summary>
    public static string Template(string message)
    {
        string t = Quoted().Replace(message, "'…'");
        t = Digits().Replace(t, "#");
        return t.Length > 140 ? t[..140] : t;
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
