using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Nabla.Kernels;

/// <summary>Shared fork-join helper for kernels: a small dedicated worker pool (Degree − 1 threads) plus the calling thread.</summary>
/// <remarks>Workers spin briefly after each job so back-to-back calls (e.g. the GEMMs of one training step) skip the OS wake-up.
/// Nested or concurrent calls run inline on the caller, so kernels may call <see cref="For"/> freely.</remarks>
public static class Parallelism
{
    /// <summary>Number of threads a parallel loop uses (the caller counts as one).</summary>
    public static int Degree { get; } = Math.Max(1, Environment.ProcessorCount);

    // How long an idle worker spins before blocking: long enough to bridge the gap between consecutive kernels
    // (e.g. the GEMMs and element-wise ops of one training step). A blocked worker takes tens of µs to wake in a VM.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000; // 200 µs

    private static readonly object Gate = new();
    private static Thread[]? _workers;
    private static int _busy;             // 1 while a For is running on the pool (guards against nesting/concurrency)
    private static int _generation;       // bumped once per job; workers watch it
    private static int _sleeping;         // workers blocked in Monitor.Wait (guarded by Gate)
    // (generation << 32) | next unclaimed index. Tagging claims with the generation lets a worker that wakes late,
    // after its job is over, fail the claim instead of running an index of a newer job with a stale body.
    private static long _claim;
    private static int _done;             // items finished in the current job; the caller waits for _done == _count
    private static int _count;
    private static Action<int>? _body;
    private static Exception? _error;

    /// <summary>Runs body(i) for i in [0, count), spread over up to <see cref="Degree"/> threads; returns when all are done.</summary>
    /// <remarks>Items are claimed dynamically, and the caller waits only for claimed items, never for idle workers:
    /// a worker that is slow to wake simply gets nothing, and the caller does not wait for it to check in.</remarks>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0) return;
        if (count == 1 || Degree == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            _workers ??= StartWorkers();
            _body = body;
            _count = count;
            _error = null;
            _done = 0;
            // Publish the claim word before the generation: a worker that sees the new generation must find its items.
            int generation = _generation + 1;
            Volatile.Write(ref _claim, (long)generation << 32);
            lock (Gate)
            {
                Volatile.Write(ref _generation, generation);
                if (_sleeping > 0) Monitor.PulseAll(Gate);
            }
            RunItems(generation, body, count);
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) != count) spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            if (_error is { } e) ExceptionDispatchInfo.Capture(e).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void RunItems(int generation, Action<int> body, int count)
    {
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            if ((int)(claim >> 32) != generation || (int)claim >= count) return;
            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim) continue;
            try { body((int)claim); }
            catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
            Interlocked.Increment(ref _done);
        }
    }

    private static Thread[] StartWorkers()
    {
        var workers = new Thread[Degree - 1];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(WorkerLoop) { IsBackground = true, Name = $"Nabla worker {w}" };
            workers[w].Start();
        }
        return workers;
    }

    private static void WorkerLoop()
    {
        int seen = 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks) { spin.SpinOnce(sleep1Threshold: -1); continue; }
                lock (Gate)
                {
                    while (_generation == seen) { _sleeping++; Monitor.Wait(Gate); _sleeping--; }
                }
            }
            seen = Volatile.Read(ref _generation);
            // _body and _count were written before the generation was published; if this job is already over,
            // the claim fails on the generation tag and they are not used.
            Action<int>? body = Volatile.Read(ref _body);
            int count = Volatile.Read(ref _count);
            if (body is not null) RunItems(seen, body, count);
        }
    }
}
