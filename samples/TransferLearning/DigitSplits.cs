using Nabla;
using Nabla.Data;

namespace TransferLearningSample;

/// <summary>MNIST test-set images ([N, 1, 28, 28], standardised) split by digit, with the digits relabelled 0 … 4.</summary>
public static class DigitSplits
{
    /// <summary>Where the samples look for MNIST's IDX files when none is given.</summary>
    public const string DefaultFolder = "/work/shared/data/mnist";

    public const double PixelMean = 0.1307, PixelStd = 0.3081;

    public static TensorDataset LoadTestSet(string? folder)
    {
        var set = Mnist.Load(folder ?? DefaultFolder, train: false);
        using var noGrad = Tensor.NoGrad();
        return new TensorDataset(((set.Features - PixelMean) * (1 / PixelStd)).Unsqueeze(1), set.Targets);
    }

    /// <summary>The images whose digit is in [first, first + 5), labelled digit − first; at most <paramref name="take"/>
    /// of them after skipping <paramref name="skip"/>.</summary>
    public static TensorDataset Digits(TensorDataset all, int first, int skip = 0, int take = int.MaxValue)
    {
        var labels = all.Targets.ToLongArray();
        int[] rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] >= first && labels[i] < first + 5).Skip(skip).Take(take).ToArray();
        var batch = all.GetBatch(rows);
        using var noGrad = Tensor.NoGrad();
        return new TensorDataset(batch.Features, batch.Target - first);
    }
}
