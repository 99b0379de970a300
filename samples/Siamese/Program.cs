using System.Globalization;
using SiameseSample;

// dotnet run -c Release --project samples/Siamese [-- --folder DIR --pairs 12000 --epochs 2]
var options = new PairOptions();
for (int i = 0; i < args.Length; i++)
{
    options = args[i] switch
    {
        "--folder" => options with { Folder = args[++i] },
        "--pairs" => options with { TrainPairs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--epochs" => options with { Epochs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--seed" => options with { Seed = long.Parse(args[++i], CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"unknown argument '{args[i]}'; use --folder DIR, --pairs N, --epochs N, --seed S"),
    };
}

var r = PairExperiment.Run(options);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"held-out pair accuracy {r.PairAccuracy:P2} (same digit when cos > {r.Threshold:0.00}); mean cos: same {r.MeanSameCosine:0.000}, different {r.MeanDifferentCosine:0.000}"));
