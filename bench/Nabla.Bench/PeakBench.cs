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

    // One generic loop per width, float and double alike: the typeof tests fold away per instantiation, so each
    // instantiation compiles to the same register-only FMA chain the hand-written copies had.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> m, Vector512<T> c) where T : struct =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), m.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), m.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> m, Vector256<T> c) where T : struct =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(a.AsSingle(), m.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), m.AsDouble(), c.AsDouble()).As<double, T>();

    static double Fma512F32(long iters) => Fma512<float>(iters, 0.99999f, 1e-5f, 0.1f);
    static double Fma512F64(long iters) => Fma512<double>(iters, 0.99999, 1e-5, 0.1);
    static double Fma256F32(long iters) => Fma256<float>(iters, 0.99999f, 1e-5f, 0.1f);
    static double Fma256F64(long iters) => Fma256<double>(iters, 0.99999, 1e-5, 0.1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Fma512<T>(long iters, T mul, T add, T start) where T : struct, System.Numerics.INumber<T>
    {
        var m = Vector512.Create(mul); var c = Vector512.Create(add);
        Vector512<T> a0 = Vector512.Create(start), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector512<T> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c, a15 = a14 + c;
        for (long i = 0; i < iters; i++)
        {
            a0 = Fma(a0, m, c); a1 = Fma(a1, m, c); a2 = Fma(a2, m, c); a3 = Fma(a3, m, c);
            a4 = Fma(a4, m, c); a5 = Fma(a5, m, c); a6 = Fma(a6, m, c); a7 = Fma(a7, m, c);
            a8 = Fma(a8, m, c); a9 = Fma(a9, m, c); a10 = Fma(a10, m, c); a11 = Fma(a11, m, c);
            a12 = Fma(a12, m, c); a13 = Fma(a13, m, c); a14 = Fma(a14, m, c); a15 = Fma(a15, m, c);
        }
        return double.CreateTruncating(Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15))));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double Fma256<T>(long iters, T mul, T add, T start) where T : struct, System.Numerics.INumber<T>
    {
        var m = Vector256.Create(mul); var c = Vector256.Create(add);
        Vector256<T> a0 = Vector256.Create(start), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector256<T> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c;
        // 12 accumulators + 2 constants fit in the 16 ymm registers of AVX2 machines.
        for (long i = 0; i < iters; i++)
        {
            a0 = Fma(a0, m, c); a1 = Fma(a1, m, c); a2 = Fma(a2, m, c); a3 = Fma(a3, m, c);
            a4 = Fma(a4, m, c); a5 = Fma(a5, m, c); a6 = Fma(a6, m, c); a7 = Fma(a7, m, c);
            a8 = Fma(a8, m, c); a9 = Fma(a9, m, c); a10 = Fma(a10, m, c); a11 = Fma(a11, m, c);
            // Pad the per-iteration FLOP count to match Accumulators (16) with 4 more independent chains.
            a0 = Fma(a0, m, c); a1 = Fma(a1, m, c); a2 = Fma(a2, m, c); a3 = Fma(a3, m, c);
        }
        return double.CreateTruncating(Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11))));
    }
}
