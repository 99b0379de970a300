using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;
using Nabla.Training;

namespace Nabla.Tests.Training;

public class CallbackTests
{
    private static Trainer OverfittingTrainer(out Sequential model)
    {
        // 40 noisy training samples and a 128-wide network: the validation loss falls, then climbs as it memorises.
        model = TrainingData.Mlp(20, 128, 2, seed: 3);
        return new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.01)) { Progress = ProgressMode.None, Metrics = { new Accuracy() } };
    }

    [Fact]
    public void EarlyStoppingStopsAnOverfittingModelAndRestoresItsBestWeights()
    {
        var train = TrainingData.TwoClasses(40, 20, noise: 0.3, seed: 1);
        var validation = TrainingData.Ordered(TrainingData.TwoClasses(400, 20, noise: 0.0, seed: 2));
        var trainer = OverfittingTrainer(out _);
        var stopping = new EarlyStopping("val_loss", patience: 5, restoreBestWeights: true);
        trainer.Callbacks.Add(stopping);
        var history = trainer.Fit(TrainingData.Loader(train, 8, seed: 4), epochs: 200, validation);

        Assert.True(history.Count < 200, "training must stop early");
        Assert.Equal(history.Count, stopping.StoppedEpoch);
        Assert.Equal(stopping.BestEpoch + 5, stopping.StoppedEpoch);
        double[] valLoss = history.Series("val_loss");
        Assert.Equal(valLoss.Min(), stopping.Best);
        Assert.True(valLoss[^1] > stopping.Best * 1.05, $"the model overfits: last val_loss {valLoss[^1]} vs best {stopping.Best}");
        // the restored weights reproduce the best epoch's validation loss exactly
        Assert.Equal(stopping.Best, trainer.Evaluate(validation).Loss);
        Assert.Contains("val_loss has not improved", trainer.StopReason);
    }

    [Fact]
    public void TerminateOnNaNStopsAtTheFirstBadBatchAndSaysWhere()
    {
        var data = TrainingData.TwoClasses(64, 4, 0, seed: 5);
        var model = TrainingData.Mlp(4, 8, 2, seed: 6);
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 1e30)) { Progress = ProgressMode.None, Callbacks = { new TerminateOnNaN() } };
        var history = trainer.Fit(TrainingData.Loader(data, 8, seed: 7), epochs: 5);
        Assert.Single(history);
        Assert.Matches(@"^TerminateOnNaN: the loss is (NaN|∞|-∞|Infinity) at epoch 1, batch [2-8] of 8; training stopped\.$", trainer.StopReason);
    }

    [Fact]
    public void ModelCheckpointWithSaveBestOnlyWritesOnlyImprovingEpochs()
    {
        string dir = Directory.CreateTempSubdirectory("nabla-ckpt").FullName;
        try
        {
            var train = TrainingData.TwoClasses(40, 20, noise: 0.3, seed: 1);
            var validation = TrainingData.Ordered(TrainingData.TwoClasses(400, 20, noise: 0.0, seed: 2));
            var trainer = OverfittingTrainer(out var model);
            var best = new ModelCheckpoint(Path.Combine(dir, "best-{epoch}.safetensors"), "val_loss", saveBestOnly: true, weightsOnly: true);
            trainer.Callbacks.Add(best);
            var history = trainer.Fit(TrainingData.Loader(train, 8, seed: 4), epochs: 30, validation);

            var valLoss = history.Series("val_loss");
            var improving = Enumerable.Range(0, valLoss.Length).Where(i => valLoss[i] < valLoss.Take(i).DefaultIfEmpty(double.PositiveInfinity).Min()).Select(i => i + 1);
            var written = Directory.GetFiles(dir).Select(f => int.Parse(Path.GetFileNameWithoutExtension(f)["best-".Length..])).Order();
            Assert.Equal(improving, written);
            Assert.Equal(valLoss.Min(), best.Best);
            Assert.Empty(Directory.GetFiles(dir, ".*")); // no temporary files left behind

            // the last file holds the best weights: loading them reproduces the best validation loss
            model.LoadStateDict(Safetensors.Load(best.LastSaved!).Tensors);
            Assert.Equal(valLoss.Min(), trainer.Evaluate(validation).Loss);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void CsvAndJsonLoggersWriteEveryEpoch()
    {
        string dir = Directory.CreateTempSubdirectory("nabla-log").FullName;
        try
        {
            var data = TrainingData.TwoClasses(64, 4, 0, seed: 5);
            var model = TrainingData.Mlp(4, 8, 2, seed: 6);
            string csv = Path.Combine(dir, "log.csv"), json = Path.Combine(dir, "log.json");
            var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.1))
            {
                Progress = ProgressMode.None,
                Metrics = { new Accuracy() },
                Callbacks = { new CsvLogger(csv), new JsonLogger(json) },
            };
            var history = trainer.Fit(TrainingData.Loader(data, 16, seed: 7), epochs: 3, TrainingData.Ordered(data));

            var lines = File.ReadAllLines(csv);
            Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds,samples_per_second", lines[0]);
            Assert.Equal(4, lines.Length);
            var row = lines[2].Split(',');
            Assert.Equal("2", row[0]);
            Assert.Equal(history[1].TrainLoss, double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(history[1].ValidationMetrics["accuracy"], double.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture));

            var read = HistoryJson.Read(File.ReadAllText(json));
            Assert.Equal(3, read.Count);
            Assert.Equal(history[2].TrainLoss, read[2].TrainLoss);   // round-trip exact
            Assert.Equal(history[2].GradientNorms, read[2].GradientNorms);
            Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], read[2].WeightNorms.Keys);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ReduceLROnPlateauLowersTheLrWhenValidationLossStalls()
    {
        var train = TrainingData.TwoClasses(40, 20, noise: 0.3, seed: 1);
        var validation = TrainingData.Ordered(TrainingData.TwoClasses(400, 20, noise: 0.0, seed: 2));
        var trainer = OverfittingTrainer(out _);
        var plateau = new ReduceLROnPlateau(trainer.Optimizer, factor: 0.5, patience: 2);
        trainer.Callbacks.Add(new ReduceLROnPlateauCallback(plateau));
        var history = trainer.Fit(TrainingData.Loader(train, 8, seed: 4), epochs: 25, validation);

        // replay PyTorch's rule on the logged losses: the lr halves after more than 2 epochs without a new best
        double best = double.PositiveInfinity, lr = 0.01;
        int bad = 0;
        for (int e = 0; e < history.Count; e++)
        {
            Assert.Equal(lr, history[e].LearningRate, 15);
            double loss = history[e].ValidationLoss!.Value;
            if (loss < best * (1 - 1e-4)) (best, bad) = (loss, 0);
            else if (++bad > 2) (lr, bad) = (lr * 0.5, 0);
        }
        Assert.True(history[^1].LearningRate < 0.01, "the plateau must have been reached in 25 epochs");
    }

    [Fact]
    public void LineProgressPrintsOneLinePerEpochAndQuietPrintsNothing()
    {
        var data = TrainingData.TwoClasses(64, 4, 0, seed: 5);
        var model = TrainingData.Mlp(4, 8, 2, seed: 6);
        var output = new StringWriter();
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model.Parameters(), lr: 0.1))
        {
            Progress = ProgressMode.Auto, // a writer that is not a terminal: plain lines
            ProgressWriter = output,
            Metrics = { new Accuracy() },
        };
        trainer.Fit(TrainingData.Loader(data, 16, seed: 7), epochs: 2);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^epoch 2/2  loss \d\.\d{4}  accuracy \d\.\d{4}  lr 0\.1  \d+\.\d s  [\d,]+ samples/s$", lines[1]);

        trainer.Progress = ProgressMode.None;
        output.GetStringBuilder().Clear();
        trainer.Fit(TrainingData.Loader(data, 16, seed: 7), epochs: 3);
        Assert.Equal("", output.ToString());
    }
}
