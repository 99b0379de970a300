using System.Diagnostics;
using System.Globalization;

namespace Nabla.Bench;

/// <summary>Runs this benchmark program again as a child process and reads the "name: value" lines it prints.</summary>
public sealed class ChildProcess
{
    private readonly Dictionary<string, List<double>> values = [];

    private ChildProcess(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || !double.TryParse(line[(colon + 2)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) continue;
            string name = line[..colon];
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(v);
        }
    }

    /// <summary>Every value printed under this name, in order.</summary>
    public IReadOnlyList<double> Values(string name) =>
        values.TryGetValue(name, out var list) ? list : throw new InvalidOperationException($"the child printed no '{name}:' line");

    /// <summary>The values printed under this name, none when the child printed none.</summary>
    public IReadOnlyList<double> ValuesOrEmpty(string name) => values.TryGetValue(name, out var list) ? list : [];

    /// <summary>Starts the child with these arguments (and DOTNET_GCLOHThreshold when given), waits for it and
    /// fails with its error output when it fails.</summary>
    public static ChildProcess Run(IEnumerable<string> args, string? lohThreshold = null)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        if (lohThreshold is not null) info.Environment["DOTNET_GCLOHThreshold"] = lohThreshold;
        using var child = Process.Start(info)!;
        var errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"child '{string.Join(' ', args)}' failed ({child.ExitCode}): {errors.Result}");
        return new ChildProcess(output);
    }

    /// <summary>Runs each configuration <paramref name="rounds"/> times as a `--rss ENGINE` child, reversing the order
    /// every other round so drifting load hits all alike; returns each configuration's children.</summary>
    public static List<ChildProcess>[] Rounds(IReadOnlyList<ChildRun> runs, int rounds, string tag, TextWriter log)
    {
        var results = runs.Select(_ => new List<ChildProcess>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < runs.Count; k++)
            {
                int i = r % 2 == 0 ? k : runs.Count - 1 - k;
                log.WriteLine($"[{tag}] round {r + 1}/{rounds}: {runs[i].Label}");
                results[i].Add(Run(["--rss", runs[i].Engine], runs[i].LohThreshold));
            }
        return results;
    }

    /// <summary>This process's peak resident set (VmHWM) in MB.</summary>
    public static double PeakRssMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }
}

/// <summary>One configuration of a per-process benchmark: a table label, the `--rss` engine name and an optional
/// DOTNET_GCLOHThreshold.</summary>
public sealed record ChildRun(string Label, string Engine, string? LohThreshold = null);
