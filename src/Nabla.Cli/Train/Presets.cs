namespace Nabla.Cli.Train;

/// <summary>
/// Defaults that depend on the data set (options the user leaves out). The circles preset is the course's network:
/// 2 → 10 tanh → 2 trained by plain SGD.
/// </summary>
internal sealed record Preset(int[] Hidden, string Activation, string Optimizer, double Lr, int Epochs, int? BatchSize, double Noise)
{
    private static readonly Preset TwoD = new([10], "tanh", "sgd", 0.3, 200, 32, 0.1);

    public static Preset For(string dataset) => dataset switch
    {
        "spirals" => new([64, 64], "relu", "adam", 0.01, 300, 32, 0.02),
        "xor" => TwoD with { Noise = 0.05 },
        "csv" => new([64], "relu", "adam", 1e-3, 100, 32, 0),
        "mnist" or "fashion-mnist" => new([256], "relu", "adam", 1e-3, 5, 128, 0),
        _ => TwoD,
    };

    /// <summary>For help texts: "circles … 10; spirals 64,64; …".</summary>
    public static string Describe(Func<Preset, string> value)
    {
        var names = new[] { "circles", "spirals", "csv", "mnist" };
        return "default per data set: " + string.Join(", ", names.Select(n => $"{(n == "circles" ? "circles/moons/xor/blobs" : n == "mnist" ? "(fashion-)mnist" : n)} {value(For(n))}"));
    }
}
