namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Reseeds the default generator (torch.manual_seed).</summary>
    public static void ManualSeed(long seed)
    {
        lock (Generator.Default) Generator.Default.ManualSeed(seed);
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(int[] shape, Generator? generator = null, DType dtype = DType.Float32, bool requiresGrad = false) =>
        Sample("Rand", shape, generator, dtype, requiresGrad, g => dtype == DType.Float32 ? g.NextSingle() : g.NextDouble());

    public static Tensor Rand(int[] shape, long seed, DType dtype = DType.Float32, bool requiresGrad = false) =>
        Rand(shape, new Generator(seed), dtype, requiresGrad);

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null, DType dtype = DType.Float32, bool requiresGrad = false) =>
        Sample("Randn", shape, generator, dtype, requiresGrad, g => g.NextNormal());

    public static Tensor Randn(int[] shape, long seed, DType dtype = DType.Float32, bool requiresGrad = false) =>
        Randn(shape, new Generator(seed), dtype, requiresGrad);

    /// <summary>Samples of N(mean, std²) (torch.normal with float mean and std).</summary>
    public static Tensor Normal(double mean, double std, int[] shape, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (!(std >= 0) || !double.IsFinite(std) || !double.IsFinite(mean))
            throw new ArgumentException($"Normal: expected a finite mean and a finite std >= 0, got mean {mean} and std {std}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"Normal: expected a floating-point dtype, got {dtype}.");
        return Sample("Normal", shape, generator, dtype, false, g => mean + std * g.NextNormal());
    }

    /// <summary>Uniform integers in [low, high), Int64 unless another dtype is asked for.</summary>
    public static Tensor RandInt(long low, long high, int[] shape, Generator? generator = null, DType dtype = DType.Int64)
    {
        if (high <= low) throw new ArgumentException($"RandInt: high ({high}) must be greater than low ({low}).");
        return Sample("RandInt", shape, generator, dtype, false, g => low + g.NextInt64(high - low));
    }

    public static Tensor RandInt(long low, long high, int[] shape, long seed, DType dtype = DType.Int64) =>
        RandInt(low, high, shape, new Generator(seed), dtype);

    /// <summary>A random permutation of 0 … n−1 (Fisher–Yates).</summary>
    public static Tensor RandPerm(int n, Generator? generator = null, DType dtype = DType.Int64)
    {
        if (n < 0) throw new ArgumentException($"RandPerm: n must be non-negative, got {n}.");
        var values = new long[n];
        for (int i = 0; i < n; i++) values[i] = i;
        WithGenerator(generator, g =>
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)g.NextInt64(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        });
        var t = Wrap(values, [n]);
        return dtype == DType.Int64 ? t : t.To(dtype);
    }

    public static Tensor RandPerm(int n, long seed, DType dtype = DType.Int64) => RandPerm(n, new Generator(seed), dtype);

    private static Tensor Sample(string op, int[] shape, Generator? generator, DType dtype, bool requiresGrad, Func<Generator, double> next)
    {
        int n = CheckedNumel(op, shape);
        var t = new Tensor(dtype, (int[])shape.Clone());
        WithGenerator(generator, g =>
        {
            switch (dtype)
            {
                case DType.Float32: { var s = t.Span<float>(); for (int i = 0; i < n; i++) s[i] = (float)next(g); break; }
                case DType.Float64: { var s = t.Span<double>(); for (int i = 0; i < n; i++) s[i] = next(g); break; }
                default: { var s = t.Span<long>(); for (int i = 0; i < n; i++) s[i] = (long)next(g); break; }
            }
        });
        return Leaf(t, requiresGrad);
    }

    private static void WithGenerator(Generator? generator, Action<Generator> use)
    {
        if (generator is not null) { use(generator); return; }
        lock (Generator.Default) use(Generator.Default);
    }
}
