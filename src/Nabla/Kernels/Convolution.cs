using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// 2-D convolution on row-major spans by im2col + GEMM. Images are taken in chunks whose column matrices sit side by
/// side, cols [C·KH·KW, images·OH·OW], so each group runs one wide GEMM per chunk: Y_g = W_g · cols_g. Wide GEMMs fill the
/// micro-kernel's column tiles and pack W once per chunk, where a GEMM per image (n = OH·OW, as small as 100) spent
/// most of its time on edges and packing. The adjoints give the backward pass: the input gradient (a transposed
/// convolution) is Fold(W_gᵀ · dY_g) and the weight gradient Σ_chunks dY_g · cols_gᵀ. Chunks are spread over the cores.
/// Layouts: x [N, C, H, W], weight [O, C/groups, KH, KW], y [N, O, OH, OW] (see <see cref="ConvGeometry"/>).
/// </summary>
internal static unsafe class Convolution
{
    // A chunk's column matrix holds at most about this many elements (256 KiB of floats): wide enough for the GEMM,
    // small enough to stay in cache between im2col and the GEMM's packing.
    private const int ChunkElements = 1 << 16;

    /// <summary>y = conv(x, weight) + bias (bias empty for none).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, weight.Length, y.Length, g);
        if (bias.Length != 0 && bias.Length != g.OutChannels)
            throw new ArgumentException($"Bias of length {bias.Length} does not match {g.OutChannels} output channels.", nameof(bias));
        if (y.Length == 0) return;
        fixed (T* px = x, pw = weight, pb = bias, py = y)
        {
            var job = new Job<T>(g, px, pw, py, bias.Length == 0 ? null : pb);
            Parallelism.For(job.Chunks, job.Forward);
        }
    }

    /// <summary>dx = convᵀ(dy, weight): the gradient of conv with respect to its input, i.e. a transposed convolution.</summary>
    public static void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Span<T> dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(dx.Length, weight.Length, dy.Length, g);
        if (dx.Length == 0) return;
        fixed (T* pdy = dy, pw = weight, pdx = dx)
        {
            var job = new Job<T>(g, pdx, pw, pdy, null);
            Parallelism.For(job.Chunks, job.BackwardInput);
        }
    }

    /// <summary>dweight = Σ_n dy_n · cols(x_n)ᵀ per group, overwriting dweight.</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dweight, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, dweight.Length, dy.Length, g);
        dweight.Clear();
        if (x.Length == 0 || dy.Length == 0) return;
        fixed (T* px = x, pdy = dy, pdw = dweight)
        {
            // One partial sum per thread. Untransposed, part 0 writes dweight itself and the others their own slice of
            // partials; transposed, every part has its own [rows, O/groups] slices and the sum is transposed at the end.
            var job = new Job<T>(g, px, pdw, pdy, null);
            int parts = Math.Min(Parallelism.Degree, job.Chunks), size = dweight.Length;
            int own = job.Transposed ? parts : parts - 1;
            var partials = own > 0 ? new T[own * size] : [];
            fixed (T* pp = partials)
            {
                job.Partials = pp;
                job.Parts = parts;
                Parallelism.For(parts, job.BackwardWeight);
            }
            var sum = job.Transposed ? partials.AsSpan(0, size) : dweight;
            int shift = job.Transposed ? 0 : 1; // where part p's partial sum starts, in sizes
            for (int part = 1; part < parts; part++)
                TensorPrimitives.Add(sum, partials.AsSpan((part - shift) * size, size), sum);
            if (job.Transposed) job.TransposeWeightGradient(sum, dweight);
        }
    }

    /// <summary>db[o] = Σ_{n, p} dy[n, o, p]: the bias gradient, over [batch, channels, plane].</summary>
    public static void BiasBackward<T>(ReadOnlySpan<T> dy, int batch, int channels, int plane, Span<T> db) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dy.Length != (long)batch * channels * plane || db.Length != channels)
            throw new ArgumentException($"BiasBackward: {dy.Length} gradients and {db.Length} sums do not match [{batch}, {channels}, {plane}].");
        db.Clear();
        for (int n = 0, at = 0; n < batch; n++)
            for (int o = 0; o < channels; o++, at += plane) db[o] += TensorPrimitives.Sum(dy.Slice(at, plane));
    }

    private static void CheckLengths(int input, int weight, int output, in ConvGeometry g)
    {
        if (input != (long)g.Batch * g.InChannels * g.InPlane || output != (long)g.Batch * g.OutChannels * g.OutPlane ||
            weight != (long)g.OutChannels * g.ColRows)
            throw new ArgumentException($"Span lengths (input {input}, weight {weight}, output {output}) do not match the convolution geometry {g}.");
    }

    /// <summary>One call's pointers and chunking; its methods are the bodies of the parallel loops (one chunk or part each).</summary>
    private sealed class Job<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ConvGeometry g;
        private readonly T* input, weight, output, bias; // input [N, C, H, W] side, output [N, O, OH, OW] side
        private readonly int perChunk;
        public readonly int Chunks;

        /// <summary>Many output channels per group: the forward and weight-gradient GEMMs run transposed, so that the
        /// wide side (positions, or C·KH·KW) is the GEMM's m. Our 14-row micro-kernel runs an m = 16–32 product at
        /// 46–76 GFLOP/s and its transpose at 80–95 once n = O/groups fills the 32-column tile.</summary>
        public readonly bool Transposed;
        public T* Partials;
        public int Parts;

        public Job(in ConvGeometry g, T* input, T* weight, T* output, T* bias)
        {
            this.g = g;
            this.input = input;
            this.weight = weight;
            this.output = output;
            this.bias = bias;
            long perImage = (long)g.InChannels * g.KernelH * g.KernelW * g.OutPlane;
            // Enough chunks for every core when the batch allows it.
            perChunk = (int)Math.Clamp(ChunkElements / Math.Max(1, perImage), 1, (g.Batch + Parallelism.Degree - 1) / Parallelism.Degree);
            Chunks = (g.Batch + perChunk - 1) / perChunk;
            Transposed = g.OutChannelsPerGroup >= 32;
        }

        private int Images(int chunk) => Math.Min(perChunk, g.Batch - chunk * perChunk);
        private T* Image(int n) => input + (nint)n * g.InChannels * g.InPlane;
        private T* Plane(int n, int o) => output + ((nint)n * g.OutChannels + o) * g.OutPlane;
        private T* WeightGroup(int gi) => weight + (nint)gi * g.WeightPerGroup;

        /// <summary>cols [C·KH·KW, images·P] of the chunk's images, side by side.</summary>
        private Span<T> Columns(int first, int images)
        {
            int ld = images * g.OutPlane, per = g.InChannels * g.InPlane;
            var cols = Scratch<T>.Columns(g.InChannels * g.KernelH * g.KernelW * ld);
            for (int n = 0; n < images; n++)
                Im2Col.Unfold<T>(new ReadOnlySpan<T>(Image(first + n), per), g.InChannels, g, cols[(n * g.OutPlane)..], ld);
            return cols;
        }

        /// <summary>The chunk's output-side planes gathered as [O, images·P].</summary>
        private Span<T> GatherOutputs(int first, int images)
        {
            int p = g.OutPlane, ld = images * p;
            var buffer = Scratch<T>.Outputs(g.OutChannels * ld);
            for (int o = 0; o < g.OutChannels; o++)
                for (int n = 0; n < images; n++)
                    new ReadOnlySpan<T>(Plane(first + n, o), p).CopyTo(buffer.Slice(o * ld + n * p, p));
            return buffer;
        }

        public void Forward(int chunk)
        {
            int first = chunk * perChunk, images = Images(chunk), p = g.OutPlane, ld = images * p;
            int og = g.OutChannelsPerGroup, rows = g.ColRows;
            var cols = Columns(first, images);
            var result = Scratch<T>.Outputs(g.OutChannels * ld);
            for (int gi = 0; gi < g.Groups; gi++)
            {
                var w = new ReadOnlySpan<T>(WeightGroup(gi), g.WeightPerGroup);
                var colsGroup = cols.Slice(gi * rows * ld, rows * ld);
                if (Transposed) Gemm.Multiply<T>(ld, og, rows, colsGroup, ld, true, w, rows, true, result.Slice(gi * og * ld, og * ld), og, false);
                else Gemm.Multiply<T>(og, ld, rows, w, rows, false, colsGroup, ld, false, result.Slice(gi * og * ld, og * ld), ld, false);
            }
            for (int o = 0; o < g.OutChannels; o++)
            {
                T b = bias == null ? T.Zero : bias[o];
                // untransposed result: [O, images·P]; transposed: per group [images·P, O/groups]
                int at = Transposed ? o / og * og * ld + o % og : o * ld, step = Transposed ? og : 1;
                for (int n = 0; n < images; n++)
                {
                    var dst = new Span<T>(Plane(first + n, o), p);
                    if (!Transposed) TensorPrimitives.Add(result.Slice(at + n * p, p), b, dst);
                    else for (int q = 0, from = at + n * p * step; q < p; q++, from += step) dst[q] = result[from] + b;
                }
            }
        }

        public void BackwardInput(int chunk)
        {
            int first = chunk * perChunk, images = Images(chunk), ld = images * g.OutPlane;
            int og = g.OutChannelsPerGroup, rows = g.ColRows, per = g.InChannels * g.InPlane;
            var dy = GatherOutputs(first, images);
            var dcols = Scratch<T>.Columns(g.Groups * rows * ld);
            for (int gi = 0; gi < g.Groups; gi++)
                Gemm.Multiply<T>(rows, ld, og, new ReadOnlySpan<T>(WeightGroup(gi), g.WeightPerGroup), rows, true,
                    dy.Slice(gi * og * ld, og * ld), ld, false, dcols.Slice(gi * rows * ld, rows * ld), ld, false);
            for (int n = 0; n < images; n++)
                Im2Col.Fold<T>(dcols[(n * g.OutPlane)..], ld, g.InChannels, g, new Span<T>(Image(first + n), per));
        }

        public void BackwardWeight(int part)
        {
            int size = g.OutChannels * g.ColRows;
            T* dw = Transposed ? Partials + (nint)part * size : part == 0 ? weight : Partials + (nint)(part - 1) * size;
            if (dw != weight) new Span<T>(dw, size).Clear();
            int og = g.OutChannelsPerGroup, rows = g.ColRows;
            for (int chunk = part; chunk < Chunks; chunk += Parts)
            {
                int first = chunk * perChunk, images = Images(chunk), ld = images * g.OutPlane;
                var cols = Columns(first, images);
                var dy = GatherOutputs(first, images);
                for (int gi = 0; gi < g.Groups; gi++)
                {
                    var dyGroup = dy.Slice(gi * og * ld, og * ld);
                    var colsGroup = cols.Slice(gi * rows * ld, rows * ld);
                    var target = new Span<T>(dw + (nint)gi * g.WeightPerGroup, g.WeightPerGroup);
                    // dW_g = dY_g · cols_gᵀ, or transposed dW_gᵀ [rows, O/groups] = cols_g · dY_gᵀ
                    if (Transposed) Gemm.Multiply<T>(rows, og, ld, colsGroup, ld, false, dyGroup, ld, true, target, og, true);
                    else Gemm.Multiply<T>(og, rows, ld, dyGroup, ld, false, colsGroup, ld, true, target, rows, true);
                }
            }
        }

        /// <summary>dweight[gi·og + o, r] = sum[gi][r, o]: from per-group [rows, O/groups] to [O, rows].</summary>
        public void TransposeWeightGradient(ReadOnlySpan<T> sum, Span<T> dweight)
        {
            int og = g.OutChannelsPerGroup, rows = g.ColRows;
            for (int gi = 0; gi < g.Groups; gi++)
                for (int r = 0; r < rows; r++)
                    for (int o = 0; o < og; o++)
                        dweight[gi * g.WeightPerGroup + o * rows + r] = sum[gi * g.WeightPerGroup + r * og + o];
        }
    }

    /// <summary>Growable per-thread buffers (column matrix, output-side planes), so steady-state calls allocate nothing.</summary>
    private static class Scratch<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? t_columns;
        [ThreadStatic] private static T[]? t_outputs;

        public static Span<T> Columns(int size) => Get(ref t_columns, size);

        public static Span<T> Outputs(int size) => Get(ref t_outputs, size);

        private static Span<T> Get(ref T[]? buffer, int size)
        {
            if (buffer is null || buffer.Length < size) buffer = GC.AllocateUninitializedArray<T>(size);
            return buffer.AsSpan(0, size);
        }
    }
}
