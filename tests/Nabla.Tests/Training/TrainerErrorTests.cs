using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Tests.Training;

public class TrainerErrorTests
{
    private static Trainer NewTrainer(out Sequential model)
    {
        model = TrainingData.Mlp(4, 8, 2, seed: 1);
        return new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.1)) { Progress = ProgressMode.None };
    }

    [Fact]
    public void ResumeRejectsAFileThatIsNotATrainingCheckpoint()
    {
        var trainer = NewTrainer(out var model);
        string path = Path.Combine(Path.GetTempPath(), $"nabla-weights-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, model.StateDict());
            var ex = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
            Assert.Equal($"Trainer.Resume: '{path}' is a safetensors file but not a training checkpoint (no 'nabla.training_checkpoint' metadata).", ex.Message);

            trainer.SaveCheckpoint(path);
            var other = NewTrainer(out _);
            other.Callbacks.Add(new TerminateOnNaN());
            ex = Assert.Throws<InvalidDataException>(() => other.Resume(path));
            Assert.Equal($"Trainer.Resume: '{path}' was saved with callbacks [], this trainer has [TerminateOnNaN].", ex.Message);

            var wider = TrainingData.Mlp(4, 9, 2, seed: 1);
            var mismatched = new Trainer(wider, new CrossEntropyLoss(), new SGD(wider.Parameters(), lr: 0.1));
            ex = Assert.Throws<InvalidDataException>(() => mismatched.Resume(path));
            Assert.StartsWith($"Trainer.Resume: '{path}' does not fit this trainer: LoadStateDict into Sequential failed — mis-shaped keys: 0.weight: expected [9, 4], got [8, 4]", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACheckpointThatDoesNotFitLeavesTheTrainerAsItWas()
    {
        // Same layer shapes, but an Adam optimizer's state in the file and SGD here: the model loads, the optimizer
        // does not, and the weights already loaded must be put back.
        var saver = TrainingData.Mlp(4, 8, 2, seed: 7);
        var adam = new Trainer(saver, new CrossEntropyLoss(), new Adam(saver.Parameters(), lr: 0.1)) { Progress = ProgressMode.None };
        adam.Fit(TrainingData.Ordered(TrainingData.TwoClasses(16, 4, 0, seed: 3)), 1);
        var trainer = NewTrainer(out var model);
        var before = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToDoubleArray());
        string path = Path.Combine(Path.GetTempPath(), $"nabla-ckpt-{Guid.NewGuid():N}.safetensors");
        try
        {
            adam.SaveCheckpoint(path);
            var ex = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
            Assert.StartsWith($"Trainer.Resume: '{path}' does not fit this trainer: ", ex.Message);
            foreach (var (name, values) in model.StateDict()) Assert.Equal(before[name], values.ToDoubleArray());
            Assert.Equal(0, trainer.Epoch);

            var meta = Safetensors.Load(path);
            var badEpoch = new Dictionary<string, string>(meta.Metadata) { ["epoch"] = "-3" };
            Safetensors.Save(path, meta.Tensors, badEpoch);
            Assert.Equal($"Trainer.Resume: '{path}' has an invalid epoch count '-3'.",
                Assert.Throws<InvalidDataException>(() => adam.Resume(path)).Message);
            var badHistory = new Dictionary<string, string>(meta.Metadata) { ["history"] = "[{\"epoch\": \"x\"" };
            Safetensors.Save(path, meta.Tensors, badHistory);
            Assert.StartsWith($"Trainer.Resume: '{path}' has an unreadable history: ",
                Assert.Throws<InvalidDataException>(() => adam.Resume(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FitRejectsNegativeEpochsAndAnEmptyLoader()
    {
        var trainer = NewTrainer(out _);
        var data = TrainingData.TwoClasses(8, 4, 0, seed: 2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(TrainingData.Ordered(data), -1));
        Assert.StartsWith("Trainer.Fit: epochs must be ≥ 0, got -1.", ex.Message);
        var empty = new Nabla.Data.DataLoader(data, batchSize: 16, dropLast: true);
        var ex2 = Assert.Throws<ArgumentException>(() => trainer.Fit(empty, 1));
        Assert.StartsWith("Trainer.Fit: the training loader yields no batch.", ex2.Message);
        var missing = Assert.Throws<InvalidOperationException>(() =>
        {
            trainer.Callbacks.Add(new EarlyStopping("val_accuracy"));
            trainer.Fit(TrainingData.Ordered(data), 1);
        });
        Assert.Equal("EarlyStopping: epoch 1 logged no 'val_accuracy'; it has: loss, lr, seconds, samples_per_second. (val_ keys need a validation loader.)", missing.Message);
    }
}
