namespace Nabla.Bench;

public sealed class Options
{
    public bool Quick { get; private set; }
    public HashSet<string> Only { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int[] GemmSizes { get; private set; } = [64, 128, 256, 512, 1024, 2048];
    public int Threads { get; private set; } = 2;
    /// <summary>Seconds to wait, before each section, for other processes to stop using the CPUs (0 = don't wait).</summary>
    public double WaitIdleSeconds { get; private set; } = 120;

    /// <summary>"nabla" or "torch" (MLP, 3 epochs), "nabla-lenet" or "torch-lenet" (LeNet, 2 epochs): only load
    /// Fashion-MNIST and train (for /usr/bin/time -v), then exit.</summary>
    public string? RssEngine { get; private set; }

    /// <summary>Sections; "epoch" and "lenet" (need Fashion-MNIST) run only when asked for with --only.</summary>
    public static readonly string[] Sections = ["peak", "gemm", "mlp", "tiny", "act", "conv", "gc", "epoch", "lenet"];

    /// <summary>Repetitions per measurement (the median is reported).</summary>
    public int Reps => Quick ? 5 : 11;
    /// <summary>Minimum duration of one repetition.</summary>
    public double MinRepSeconds => Quick ? 0.05 : 0.1;
    /// <summary>Warm-up duration before each measurement.</summary>
    public double WarmUpSeconds => Quick ? 0.2 : 0.5;
    /// <summary>Upper bound on the time one engine may spend on one GEMM size (reps are reduced to fit, min 1).</summary>
    public double GemmBudgetSeconds => Quick ? 4 : 15;
    /// <summary>A GEMM size is skipped for an engine when one call is predicted to take longer than this.</summary>
    public double GemmMaxCallSeconds => Quick ? 3 : 10;

    public bool Runs(string section) => Only.Count == 0 ? section is not ("epoch" or "lenet") : Only.Contains(section);

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": o.Quick = true; break;
                case "--only":
                    if (++i >= args.Length) throw new ArgumentException("--only needs a value: " + string.Join("|", Sections));
                    foreach (var s in args[i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Sections.Contains(s, StringComparer.OrdinalIgnoreCase))
                            throw new ArgumentException($"unknown section '{s}'; expected {string.Join("|", Sections)}");
                        o.Only.Add(s);
                    }
                    break;
                case "--sizes":
                    if (++i >= args.Length) throw new ArgumentException("--sizes needs a comma-separated list");
                    o.GemmSizes = args[i].Split(',').Select(int.Parse).ToArray();
                    break;
                case "--threads":
                    if (++i >= args.Length) throw new ArgumentException("--threads needs a value");
                    o.Threads = int.Parse(args[i]);
                    break;
                case "--wait-idle":
                    if (++i >= args.Length) throw new ArgumentException("--wait-idle needs a number of seconds (0 = off)");
                    o.WaitIdleSeconds = double.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--rss":
                    if (++i >= args.Length || args[i] is not ("nabla" or "torch" or "nabla-lenet" or "torch-lenet"))
                        throw new ArgumentException("--rss needs nabla|torch|nabla-lenet|torch-lenet");
                    o.RssEngine = args[i];
                    break;
                case "-h": case "--help":
                    Console.WriteLine("""
                        Nabla.Bench — Nabla vs TorchSharp (libtorch CPU)
                          --quick               fewer/shorter repetitions
                          --only peak|gemm|mlp|tiny|act|conv|gc|epoch|lenet run only these sections (comma-separated allowed;
                                                epoch = a Fashion-MNIST training epoch, only when named)
                          --rss nabla|torch     load Fashion-MNIST, train 3 epochs, exit (for /usr/bin/time -v)
                          --rss nabla-lenet|torch-lenet   the same with LeNet, 2 epochs
                          --sizes 64,128,...    GEMM sizes (default 64..2048)
                          --threads N           libtorch intra-op threads and peak-loop threads (default 2)
                          --wait-idle S         before each section wait up to S seconds for other processes
                                                to leave the CPUs idle (default 120, 0 = off)
                        Tables go to stdout (Markdown), progress to stderr.
                        """);
                    Environment.Exit(0);
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (try --help)");
            }
        }
        return o;
    }
}
