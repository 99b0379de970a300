namespace Nabla;

/// <summary>
/// A seeded random source (xoshiro256** seeded by SplitMix64): the same seed gives the same numbers bit for bit,
/// on every run and machine. Not thread-safe; the shared <see cref="Default"/> is guarded by a lock.
/// </summary>
public sealed class Generator
{
    private ulong s0, s1, s2, s3;
    private double? spareNormal;

    /// <summary>The generator used when none is passed; reseed it with <see cref="ManualSeed"/>.</summary>
    public static Generator Default { get; } = new(0x5EED_CAFE);

    public Generator(long seed) => ManualSeed(seed);

    public long InitialSeed { get; private set; }

    public Generator ManualSeed(long seed)
    {
        InitialSeed = seed;
        ulong x = (ulong)seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
        spareNormal = null;
        return this;
    }

    /// <summary>The full state, so training can resume with the same random stream.</summary>
    public ulong[] GetState() => [s0, s1, s2, s3, spareNormal is { } v ? 1UL : 0UL, (ulong)BitConverter.DoubleToInt64Bits(spareNormal ?? 0)];

    public void SetState(ulong[] state)
    {
        if (state.Length != 6) throw new ArgumentException($"Generator state must have 6 words, got {state.Length}.");
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);
        spareNormal = state[4] != 0 ? BitConverter.Int64BitsToDouble((long)state[5]) : null;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits (every float32 value in the grid is reachable, 1 never is).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Standard normal by the Box–Muller transform (pairs, the second one kept for the next call).</summary>
    public double NextNormal()
    {
        if (spareNormal is { } spare)
        {
            spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble(); // in (0, 1], so the log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [0, bound) without modulo bias (Lemire's method).</summary>
    public long NextInt64(long bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), "bound must be positive.");
        ulong range = (ulong)bound;
        ulong threshold = (0 - range) % range;
        while (true)
        {
            ulong r = NextUInt64();
            ulong high = Math.BigMul(r, range, out ulong low);
            if (low >= threshold) return (long)high;
        }
    }
}
