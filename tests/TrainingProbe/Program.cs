using TrainingProbe;

// Usage: TrainingProbe [seed] [epochs]; prints "<history hash> <weights hash>".
long seed = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
int epochs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var run = ProbeRun.Create(seed);
var history = run.Fit(epochs);
Console.WriteLine($"{history.ContentHash()} {run.WeightsHash()}");
