using Nabla.Data;
using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Fuzz.Targets;

/// <summary>
/// <see cref="Trainer.Resume"/> on arbitrary bytes: a training checkpoint is a safetensors file whose tensors and
/// metadata (epoch, history, callbacks) must fit the trainer. Documented failures: <see cref="SafetensorsException"/>
/// (not safetensors) and <see cref="InvalidDataException"/> (not a checkpoint, or one that does not fit). A rejected
/// file must leave the trainer exactly as it was; a resumed one must train on.
/// </summary>
public sealed class CheckpointTarget : IFuzzTarget
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("nabla-fuzz-checkpoint").FullName;

    public string Name => "checkpoint";

    public IEnumerable<byte[]> Seeds()
    {
        var (trainer, loader) = Build();
        yield return Save(trainer);
        trainer.Fit(loader, epochs: 1);
        yield return Save(trainer);
        trainer.Fit(loader, epochs: 2);
        yield return Save(trainer);
    }

    public void Run(byte[] input)
    {
        var (trainer, loader) = Build();
        var before = Fingerprint(trainer);
        string path = Path.Combine(Folder, "fuzz.checkpoint.safetensors");
        File.WriteAllBytes(path, input);
        try
        {
            trainer.Resume(path);
        }
        catch (Exception e) when (IsDocumented(e))
        {
            if (Fingerprint(trainer) != before) throw new FuzzCheckException("a rejected checkpoint changed the trainer");
            throw;
        }
        if (trainer.Epoch < 3) trainer.Fit(loader, epochs: trainer.Epoch + 1); // a resumed run trains on
    }

    public bool IsDocumented(Exception e) => e is SafetensorsException or InvalidDataException;

    private static (Trainer Trainer, DataLoader Loader) Build()
    {
        var g = new Generator(5);
        var (x, y) = Datasets.MakeCircles(32, noise: 0.1, factor: 0.5, generator: g);
        var model = new Sequential(new Linear(2, 4, generator: g), new Tanh(), new Dropout(0.1), new Linear(4, 2, generator: g));
        var optimizer = new Adam(model.Parameters(), lr: 0.01);
        var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer) { Scheduler = new StepLR(optimizer, stepSize: 1), Progress = ProgressMode.None };
        return (trainer, new DataLoader(new TensorDataset(x, y), batchSize: 8, shuffle: true, generator: new Generator(6)));
    }

    private static byte[] Save(Trainer trainer)
    {
        string path = Path.Combine(Folder, "seed.safetensors");
        trainer.SaveCheckpoint(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>The trainer's weights, optimizer state and epoch as text, to compare before and after.</summary>
    private static string Fingerprint(Trainer trainer) =>
        string.Join(";", trainer.Model.StateDict().Concat(trainer.Optimizer.StateDict())
            .Select(kv => kv.Key + "=" + string.Join(",", kv.Value.ToDoubleArray()))) + ";" + trainer.Epoch;
}
