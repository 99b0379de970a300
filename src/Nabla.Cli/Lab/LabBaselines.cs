using Nabla.Classic;
using Nabla.Cli.Checks;
using Nabla.Cli.Train;
using Nabla.Data;

namespace Nabla.Cli.Lab;

/// <summary>The MLP on MNIST: images used, the split, test accuracy and seconds.</summary>
internal sealed record MnistScore(string Model, int TrainSamples, int TestSamples, int Epochs, double TestAccuracy, double Seconds);

/// <summary>The kernel SVM on the lab's circles split, beside the MLP.</summary>
internal sealed record SvmScore(string Kernel, double C, double Gamma, int SupportVectors, double TestAccuracy, double MlpTestAccuracy);

/// <summary>The lab's two comparisons after the four ways: the same kind of MLP on MNIST, and an SVM on circles.</summary>
internal static class LabBaselines
{
    /// <summary>MNIST's test set (the only part that ships beside the repository), first <paramref name="samples"/> images,
    /// split 80/20 stratified, and `nabla train --dataset mnist`'s MLP (784 → 256 relu → 10, Adam, batch 128) trained on it.</summary>
    public static MnistScore Mnist(string folder, int samples, int epochs, long seed)
    {
        var all = Nabla.Data.Mnist.Load(folder, train: false, flatten: true);
        if (samples < 100 || samples > all.Count) throw new UsageException($"--mnist-samples must be between 100 and {all.Count}, got {samples}.");
        var used = DataSource.Rows(all, [.. Enumerable.Range(0, samples)]);
        var split = Splits.TrainValidationTest(used.Targets, 0, 0.2, stratify: true, generator: new Generator(seed));
        var names = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var data = new LoadedData("mnist", folder, DataSource.Rows(used, split.Train), DataSource.Rows(used, split.Validation),
            DataSource.Rows(used, split.Test), 784, 10, names, [1, 28, 28]);
        var settings = TrainOptions.Parse("--dataset", "mnist", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var run = TrainJob.Run(settings, data, TextWriter.Null, quiet: true);
        return new MnistScore(RunFolder.ModelText(run.Spec), data.Train.Count, data.Test.Count, epochs, run.Test.Accuracy, run.Seconds);
    }

    /// <summary>An RBF SVC (C = 1, γ = 'scale', scikit-learn's defaults) on the circles training points, tested on the test points.</summary>
    public static SvmScore Svm(LabSetup setup, double mlpAccuracy)
    {
        var trainX = SvmCommand.Rows(setup.TrainX);
        var kernel = new Kernel(KernelKind.Rbf, Kernel.ScaleGamma(trainX), 3, 0);
        var svc = Svc.Fit(trainX, setup.TrainY.ToLongArray(), kernel, 1.0);
        return new SvmScore("rbf", 1.0, kernel.Gamma, svc.SupportVectorCount, svc.Score(SvmCommand.Rows(setup.TestX), setup.TestY.ToLongArray()), mlpAccuracy);
    }
}
