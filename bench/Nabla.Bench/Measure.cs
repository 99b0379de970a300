using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Nabla.Bench;

/// <summary>Timing and statistics helpers.</summary>
public static class Measure
{
    public static double Median(IReadOnlyList<double> xs)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.OrderBy(x => x).ToArray();
        int m = s.Length / 2;
        return s.Length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    /// <summary>Seconds taken by <paramref name="iterations"/> calls of <paramref name="op"/>.</summary>
    public static double Time(Action op, long iterations)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (long i = 0; i < iterations; i++) op();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>Calls <paramref name="op"/> repeatedly for at least <paramref name="seconds"/> (and at least <paramref name="minCalls"/> times).
    /// Returns the seconds per call of the last call.</summary>
    public static double WarmUp(Action op, double seconds, int minCalls = 3)
    {
        long start = Stopwatch.GetTimestamp();
        double last = 0;
        for (int i = 0; i < minCalls || Stopwatch.GetElapsedTime(start).TotalSeconds < seconds; i++)
            last = Time(op, 1);
        return last;
    }

    /// <summary>Seconds per call, robust to interference: doubles a batch until it lasts ≥ <paramref name="batchSeconds"/>,
    /// then takes the fastest of three such batches.</summary>
    public static double SecondsPerCall(Action op, double batchSeconds)
    {
        long k = 1;
        double t;
        while ((t = Time(op, k)) < batchSeconds && k < (1L << 40)) k *= 2;
        t = Math.Min(t, Math.Min(Time(op, k), Time(op, k)));
        return t / k;
    }

    /// <summary>Inner iterations so that one repetition lasts at least <paramref name="minRepSeconds"/>.</summary>
    public static long InnerIterations(double secondsPerCall, double minRepSeconds) =>
        Math.Max(1, (long)Math.Ceiling(minRepSeconds / Math.Max(secondsPerCall, 1e-9)));

    public static string F(double x, int decimals = 1) =>
        double.IsNaN(x) ? "–" : x.ToString("F" + decimals, CultureInfo.InvariantCulture);
}

/// <summary>Builds a GitHub-flavoured Markdown table with padded columns.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    readonly List<string[]> _rows = [];
    readonly bool[] _rightAlign = headers.Select((_, i) => i > 0).ToArray();

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        int n = headers.Length;
        var w = new int[n];
        for (int i = 0; i < n; i++)
            w[i] = Math.Max(3, _rows.Select(r => i < r.Length ? r[i].Length : 0).Prepend(headers[i].Length).Max());
        var sb = new StringBuilder();
        string Cell(string s, int i) => _rightAlign[i] ? s.PadLeft(w[i]) : s.PadRight(w[i]);
        sb.Append("| ").AppendJoin(" | ", headers.Select((h, i) => Cell(h, i))).AppendLine(" |");
        sb.Append("| ").AppendJoin(" | ", w.Select((x, i) => _rightAlign[i] ? new string('-', x - 1) + ":" : new string('-', x))).AppendLine(" |");
        foreach (var r in _rows)
            sb.Append("| ").AppendJoin(" | ", Enumerable.Range(0, n).Select(i => Cell(i < r.Length ? r[i] : "", i))).AppendLine(" |");
        return sb.ToString();
    }
}
