using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// SGD's heavy-ball update in one pass over memory: b ← b·μ + g, then θ ← θ + (−lr)·b, element by element with a
/// separate multiply and add (no fused multiply-add), so it rounds exactly as PyTorch's and the scalar loop do.
/// Two passes (one per line) read the momentum buffer twice; for a 784×256 layer the arrays live in L3, so the
/// second pass costs as much as the first. Large parameters are split over the cores.
/// </summary>
internal static unsafe class MomentumStep
{
    /// <summary>Below this many elements a thread hand-off costs more than the pass itself.</summary>
    private const int ParallelThreshold = 1 << 16;

    public static void Run<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> buffer, T momentum, T negLr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = param.Length;
        if (grad.Length != n || buffer.Length != n)
            throw new ArgumentException($"MomentumStep: parameter, gradient and buffer lengths differ ({n}, {grad.Length}, {buffer.Length}).");
        fixed (T* p = &MemoryMarshal.GetReference(param))
        fixed (T* g = &MemoryMarshal.GetReference(grad))
        fixed (T* b = &MemoryMarshal.GetReference(buffer))
        {
            int parts = n < ParallelThreshold ? 1 : Parallelism.Degree;
            if (parts == 1)
            {
                Range(p, g, b, n, momentum, negLr);
                return;
            }
            // Chunks on whole cache lines (64 bytes), so no line is written by two cores.
            int align = 64 / sizeof(T), chunk = ((n + parts - 1) / parts + align - 1) / align * align;
            nint pp = (nint)p, gp = (nint)g, bp = (nint)b;
            Parallelism.For(parts, i =>
            {
                int start = i * chunk, length = Math.Min(n, start + chunk) - start;
                if (length > 0) Range((T*)pp + start, (T*)gp + start, (T*)bp + start, length, momentum, negLr);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Range<T>(T* p, T* g, T* b, int n, T momentum, T negLr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mu = new Vector<T>(momentum);
            var step = new Vector<T>(negLr);
            for (; i + Vector<T>.Count <= n; i += Vector<T>.Count)
            {
                var v = Vector.Load(b + i) * mu + Vector.Load(g + i);
                v.Store(b + i);
                (Vector.Load(p + i) + step * v).Store(p + i);
            }
        }
        for (; i < n; i++)
        {
            T v = b[i] * momentum + g[i];
            b[i] = v;
            p[i] += negLr * v;
        }
    }
}
