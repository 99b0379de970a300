using Nabla.Fuzz;
using Nabla.Fuzz.Targets;

// Fuzzers for Nabla's readers; see tools/fuzz/README.md.
const string Usage = """
    usage: Nabla.Fuzz <command> [options]
      list                                   the fuzz targets
      mutate [--target NAME|all] [--iterations N] [--seed S] [--out DIR] [--max-ms MS] [--max-alloc-ratio R]
                                             seeded mutation fuzzing (defaults: all, 200000, 1, tools/fuzz/findings, 1000, 64)
      replay --target NAME FILE...           runs saved inputs and prints each outcome
      seeds --target NAME --out DIR          writes the target's seeds (AFL's input folder)
      afl --target NAME                      the program afl-fuzz runs (SharpFuzz; see sharpfuzz.sh)
    exit code: 0 when nothing went wrong, 1 when a bug or an over-budget input was found, 2 for bad usage.
    """;

try
{
    if (args.Length == 0 || args[0] is "-h" or "--help") { Console.WriteLine(Usage); return 0; }
    var options = ParseOptions(args.AsSpan(1), out var files);
    string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
    IEnumerable<IFuzzTarget> Targets() => Option("target", "all") == "all" ? FuzzTargets.All : [FuzzTargets.Find(Option("target", ""))];

    switch (args[0])
    {
        case "list":
            foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name} ({t.Seeds().Count()} seeds)");
            return 0;

        case "mutate":
            bool clean = true;
            foreach (var target in Targets())
            {
                var settings = new FuzzOptions(int.Parse(Option("iterations", "200000")), int.Parse(Option("seed", "1")),
                    Option("out", Path.Combine("tools", "fuzz", "findings")),
                    double.Parse(Option("max-ms", "1000")), double.Parse(Option("max-alloc-ratio", "64")));
                Console.WriteLine($"{target.Name}: {settings.Iterations:N0} inputs from seed {settings.Seed}, findings in {Path.GetFullPath(Path.Combine(settings.OutputDirectory, target.Name))}");
                var report = new MutationFuzzer(target, settings, Console.Out).Run();
                report.Print(Console.Out);
                clean &= report.Bugs == 0 && report.OverBudget == 0;
            }
            return clean ? 0 : 1;

        case "replay":
        {
            var target = FuzzTargets.Find(Option("target", "safetensors"));
            var fuzzer = new MutationFuzzer(target, new FuzzOptions(0, 0, "."), Console.Out);
            bool allGood = true;
            foreach (string file in files)
            {
                var (outcome, error, elapsed, allocated) = fuzzer.Execute(File.ReadAllBytes(file));
                Console.WriteLine($"{file}: {outcome} in {elapsed.TotalMilliseconds:F1} ms, {allocated:N0} bytes allocated");
                if (error is not null) Console.WriteLine(outcome == MutationFuzzer.Outcome.Bug ? error.ToString() : "  " + error.Message);
                allGood &= outcome != MutationFuzzer.Outcome.Bug;
            }
            return allGood ? 0 : 1;
        }

        case "seeds":
        {
            string dir = options.TryGetValue("out", out var o) ? o : throw new ArgumentException("seeds needs --out DIR.");
            Directory.CreateDirectory(dir);
            int n = 0;
            foreach (var seed in FuzzTargets.Find(Option("target", "")).Seeds()) File.WriteAllBytes(Path.Combine(dir, $"seed-{n++:D2}.bin"), seed);
            Console.WriteLine($"{n} seeds written to {dir}");
            return 0;
        }

        case "afl":
        {
            var target = FuzzTargets.Find(Option("target", ""));
            // An uncaught exception is what afl-fuzz records as a crash: documented rejections are swallowed.
            SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
            {
                var input = new MemoryStream();
                stream.CopyTo(input);
                try { target.Run(input.ToArray()); }
                catch (Exception e) when (target.IsDocumented(e)) { }
            });
            return 0;
        }

        default:
            throw new ArgumentException($"unknown command '{args[0]}'.");
    }
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"Nabla.Fuzz: {e.Message}\n{Usage}");
    return 2;
}

static Dictionary<string, string> ParseOptions(ReadOnlySpan<string> args, out List<string> files)
{
    var options = new Dictionary<string, string>();
    files = [];
    for (int i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--")) { files.Add(args[i]); continue; }
        if (i + 1 >= args.Length) throw new ArgumentException($"option {args[i]} needs a value.");
        options[args[i][2..]] = args[++i];
    }
    return options;
}
