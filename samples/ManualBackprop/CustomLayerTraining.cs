using Nabla;
using Nabla.NN;
using Nabla.Optim;

namespace ManualBackprop;

/// <summary>Trains a circles classifier whose hidden layer is the hand-derived <see cref="LinearTanhLayer"/>.</summary>
public static class CustomLayerTraining
{
    /// <summary>2 → hidden (hand-derived linear+tanh) → 2, full-batch SGD on concentric circles; returns the accuracy on
    /// held-out points and the loss per epoch.</summary>
    public static (double TestAccuracy, List<double> Losses) Run(int seed = 0, int epochs = 300, int hidden = 10, double lr = 0.5)
    {
        var g = new Generator(seed);
        var (xTrain, yTrain) = Nabla.Data.Datasets.MakeCircles(400, noise: 0.05, factor: 0.5, generator: g);
        var (xTest, yTest) = Nabla.Data.Datasets.MakeCircles(200, noise: 0.05, factor: 0.5, generator: g);
        var model = new Sequential(new LinearTanhLayer(2, hidden, g), new Linear(hidden, 2, generator: g));
        var loss = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: lr, momentum: 0.9);
        var losses = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            optimizer.ZeroGrad();
            var value = loss.Call(model.Call(xTrain), yTrain);
            value.Backward();
            optimizer.Step();
            losses.Add(value.Item());
        }
        using (Tensor.NoGrad())
        {
            var predicted = model.Call(xTest).ArgMax(1);
            return (predicted.Eq(yTest).Mean().Item(), losses);
        }
    }
}
