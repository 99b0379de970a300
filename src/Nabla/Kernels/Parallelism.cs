using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Nabla.Kernels;

/// <summary>Shared fork-join helper for kernels: a small dedicated worker pool (Degree − 1 threads) plus the calling thread.</summary>
/// <remarks>Workers spin briefly after each job so back-to-back calls (e.g. the GEMMs of one training step) skip the OS wake-up.
/// Nested or concurrent calls run inline on the caller, so kernels may call <see cref="For"/> freely.</remarks>
internal static class Parallelism
{
    /// <summary>Number of threads a parallel loop uses (the caller counts as one).</summary>
    public static int Degree { get; } = Math.Max(1, Environment.ProcessorCount);

    // How long an idle worker spins before blocking: long enough to bridge the gap between consecutive kernels
    // (e.g. the GEMMs and element-wise ops of one training step). A blocked worker takes tens of µs to wake in a VM.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000; // 200 µs

    private static readonly object Gate = new();
    private static Thread[]? _workers;
    private static int _busy;             // 1 while a For is running on the pool (guards against nesting/concurrency)
    private static int _sleeping;         // workers blocked in Monitor.Wait (guarded by Gate)
    private static Job? _current;         // the newest job; workers watch for a new one

    /// <summary>
    /// One call's work. Its claim and completion counters live in the job itself, so a worker that wakes late and
    /// still holds an older job can only find that job's items all claimed: it can never run, or count, an item of
    /// a newer job (an earlier design kept the counters in shared fields and could do both, hanging the caller).
    /// </summary>
    private sealed class Job(Action<int> body, int count)
    {
        public Action<int>? Body = body; // dropped when the job is over, so a worker holding the job keeps nothing alive
        public readonly int Count = count;
        public int Next;
        public int Done;
        public Exception? Error;

        /// <summary>Claims and runs items until none are left.</summary>
        public void RunItems()
        {
            int i;
            while ((i = Interlocked.Increment(ref Next) - 1) < Count)
            {
                try { Body!(i); }
                catch (Exception e) { Interlocked.CompareExchange(ref Error, e, null); }
                Interlocked.Increment(ref Done);
            }
        }
    }

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
            var job = new Job(body, count);
            lock (Gate)
            {
                Volatile.Write(ref _current, job);
                if (_sleeping > 0) Monitor.PulseAll(Gate);
            }
            job.RunItems();
            var spin = new SpinWait();
            while (Volatile.Read(ref job.Done) != count) spin.SpinOnce(sleep1Threshold: -1);
            job.Body = null;
            if (job.Error is { } e) ExceptionDispatchInfo.Capture(e).Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
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
        Job? seen = null;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (ReferenceEquals(Volatile.Read(ref _current), seen))
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks) { spin.SpinOnce(sleep1Threshold: -1); continue; }
                lock (Gate)
                {
                    while (ReferenceEquals(_current, seen)) { _sleeping++; Monitor.Wait(Gate); _sleeping--; }
                }
            }
            seen = Volatile.Read(ref _current)!;
            seen.RunItems(); // a job that is already over has no items left to claim
        }
    }
}
