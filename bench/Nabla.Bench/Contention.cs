using System.Diagnostics;

namespace Nabla.Bench;

/// <summary>
/// Measures how much CPU *other* processes used while a section ran (Linux: /proc/stat minus the CPU time of this
/// process and of the child processes it waited for, which run the engines of some sections). On a 2-core machine a concurrent build halves the numbers, so every table reports it.
/// </summary>
public sealed class Contention
{
    readonly long _t0 = Stopwatch.GetTimestamp();
    readonly double _busy0 = SystemBusySeconds();
    readonly double _self0 = OwnSeconds();

    /// <summary>Fraction (0..1) of all CPUs' time used by other processes since construction; NaN if unknown.</summary>
    public double ForeignFraction()
    {
        double wall = Stopwatch.GetElapsedTime(_t0).TotalSeconds;
        double busy = SystemBusySeconds() - _busy0;
        double self = OwnSeconds() - _self0;
        if (double.IsNaN(busy) || wall <= 0) return double.NaN;
        return Math.Clamp((busy - self) / (wall * Environment.ProcessorCount), 0, 1);
    }

    /// <summary>CPU seconds of this process plus its waited-for children (/proc/self/stat cutime + cstime).</summary>
    static double OwnSeconds()
    {
        double own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd on; cutime is the 16th
            return own + (long.Parse(fields[13]) + long.Parse(fields[14])) / 100.0; // clock ticks of 1/100 s
        }
        catch (IOException) { return own; }
    }

    public string Note()
    {
        double f = ForeignFraction();
        if (double.IsNaN(f)) return "";
        string s = $"Other processes used {100 * f:F0} % of the CPU time during this section";
        return f > 0.05 ? $"**Warning:** {s}; numbers are depressed (re-run on an idle machine)." : s + ".";
    }

    /// <summary>
    /// Waits (up to <paramref name="maxSeconds"/>) until other processes use less than <paramref name="threshold"/>
    /// of the CPUs over a 1 s window. Returns the last observed foreign fraction.
    /// </summary>
    public static double WaitForIdle(double maxSeconds, TextWriter log, double threshold = 0.05)
    {
        var start = Stopwatch.GetTimestamp();
        bool told = false;
        while (true)
        {
            var c = new Contention();
            Thread.Sleep(1000);
            double f = c.ForeignFraction();
            if (double.IsNaN(f) || f < threshold) return f;
            if (Stopwatch.GetElapsedTime(start).TotalSeconds >= maxSeconds)
            {
                log.WriteLine($"[idle] machine still busy ({100 * f:F0} % used by others) after {maxSeconds:F0} s; measuring anyway");
                return f;
            }
            if (!told) { log.WriteLine($"[idle] other processes use {100 * f:F0} % of the CPUs; waiting up to {maxSeconds:F0} s for the machine to go idle"); told = true; }
        }
    }

    /// <summary>Non-idle CPU seconds summed over all CPUs (user+nice+system+irq+softirq+steal), from /proc/stat.</summary>
    static double SystemBusySeconds()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...
            long ticks = long.Parse(f[1]) + long.Parse(f[2]) + long.Parse(f[3]) + long.Parse(f[6]) + long.Parse(f[7]) + long.Parse(f[8]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }
}
