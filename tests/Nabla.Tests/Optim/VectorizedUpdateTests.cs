using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// Adam, RMSprop and Adagrad update most elements several at a time (Vector&lt;T&gt;) and the rest one by one; both
/// paths must give the same bits, or a run's result would depend on where its parameters' lengths fall. Each update
/// runs once over 37 elements (vectors plus a tail) and once element by element (one-element spans: only the scalar
/// path), for every option that changes the arithmetic, in Float32 and Float64.
/// </summary>
public class VectorizedUpdateTests
{
    private const int Length = 37;

    private static T[] Values<T>(int seed, double scale, bool positive = false) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, Length).Select(_ =>
        {
            double v = g.NextNormal() * scale;
            return T.CreateTruncating(positive ? Math.Abs(v) : v);
        }).ToArray();
    }

    /// <summary>Runs <paramref name="update"/> (param, grad, state buffers, first element, count, step) for three
    /// steps over all elements at once and element by element; asserts every array ends bit-identical.</summary>
    private static void SameBits<T>(int buffers, Action<T[], T[], T[][], int, int, long> update) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] NewParam() => Values<T>(1, 1);
        T[] NewGrad() => Values<T>(2, 0.5);
        T[][] NewState() => Enumerable.Range(0, buffers).Select(b => Values<T>(3 + b, 0.1, positive: true)).ToArray();
        var (p1, g1, s1) = (NewParam(), NewGrad(), NewState());
        var (p2, g2, s2) = (NewParam(), NewGrad(), NewState());
        for (int step = 0; step < 3; step++)
        {
            update(p1, g1, s1, 0, Length, step + 1);
            for (int i = 0; i < Length; i++) update(p2, g2, s2, i, 1, step + 1);
        }
        Assert.Equal(p2, p1);
        for (int b = 0; b < buffers; b++) Assert.Equal(s2[b], s1[b]);
    }

    [Theory]
    [InlineData(false, false, 0.0, false)]
    [InlineData(true, false, 0.01, false)]
    [InlineData(false, true, 0.01, false)]
    [InlineData(false, false, 0.1, true)]
    public void AdamVectorAndScalarPathsAgree(bool maximize, bool decoupled, double weightDecay, bool amsgrad)
    {
        void Check<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            => SameBits<T>(3, (p, g, s, at, n, step) =>
                Adam.Update<T>(p.AsSpan(at, n), g.AsSpan(at, n), s[0].AsSpan(at, n), s[1].AsSpan(at, n), s[2].AsSpan(at, n),
                    new Adam.Settings(0.01, 0.9, 0.999, 1e-8, weightDecay, amsgrad, maximize, step, decoupled)));
        Check<float>();
        Check<double>();
    }

    [Theory]
    [InlineData(false, false, 0.0, 0.0)]
    [InlineData(true, true, 0.01, 0.9)]
    [InlineData(false, true, 0.0, 0.0)]
    [InlineData(false, false, 0.05, 0.5)]
    public void RmspropVectorAndScalarPathsAgree(bool maximize, bool centered, double weightDecay, double momentum)
    {
        void Check<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
            SameBits<T>(3, (p, g, s, at, n, _) => RMSprop.Update<T>(p.AsSpan(at, n), g.AsSpan(at, n), s[0].AsSpan(at, n),
                s[1].AsSpan(at, n), s[2].AsSpan(at, n), new RMSprop.Settings(0.01, 0.99, 1e-8, weightDecay, momentum, centered, maximize)));
        Check<float>();
        Check<double>();
    }

    [Theory]
    [InlineData(false, 0.0, 0.0)]
    [InlineData(true, 0.01, 0.1)]
    public void AdagradVectorAndScalarPathsAgree(bool maximize, double weightDecay, double lrDecay)
    {
        void Check<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            => SameBits<T>(1, (p, g, s, at, n, step) => Adagrad.Update<T>(p.AsSpan(at, n), g.AsSpan(at, n), s[0].AsSpan(at, n),
                new Adagrad.Settings(0.05, lrDecay, weightDecay, 1e-10, maximize, step)));
        Check<float>();
        Check<double>();
    }
}
