using System.Text.Json;

namespace Nabla.Tests.Optim;

/// <summary>Loads tests/reference/optim.json (written by tests/reference/generate_optim.py; see its docstring for the format).</summary>
public static class OptimReference
{
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "reference", "optim.json");

    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        if (!File.Exists(FilePath))
            throw new FileNotFoundException(
                $"Reference file not found at {FilePath}. Run `/usr/bin/python3 tests/reference/generate_optim.py` and rebuild.", FilePath);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        return doc.RootElement.Clone();
    });

    public static JsonElement Problem => Root.Value.GetProperty("problem");

    public static IEnumerable<JsonElement> Section(string name) => Root.Value.GetProperty(name).EnumerateArray();

    public static JsonElement Case(string section, string name) =>
        Section(section).Single(e => e.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string section) => new(Section(section).Select(e => e.GetProperty("name").GetString()!));

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>A JSON number or boolean as a Nabla option value (flags are 0/1).</summary>
    public static double OptionValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => e.GetDouble(),
    };

    public static Dictionary<string, double> Options(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => OptionValue(p.Value));

    public static Tensor Tensor(double[] values, int[] shape, DType dtype) => dtype == DType.Float64
        ? Nabla.Tensor.FromArray(values, shape)
        : Nabla.Tensor.FromArray(values.Select(v => (float)v).ToArray(), shape);

    /// <summary>|actual − expected| ≤ rtol · max(|expected|, floor) for every element; the message names the worst one.</summary>
    public static void AssertClose(double[] expected, double[] actual, double rtol, string what, double floor = 1e-3)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor);
            if (double.IsNaN(worst)) break;
            if (double.IsNaN(err) || err > worst) (worst, at) = (err, i);
        }
        Assert.True(worst <= rtol,
            $"{what}: element {at} is {(at < 0 ? 0 : actual[at]):R}, PyTorch {(at < 0 ? 0 : expected[at]):R} (relative error {worst:E2} > {rtol:E0}).");
    }
}
