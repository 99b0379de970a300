using System.Text.Json;

namespace Nabla.Checks;

/// <summary>
/// An op's keyword arguments as a reference case stores them (a JSON object such as
/// <c>{"dims": [1], "keep_dim": false}</c>), read through typed accessors. Names are PyTorch's, in snake_case,
/// because the same object is handed to the torch expression as <c>a</c>.
/// </summary>
internal readonly struct OpArgs
{
    private readonly JsonElement json;

    public OpArgs(JsonElement json) => this.json = json;

    /// <summary>No arguments: <c>{}</c>.</summary>
    public static OpArgs Empty { get; } = Parse("{}");

    public static OpArgs Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return new OpArgs(doc.RootElement.Clone());
    }

    /// <summary>The raw value; throws when the argument is absent.</summary>
    public JsonElement this[string name] =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v)
            ? v
            : throw new InvalidDataException($"op argument '{name}' is missing from {json}");

    /// <summary>True when the argument is absent or JSON null (PyTorch's None).</summary>
    public bool IsNull(string name) =>
        json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null;

    public bool IsArray(string name) => !IsNull(name) && this[name].ValueKind == JsonValueKind.Array;

    public int Int(string name) => this[name].GetInt32();

    public int? IntOrNull(string name) => IsNull(name) ? null : Int(name);

    public double Double(string name) => this[name].GetDouble();

    public double? DoubleOrNull(string name) => IsNull(name) ? null : Double(name);

    public bool Bool(string name) => this[name].GetBoolean();

    public int[] Ints(string name) => this[name].EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public bool IsString(string name) => !IsNull(name) && this[name].ValueKind == JsonValueKind.String;

    public string String(string name) => this[name].GetString()!;

    /// <summary>A (height, width) pair stored as a two-element list.</summary>
    public NN.Size2 Pair(string name)
    {
        var v = Ints(name);
        return v.Length == 2 ? new NN.Size2(v[0], v[1])
            : throw new InvalidDataException($"op argument '{name}' must be a pair [h, w], got {this[name]}");
    }

    /// <summary>The reduction convention: <c>"dims": null</c> means every dim.</summary>
    public int[]? Dims => IsNull("dims") ? null : Ints("dims");

    /// <summary><c>keep_dim</c>, false when absent.</summary>
    public bool KeepDim => !IsNull("keep_dim") && Bool("keep_dim");

    /// <summary>A norm order: a number, or the string "inf".</summary>
    public double NormOrder(string name) =>
        this[name].ValueKind == JsonValueKind.String && this[name].GetString() == "inf" ? double.PositiveInfinity : Double(name);

    public override string ToString() => json.ToString();
}
