using System.Globalization;
using System.Text;
using System.Text.Json;
using Nabla.Tests.Reference;

namespace Nabla.Tests.NN;

/// <summary>
/// Loads tests/reference/nn.json (written by tests/reference/generate_nn.py) into <see cref="ReferenceCase"/>s. The
/// format is ops.json's, except that a value PyTorch gives as NaN is stored as the string "NaN".
/// </summary>
public static class NnReferenceCases
{
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "reference", "nn.json");

    private static readonly Lazy<IReadOnlyDictionary<string, ReferenceCase>> Loaded = new(Load);

    public static IReadOnlyDictionary<string, ReferenceCase> All => Loaded.Value;

    private static IReadOnlyDictionary<string, ReferenceCase> Load()
    {
        if (!File.Exists(FilePath))
            throw new FileNotFoundException($"Reference file not found at {FilePath}. Run `/usr/bin/python3 tests/reference/generate_nn.py` and rebuild.", FilePath);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var cases = new Dictionary<string, ReferenceCase>(StringComparer.Ordinal);
        foreach (var e in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var c = ParseCase(e);
            if (!cases.TryAdd(c.Name, c)) throw new InvalidDataException($"duplicate case name '{c.Name}' in {FilePath}");
        }
        return cases;
    }

    private static ReferenceCase ParseCase(JsonElement e) => new()
    {
        Name = e.GetProperty("name").GetString()!,
        Op = e.GetProperty("op").GetString()!,
        DType = e.GetProperty("dtype").GetString()!,
        Inputs = e.GetProperty("inputs").EnumerateArray().Select(ParseTensor).ToArray(),
        Args = e.GetProperty("args").Clone(),
        Output = ParseTensor(e.GetProperty("output")),
        GradOutput = ParseTensor(e.GetProperty("grad_output")),
        Grads = e.GetProperty("grads").EnumerateArray().Select(g => g.ValueKind == JsonValueKind.Null ? null : ParseTensor(g)).ToArray(),
    };

    private static ReferenceTensor ParseTensor(JsonElement e) => new()
    {
        Shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
        DType = e.TryGetProperty("dtype", out var dt) ? dt.GetString() : null,
        Data = e.GetProperty("data").EnumerateArray()
            .Select(x => x.ValueKind == JsonValueKind.String && x.GetString() == "NaN" ? double.NaN : x.GetDouble()).ToArray(),
        RequiresGrad = e.TryGetProperty("requires_grad", out var rg) && rg.GetBoolean(),
    };

    /// <summary>|actual − expected| ≤ max(rtol·|expected|, atol) (Float64: 1e-9, 1e-12; Float32: 1e-4, 1e-5); NaN only where expected.</summary>
    public static void AssertClose(string caseName, string what, ReferenceTensor expected, Tensor actual, DType dtype)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{caseName}: {what} shape: expected [{string.Join(",", expected.Shape)}], got [{string.Join(",", actual.Shape)}]");
        Assert.True(actual.DType == dtype, $"{caseName}: {what} dtype: expected {dtype}, got {actual.DType}");
        var (rtol, atol) = dtype == DType.Float64 ? (1e-9, 1e-12) : (1e-4, 1e-5);
        var got = actual.ToDoubleArray();
        int bad = 0, first = -1;
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected.Data[i], g = got[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(g) : double.IsFinite(g) && Math.Abs(g - e) <= Math.Max(rtol * Math.Abs(e), atol);
            if (!ok && bad++ == 0) first = i;
        }
        if (bad == 0) return;
        var msg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{caseName}: {what} mismatch at element {first}: expected {expected.Data[first]:R}, got {got[first]:R}; ")
            .Append(CultureInfo.InvariantCulture, $"{bad} of {got.Length} elements differ (rtol {rtol:G3}, atol {atol:G3}).")
            .Append(CultureInfo.InvariantCulture, $"\n  expected: [{Preview(expected.Data)}]\n  got:      [{Preview(got)}]");
        Assert.Fail(msg.ToString());
    }

    private static string Preview(double[] v) =>
        string.Join(", ", v.Take(12).Select(x => x.ToString("G9", CultureInfo.InvariantCulture))) + (v.Length > 12 ? ", ..." : "");
}
