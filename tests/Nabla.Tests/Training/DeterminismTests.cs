using System.Diagnostics;
using Nabla.Training;
using Nabla.Tests.Tensors;
using TrainingProbe;

namespace Nabla.Tests.Training;

/// <summary>A seed determines a training run bit for bit: in one process, in two processes, and across a checkpoint.
/// These runs reseed Generator.Default (one Dropout draws from it), so they run alone.</summary>
[Collection(nameof(DefaultGeneratorCollection))]
public class DeterminismTests
{
    [Fact]
    public void SameSeedGivesBitIdenticalHistoryAndWeightsTwiceInOneProcess()
    {
        // one after the other: Create reseeds Generator.Default, which the first Dropout draws from
        var first = ProbeRun.Create(seed: 7);
        var h1 = first.Fit(3);
        var second = ProbeRun.Create(seed: 7);
        var h2 = second.Fit(3);
        Assert.Equal(h1.ContentHash(), h2.ContentHash());
        Assert.Equal(first.WeightsHash(), second.WeightsHash());
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(h1[e].TrainLoss, h2[e].TrainLoss);
            Assert.Equal(h1[e].ValidationLoss, h2[e].ValidationLoss);
        }
        // and a different seed gives a different run (the hash is not blind)
        var other = ProbeRun.Create(seed: 8);
        Assert.NotEqual(h1.ContentHash(), other.Fit(3).ContentHash());
    }

    [Fact]
    public void SameSeedGivesTheSameHashesInTwoSeparateProcesses()
    {
        string inProcess;
        {
            var run = ProbeRun.Create(seed: 11);
            inProcess = $"{run.Fit(2).ContentHash()} {run.WeightsHash()}";
        }
        string a = RunProbe(11, 2), b = RunProbe(11, 2);
        Assert.Matches("^[0-9A-F]{64} [0-9A-F]{64}$", a);
        Assert.Equal(a, b);
        Assert.Equal(inProcess, a);
    }

    [Fact]
    public void ResumingFromACheckpointAfterThreeEpochsEqualsSixEpochsStraight()
    {
        var straight = ProbeRun.Create(seed: 5);
        straight.Fit(6);

        string path = Path.Combine(Path.GetTempPath(), $"nabla-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            var firstHalf = ProbeRun.Create(seed: 5);
            firstHalf.Trainer.Callbacks.Add(new ModelCheckpoint(path));
            firstHalf.Fit(3);
            // Anything drawn from Generator.Default in between must not matter: the checkpoint holds its state.
            Tensor.Randn([100]);

            var resumed = ProbeRun.Create(seed: 999); // same data; different weights, generators and loaders until Resume
            resumed.Trainer.Callbacks.Add(new ModelCheckpoint(path));
            resumed.Trainer.Resume(path);
            Assert.Equal(3, resumed.Trainer.Epoch);
            var history = resumed.Fit(6);

            Assert.Equal(6, history.Count);
            Assert.Equal(straight.Trainer.History.ContentHash(), history.ContentHash());
            Assert.Equal(straight.WeightsHash(), resumed.WeightsHash());
            Assert.Equal(straight.Trainer.Optimizer.ParamGroups[0].Lr, resumed.Trainer.Optimizer.ParamGroups[0].Lr);
            Assert.Equal(straight.Trainer.History.Series("lr"), history.Series("lr"));
            Assert.Equal(0.01 * 0.25, history[4].LearningRate, 15); // StepLR(2, 0.5): epochs 5–6 at lr/4
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RunProbe(long seed, int epochs)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "TrainingProbe.dll");
        var info = new ProcessStartInfo("dotnet", [dll, seed.ToString(System.Globalization.CultureInfo.InvariantCulture), epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the probe did not finish within 2 minutes");
        Assert.True(process.ExitCode == 0, $"the probe failed ({process.ExitCode}): {error}");
        return output.Trim();
    }
}
