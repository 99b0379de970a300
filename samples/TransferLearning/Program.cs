using System.Globalization;
using TransferLearningSample;

// dotnet run -c Release --project samples/TransferLearning [-- --folder DIR --images 300 --epochs 3 --pretrain-epochs 2]
var options = new TransferOptions();
for (int i = 0; i < args.Length; i++)
{
    options = args[i] switch
    {
        "--folder" => options with { Folder = args[++i] },
        "--images" => options with { FineTuneImages = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--epochs" => options with { FineTuneEpochs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--pretrain-epochs" => options with { PretrainEpochs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
        "--seed" => options with { Seed = long.Parse(args[++i], CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"unknown argument '{args[i]}'; use --folder DIR, --images N, --epochs N, --pretrain-epochs N, --seed S"),
    };
}

var r = TransferExperiment.Run(options);
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"digits 5-9 from {options.FineTuneImages} images, {options.FineTuneEpochs} epochs:"));
Console.WriteLine(string.Create(inv, $"  frozen LeNet features (pretrained on 0-4) + new head: {r.TransferAccuracy:P2}  ({r.TrainableTransfer:N0} trainable parameters)"));
Console.WriteLine(string.Create(inv, $"  LeNet from scratch:                                   {r.ScratchAccuracy:P2}  ({r.TrainableScratch:N0} trainable parameters)"));
