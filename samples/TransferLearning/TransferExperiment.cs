using Nabla;
using Nabla.Data;
using Nabla.NN;
using Nabla.NN.Models;
using Nabla.Optim;
using Nabla.Training;

namespace TransferLearningSample;

/// <summary>The budget of the experiment; the defaults are the sample's full run.</summary>
public sealed record TransferOptions
{
    public string? Folder { get; init; }
    /// <summary>Epochs of pretraining LeNet on every image of digits 0–4.</summary>
    public int PretrainEpochs { get; init; } = 2;
    /// <summary>Images of digits 5–9 to fine-tune on (the small budget); the rest of 5–9 scores the models.</summary>
    public int FineTuneImages { get; init; } = 300;
    public int FineTuneEpochs { get; init; } = 3;
    public long Seed { get; init; } = 1;
}

/// <summary>Accuracies on held-out digits 5–9 of the fine-tuned head (frozen features) and of LeNet from scratch.</summary>
public sealed record TransferResult(double TransferAccuracy, double ScratchAccuracy, int TrainableTransfer, int TrainableScratch);

/// <summary>
/// Transfer learning with LeNet: pretrain on digits 0–4, copy its convolutional features into a new LeNet for digits
/// 5–9, freeze them (RequiresGrad = false) and train only the new fully connected head on a few images; compare with
/// a LeNet trained from scratch on the same images for the same number of steps.
/// </summary>
public static class TransferExperiment
{
    public static TransferResult Run(TransferOptions o)
    {
        var all = DigitSplits.LoadTestSet(o.Folder);
        var pretrainSet = DigitSplits.Digits(all, first: 0);
        var fineTuneSet = DigitSplits.Digits(all, first: 5, take: o.FineTuneImages);
        var heldOut = DigitSplits.Digits(all, first: 5, skip: o.FineTuneImages);

        var pretrained = new LeNet([1, 28, 28], 5, new Generator(o.Seed));
        Fit(pretrained, pretrained.Parameters(), pretrainSet, o.PretrainEpochs, o.Seed + 1);

        var transfer = new LeNet([1, 28, 28], 5, new Generator(o.Seed + 2));
        transfer.Features.LoadStateDict(pretrained.Features.StateDict());
        foreach (var p in transfer.Features.Parameters()) p.RequiresGrad = false;
        var head = transfer.Parameters().Where(p => p.RequiresGrad).ToArray();
        Fit(transfer, head, fineTuneSet, o.FineTuneEpochs, o.Seed + 3);

        var scratch = new LeNet([1, 28, 28], 5, new Generator(o.Seed + 2));
        Fit(scratch, scratch.Parameters(), fineTuneSet, o.FineTuneEpochs, o.Seed + 3);

        return new TransferResult(Accuracy(transfer, heldOut), Accuracy(scratch, heldOut),
            head.Sum(p => p.Numel), scratch.Parameters().Sum(p => p.Numel));
    }

    private static void Fit(Module<Tensor, Tensor> model, IEnumerable<Tensor> parameters, IDataset data, int epochs, long seed)
    {
        var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(parameters, lr: 2e-3))
        {
            Progress = ProgressMode.None,
            TrackNorms = false,
        };
        trainer.Fit(new DataLoader(data, 32, shuffle: true, generator: new Generator(seed)), epochs);
    }

    private static double Accuracy(Module<Tensor, Tensor> model, IDataset data) =>
        Trainer.Evaluate(model, new CrossEntropyLoss(), new DataLoader(data, 1000), [new Accuracy()]).Metrics["accuracy"];
}
