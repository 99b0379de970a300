using Nabla.Data;
using Nabla.NN;

namespace Nabla.Tests.Training;

/// <summary>Small seeded data sets and models for the training tests.</summary>
internal static class TrainingData
{
    /// <summary>Two classes in <paramref name="features"/> dimensions: class 1 where x₀ + x₁ > threshold, labels flipped
    /// with probability <paramref name="noise"/>.</summary>
    public static TensorDataset TwoClasses(int n, int features, double noise, long seed, double threshold = 0)
    {
        var g = new Generator(seed);
        var x = new float[n * features];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            for (int f = 0; f < features; f++) x[i * features + f] = (float)g.NextNormal();
            bool positive = x[i * features] + x[i * features + 1] > threshold;
            if (g.NextDouble() < noise) positive = !positive;
            y[i] = positive ? 1 : 0;
        }
        return new TensorDataset(Tensor.FromArray(x, n, features), Tensor.FromArray(y));
    }

    public static Sequential Mlp(int inputs, int hidden, int outputs, long seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(inputs, hidden, generator: g), new ReLU(), new Linear(hidden, hidden, generator: g), new ReLU(),
            new Linear(hidden, outputs, generator: g));
    }

    public static DataLoader Loader(IDataset data, int batchSize, long seed) =>
        new(data, batchSize, shuffle: true, generator: new Generator(seed));

    public static DataLoader Ordered(IDataset data, int batchSize = 256) => new(data, batchSize, generator: new Generator(0));
}
