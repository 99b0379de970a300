using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Bench;

/// <summary>
/// Machine ceiling: a register-only FMA loop, one thread per core, 16 independent vector accumulators
/// (FMA latency 4 × 2 FMA pipes = 8 in flight needed on Zen 4/5; 16 leaves margin). No memory traffic.
/// </summary>
public static class PeakBench
{
    const int Accumulators = 16;

    public static bool Use512 => Vector512.IsHardwareAccelerated;
    public static string Isa => Use512 ? "Vector512 (AVX-512)" : Vector256.IsHardwareAccelerated ? "Vector256 (AVX2/FMA)" : "Vector128";

    /// <summary>One data type's ceiling. <see cref="MaxGflops"/> (best repetition) is the ceiling: interference can
    /// only slow a register-only loop down. More samples can be added later (<see cref="Sample"/>), e.g. between GEMM
    /// sizes, so a busy neighbour during the peak section does not leave a depressed ceiling.</summary>
    public sealed class Peak
    {
        readonly Func<long, double> _kernel;
        readonly long _iters;
        readonly double _flopsPerIter;
        readonly List<double> _samples = [];

        internal Peak(string type, int threads, Func<long, double> kernel, long iters, double flopsPerIter, double perCore)
        {
            Type = type; Threads = threads; _kernel = kernel; _iters = iters; _flopsPerIter = flopsPerIter; PerCoreGflops = perCore;
        }

        public string Type { get; }
        public string Isa => PeakBench.Isa;
        public int Threads { get; }
        public double PerCoreGflops { get; }
        public double MaxGflops => _samples.Count == 0 ? double.NaN : _samples.Max();
        public double MedianGflops => Measure.Median(_samples);
        public int Reps => _samples.Count;

        /// <summary>Runs <paramref name="reps"/> more all-threads repetitions.</summary>
        public void Sample(int reps)
        {
            for (int r = 0; r < reps; r++)
                _samples.Add(Threads * _iters * _flopsPerIter / RunParallel(_kernel, _iters, Threads) / 1e9);
        }
    }

    /// <summary>Measures the float32 and float64 ceilings.</summary>
    public static (Peak F32, Peak F64) Run(Options opt, TextWriter log)
    {
        var f32 = Create("float32", opt, log, Use512 ? Fma512F32 : Fma256F32, (Use512 ? 64 : 32) / 4);
        var f64 = Create("float64", opt, log, Use512 ? Fma512F64 : Fma256F64, (Use512 ? 64 : 32) / 8);
        return (f32, f64);
    }

    static Peak Create(string type, Options opt, TextWriter log, Func<long, double> kernel, int lanes)
    {
        double flopsPerIter = Accumulators * lanes * 2.0;
        // Calibrate single-threaded (also warms the kernel up to tier-1 / OSR).
        long iters = 1 << 16;
        Measure.WarmUp(() => kernel(iters), opt.WarmUpSeconds);
        double t = Measure.SecondsPerCall(() => kernel(iters), 0.02);
        iters = (long)Math.Max(iters, iters * opt.MinRepSeconds / t); // one repetition ≈ MinRepSeconds

        double single = Enumerable.Range(0, 3).Min(_ => RunParallel(kernel, iters, 1));
        var p = new Peak(type, opt.Threads, kernel, iters, flopsPerIter, iters * flopsPerIter / single / 1e9);
        p.Sample(2 * opt.Reps); // cheap; more samples make the best-of robust against a busy neighbour
        log.WriteLine($"[peak] {type}: best {p.MaxGflops:F1}, median {p.MedianGflops:F1} GFLOP/s on {opt.Threads} threads, single thread {p.PerCoreGflops:F1}");
        return p;
    }

    /// <summary>Wall seconds for <paramref name="threads"/> threads each running the kernel, released together.</summary>
    static double RunParallel(Func<long, double> kernel, long iters, int threads)
    {
        using var barrier = new Barrier(threads + 1);
        var sink = new double[threads];
        var ts = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            barrier.SignalAndWait();
            sink[i] = kernel(iters);
        }) { IsBackground = true, Priority = ThreadPriority.Highest }).ToArray();
        foreach (var th in ts) th.Start();
        barrier.SignalAndWait();
        long t0 = Stopwatch.GetTimestamp();
        foreach (var th in ts) th.Join();
        double sec = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        if (sink.Any(double.IsNaN)) throw new InvalidOperationException("unexpected NaN in peak loop");
        return sec;
    }

    // acc = acc * m + c with m just below 1 converges to c / (1 - m) = 1: no overflow, no denormals.

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Fma512F32(long iters)
    {
        var m = Vector512.Create(0.99999f); var c = Vector512.Create(1e-5f);
        Vector512<float> a0 = Vector512.Create(0.1f), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector512<float> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c, a15 = a14 + c;
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c); a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c); a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Fma512F64(long iters)
    {
        var m = Vector512.Create(0.99999); var c = Vector512.Create(1e-5);
        Vector512<double> a0 = Vector512.Create(0.1), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector512<double> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c, a15 = a14 + c;
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c); a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c); a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Fma256F32(long iters)
    {
        var m = Vector256.Create(0.99999f); var c = Vector256.Create(1e-5f);
        Vector256<float> a0 = Vector256.Create(0.1f), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector256<float> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c;
        // 12 accumulators + 2 constants fit in the 16 ymm registers of AVX2 machines.
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            // Pad the per-iteration FLOP count to match Accumulators (16) with 4 more independent chains.
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Fma256F64(long iters)
    {
        var m = Vector256.Create(0.99999); var c = Vector256.Create(1e-5);
        Vector256<double> a0 = Vector256.Create(0.1), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector256<double> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c;
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }
}
