using Circles;

// Trains the concentric-circles classifier (2 → 10 tanh → 2, softmax cross-entropy, SGD) and reports accuracy.
var options = new CirclesOptions();
Console.WriteLine($"Concentric circles: {options.Samples} points, noise {options.Noise}, {options.Epochs} epochs of SGD (lr {options.LearningRate}, batch {options.BatchSize})");
var result = CirclesClassifier.Train(options, (epoch, loss) =>
{
    if (epoch % 25 == 0 || epoch == options.Epochs - 1) Console.WriteLine($"epoch {epoch + 1,4}  loss {loss:F4}");
});
Console.WriteLine($"train accuracy {result.TrainAccuracy:P1}, test accuracy {result.TestAccuracy:P1}");
return result.TestAccuracy >= 0.97 ? 0 : 1;
