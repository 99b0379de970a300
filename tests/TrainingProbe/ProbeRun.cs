using System.Security.Cryptography;
using System.Runtime.InteropServices;
using Nabla;
using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace TrainingProbe;

/// <summary>
/// A seeded run with every source of randomness a training run has: initial weights, shuffling, two Dropouts (one on
/// Generator.Default, one with its own generator), Adam and a step schedule. Three Gaussian blobs in 16 dimensions,
/// 768 training and 256 validation samples.
/// </summary>
public sealed class ProbeRun
{
    public const int Features = 16, Classes = 3;

    private ProbeRun(Trainer trainer, DataLoader train, DataLoader validation) => (Trainer, Train, Validation) = (trainer, train, validation);

    public Trainer Trainer { get; }
    public DataLoader Train { get; }
    public DataLoader Validation { get; }

    /// <summary>Builds model, optimizer, schedule and loaders from scratch; reseeds Generator.Default. The data set
    /// comes from <paramref name="dataSeed"/>, everything random about the run from <paramref name="seed"/>.</summary>
    public static ProbeRun Create(long seed, long dataSeed = 2024)
    {
        Tensor.ManualSeed(seed);
        var data = new Generator(dataSeed);
        var train = Blobs(768, data);
        var validation = Blobs(256, data);
        var init = new Generator(seed + 1);
        var model = new Sequential(
            new Linear(Features, 32, generator: init), new ReLU(), new Dropout(0.2),
            new Linear(32, 32, generator: init), new Tanh(), new Dropout(0.1, new Generator(seed + 2)),
            new Linear(32, Classes, generator: init));
        var optimizer = new Adam(model.Parameters(), lr: 0.01);
        var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer)
        {
            Scheduler = new StepLR(optimizer, stepSize: 2, gamma: 0.5),
            Progress = ProgressMode.None,
            Metrics = { new Accuracy(), new ClassScore(ClassScoreKind.F1, Classes) },
        };
        return new ProbeRun(trainer,
            new DataLoader(train, batchSize: 32, shuffle: true, generator: new Generator(seed + 3)),
            new DataLoader(validation, batchSize: 64));
    }

    /// <summary>Trains until <paramref name="epochs"/> epochs are complete.</summary>
    public History Fit(int epochs) => Trainer.Fit(Train, epochs, Validation);

    /// <summary>SHA-256 of every parameter and buffer, bit for bit, in state-dict order.</summary>
    public string WeightsHash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, tensor) in Trainer.Model.StateDict())
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(MemoryMarshal.AsBytes(tensor.Contiguous().ToFloatArray().AsSpan()));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Class c is a unit Gaussian around a centre 2.5·e_c (+ small offsets on the other axes).</summary>
    private static TensorDataset Blobs(int n, Generator g)
    {
        var x = new float[n * Features];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            int c = (int)g.NextInt64(Classes);
            y[i] = c;
            for (int f = 0; f < Features; f++)
                x[i * Features + f] = (float)(g.NextNormal() + (f == c ? 2.5 : 0.3 * Math.Sin(c + f)));
        }
        return new TensorDataset(Tensor.FromArray(x, n, Features), Tensor.FromArray(y));
    }
}
