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

    // How long an idle worker spins before blocking: long enough to bridge the gap between consecutive kernels.
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000; // 50 µs

    private static readonly object Gate = new();
    private static Thread[]? _workers;
    private static int _busy;             // 1 while a For is running on the pool (guards against nesting/concurrency)
    private static int _generation;       // bumped once per job; workers watch it
    private static int _sleeping;         // workers blocked in Monitor.Wait (guarded by Gate)
    private static int _pendingWorkers;   // workers that have not yet finished the current job
    private static int _next;             // next iteration index to claim
    private static int _count;
    private static Action<int>? _body;
    private static Exception? _error;

    /// <summary>Runs body(i) for i in [0, count), spread over up to <see cref="Degree"/> threads; returns when all are done.</summary>
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
            _next = 0;
            _pendingWorkers = _workers.Length;
            lock (Gate)
            {
                _generation++;
                if (_sleeping > 0) Monitor.PulseAll(Gate);
            }
            RunItems(body, count);
            var spin = new SpinWait();
            while (Volatile.Read(ref _pendingWorkers) != 0) spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            if (_error is { } e) ExceptionDispatchInfo.Capture(e).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void RunItems(Action<int> body, int count)
    {
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < count)
        {
            try { body(i); }
            catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
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
            RunItems(_body!, _count);
            Interlocked.Decrement(ref _pendingWorkers);
        }
    }
}
