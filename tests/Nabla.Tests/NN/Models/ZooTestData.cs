using Nabla.Data;

namespace Nabla.Tests.NN.Models;

/// <summary>The MNIST test-set files the zoo's training tests use: ../shared/data/mnist beside the repository (CI),
/// else /work/shared/data/mnist.</summary>
internal static class ZooTestData
{
    public static string MnistFolder => Nabla.Tests.Shared.TestFolders.Mnist;

    /// <summary>MNIST's usual pixel mean and standard deviation (of the training set, in [0, 1]).</summary>
    public const double PixelMean = 0.1307, PixelStd = 0.3081;

    /// <summary>The 10,000 MNIST test images as standardised [N, 1, 28, 28] and their labels.</summary>
    public static TensorDataset MnistTestSet()
    {
        var set = Mnist.Load(MnistFolder, train: false);
        using var noGrad = Tensor.NoGrad();
        return new TensorDataset(((set.Features - PixelMean) * (1 / PixelStd)).Unsqueeze(1), set.Targets);
    }
}
