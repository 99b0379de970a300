using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nabla.Training;

/// <summary>
/// History as JSON (reflection-free, AOT-clean): an array of epoch objects with the fields of <see cref="EpochRecord"/>
/// in snake_case. Finite numbers are JSON numbers in .NET's shortest round-trip form (so reading gives back the same
/// bits); NaN and ±∞ are the strings "NaN", "Infinity", "-Infinity".
/// </summary>
public static class HistoryJson
{
    public static string Write(IEnumerable<EpochRecord> epochs, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartArray();
            foreach (var e in epochs) WriteEpoch(json, e);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static void WriteEpoch(Utf8JsonWriter json, EpochRecord e)
    {
        json.WriteStartObject();
        json.WriteNumber("epoch", e.Epoch);
        Number(json, "loss", e.TrainLoss);
        Dictionary(json, "metrics", e.TrainMetrics);
        if (e.ValidationLoss is { } v) Number(json, "val_loss", v);
        Dictionary(json, "val_metrics", e.ValidationMetrics);
        Number(json, "lr", e.LearningRate);
        Number(json, "seconds", e.Seconds);
        Number(json, "samples_per_second", e.SamplesPerSecond);
        Dictionary(json, "gradient_norms", e.GradientNorms);
        Dictionary(json, "weight_norms", e.WeightNorms);
        json.WriteEndObject();
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">the text is not such a history.</exception>
    public static List<EpochRecord> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.EnumerateArray().Select(ReadEpoch).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new FormatException($"HistoryJson.Read: not a training history ({e.Message}).", e);
        }
    }

    private static EpochRecord ReadEpoch(JsonElement e) => new()
    {
        Epoch = e.GetProperty("epoch").GetInt32(),
        TrainLoss = Number(e.GetProperty("loss")),
        TrainMetrics = Dictionary(e.GetProperty("metrics")),
        ValidationLoss = e.TryGetProperty("val_loss", out var v) ? Number(v) : null,
        ValidationMetrics = Dictionary(e.GetProperty("val_metrics")),
        LearningRate = Number(e.GetProperty("lr")),
        Seconds = Number(e.GetProperty("seconds")),
        SamplesPerSecond = Number(e.GetProperty("samples_per_second")),
        GradientNorms = Dictionary(e.GetProperty("gradient_norms")),
        WeightNorms = Dictionary(e.GetProperty("weight_norms")),
    };

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteString(name, value.ToString(CultureInfo.InvariantCulture)); // "NaN", "Infinity", "-Infinity"
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"'{s}' is not a number."),
        }
        : e.GetDouble();

    private static void Dictionary(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, double> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values) Number(json, key, value);
        json.WriteEndObject();
    }

    private static Dictionary<string, double> Dictionary(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => Number(p.Value));
}
