using System.Globalization;
using FashionMnistSample;

// dotnet run -c Release --project samples/FashionMnist [-- --epochs 10 --subset 10000 --quiet]
var options = new MlpOptions();
for (int i = 0; i < args.Length; i++)
{
    options = args[i] switch
    {
        "--epochs" => options with { Epochs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--subset" => options with { TrainSubset = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--seed" => options with { Seed = long.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--folder" => options with { Folder = args[++i] },
        "--quiet" => options with { Progress = Nabla.Training.ProgressMode.None },
        _ => throw new ArgumentException($"unknown argument '{args[i]}'; use --epochs N, --subset N, --seed S, --folder DIR, --quiet"),
    };
}

var result = FashionMnistMlp.Train(options);
double secondsPerEpoch = result.History.Average(e => e.Seconds);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"test accuracy {result.TestAccuracy:P2} after {result.History.Count} epochs, {secondsPerEpoch:0.00} s per epoch"));
Console.WriteLine(result.Confusion);
