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
