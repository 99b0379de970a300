using System.Diagnostics;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Cli.Lab;

/// <summary>One way of training the lab's network: its mean training loss per epoch, test accuracy and time.</summary>
internal sealed record WayResult(string Key, string Label, double[] EpochLoss, double TestAccuracy, double Seconds);

/// <summary>
/// The same network trained four ways, from the same initial weights on the same batches with the same learning rate:
/// backprop by hand, autograd on raw tensors, nn modules with a manual update, nn modules with optim.SGD.
/// </summary>
internal static class FourWays
{
    public static IReadOnlyList<WayResult> Run(LabSetup setup)
    {
        RunOnce(setup.FirstEpochs(1));   // warm-up: the seconds should compare the ways, not the JIT's first compilation
        return RunOnce(setup);
    }

    private static WayResult[] RunOnce(LabSetup setup) => [HandWritten(setup), RawAutograd(setup), ModulesManualUpdate(setup), ModulesWithOptimizer(setup)];

    /// <summary>A training loop over the shared batches: step(x, y) trains on one batch and returns its loss.</summary>
    private static double[] Train(LabSetup setup, Func<Tensor, Tensor, double> step)
    {
        var losses = new double[setup.Epochs];
        for (int epoch = 0; epoch < setup.Epochs; epoch++)
        {
            double sum = 0;
            int count = 0;
            foreach (var batch in setup.Batches[epoch])
            {
                int size = batch.Features.Size(0);
                sum += step(batch.Features, batch.Target) * size;
                count += size;
            }
            losses[epoch] = sum / count;
        }
        return losses;
    }

    private static WayResult HandWritten(LabSetup setup)
    {
        long start = Stopwatch.GetTimestamp();
        var w = setup.InitialWeights();
        var net = new HandWrittenNetwork(w[0], w[1], w[2], w[3]);
        var losses = Train(setup, (x, y) => net.Step(x, y, setup.Lr));
        double accuracy = LabSetup.Accuracy(net.Forward(setup.TestX).Logits, setup.TestY);
        return new WayResult("by_hand", "(a) backprop by hand", losses, accuracy, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static WayResult RawAutograd(LabSetup setup)
    {
        long start = Stopwatch.GetTimestamp();
        var p = setup.InitialWeights().Select(t => t.RequiresGrad_()).ToArray();
        Tensor Logits(Tensor x) => (x.MatMul(p[0].T) + p[1]).Tanh().MatMul(p[2].T) + p[3];
        var losses = Train(setup, (x, y) =>
        {
            var oneHot = Tensor.OneHot(y, LabSetup.Classes).Float();
            var loss = -(oneHot * Logits(x).LogSoftmax(1)).Sum(1).Mean();   // L = −mean log ŷ_y, differentiated by autograd
            loss.Backward();
            using (Tensor.NoGrad())
                foreach (var t in p)
                {
                    t.Sub_(t.Grad!, setup.Lr);
                    t.Grad = null;
                }
            return loss.Item();
        });
        double accuracy;
        using (Tensor.NoGrad()) accuracy = LabSetup.Accuracy(Logits(setup.TestX), setup.TestY);
        return new WayResult("autograd", "(b) autograd, manual update", losses, accuracy, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static WayResult ModulesManualUpdate(LabSetup setup)
    {
        long start = Stopwatch.GetTimestamp();
        var model = setup.NewModel();
        var criterion = new CrossEntropyLoss();
        var losses = Train(setup, (x, y) =>
        {
            model.ZeroGrad();
            var loss = criterion.Call(model.Call(x), y);
            loss.Backward();
            using (Tensor.NoGrad())
                foreach (var t in model.Parameters()) t.Sub_(t.Grad!, setup.Lr);
            return loss.Item();
        });
        return Finish("nn_manual", "(c) nn modules, manual update", model, setup, losses, start);
    }

    private static WayResult ModulesWithOptimizer(LabSetup setup)
    {
        long start = Stopwatch.GetTimestamp();
        var model = setup.NewModel();
        var criterion = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: setup.Lr);
        var losses = Train(setup, (x, y) =>
        {
            optimizer.ZeroGrad();
            var loss = criterion.Call(model.Call(x), y);
            loss.Backward();
            optimizer.Step();
            return loss.Item();
        });
        return Finish("nn_sgd", "(d) nn modules + optim.SGD", model, setup, losses, start);
    }

    private static WayResult Finish(string key, string label, Sequential model, LabSetup setup, double[] losses, long start)
    {
        model.Eval();
        double accuracy;
        using (Tensor.NoGrad()) accuracy = LabSetup.Accuracy(model.Call(setup.TestX), setup.TestY);
        return new WayResult(key, label, losses, accuracy, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
