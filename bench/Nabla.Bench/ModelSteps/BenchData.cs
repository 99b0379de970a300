namespace Nabla.Bench.ModelSteps;

/// <summary>
/// Deterministic inputs and initial weights shared by both engines (row-major float32 arrays), so a case's
/// Nabla and TorchSharp sides start from identical state and must report the same first-step loss.
/// </summary>
public static class BenchData
{
    /// <summary>MLP step: x [64,784] ~ U[0,1), labels [64] in 0..9, W1 [256,784], b1 [256], W2 [10,256], b2 [10] ~ U(±1/√fan_in) (PyTorch's Linear default range).</summary>
    public sealed record Mlp(int Batch, int In, int Hidden, int Classes,
        float[] X, int[] Labels, float[] W1, float[] B1, float[] W2, float[] B2);

    public static Mlp CreateMlp(int batch = 64, int input = 784, int hidden = 256, int classes = 10, int seed = 42)
    {
        var rng = new Random(seed);
        var x = Uniform(rng, batch * input, 0f, 1f);
        var labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.Next(classes);
        float s1 = 1f / MathF.Sqrt(input), s2 = 1f / MathF.Sqrt(hidden);
        return new Mlp(batch, input, hidden, classes, x, labels,
            Uniform(rng, hidden * input, -s1, s1), Uniform(rng, hidden, -s1, s1),
            Uniform(rng, classes * hidden, -s2, s2), Uniform(rng, classes, -s2, s2));
    }

    /// <summary>Tiny 2-10-2 classifier: <see cref="Samples"/> points in [-1,1]², label = (x0·x1 &gt; 0) (XOR-like);
    /// initial W1 [10,2], b1 [10], W2 [2,10], b2 [2] ~ U(±1/√fan_in). Step i uses sample i mod Samples.</summary>
    public sealed record Tiny(int Samples, float[] X, int[] Labels, float[] W1, float[] B1, float[] W2, float[] B2, float LearningRate);

    public static Tiny CreateTiny(int samples = 256, int seed = 7)
    {
        var rng = new Random(seed);
        var x = Uniform(rng, samples * 2, -1f, 1f);
        var labels = new int[samples];
        for (int i = 0; i < samples; i++) labels[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
        float s1 = 1f / MathF.Sqrt(2), s2 = 1f / MathF.Sqrt(10);
        return new Tiny(samples, x, labels,
            Uniform(rng, 10 * 2, -s1, s1), Uniform(rng, 10, -s1, s1),
            Uniform(rng, 2 * 10, -s2, s2), Uniform(rng, 2, -s2, s2), 0.1f);
    }

    internal static float[] Uniform(Random rng, int n, float lo, float hi)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * (float)rng.NextDouble();
        return a;
    }
}
