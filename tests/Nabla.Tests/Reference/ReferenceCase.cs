using System.Text.Json;

namespace Nabla.Tests.Reference;

/// <summary>One stored tensor of ops.json: shape, flat row-major data, dtype.</summary>
public sealed class ReferenceTensor
{
    public required int[] Shape { get; init; }

    /// <summary>"float64", "float32" or "int64"; null when the file leaves it to the case dtype.</summary>
    public string? DType { get; init; }

    /// <summary>Values as doubles (exact for float32 and for the small int64 values used).</summary>
    public required double[] Data { get; init; }

    public bool RequiresGrad { get; init; }

    internal static ReferenceTensor Parse(JsonElement e) => new()
    {
        Shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
        DType = e.TryGetProperty("dtype", out var dt) ? dt.GetString() : null,
        Data = e.GetProperty("data").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
        RequiresGrad = e.TryGetProperty("requires_grad", out var rg) && rg.GetBoolean(),
    };

    /// <summary>Builds the Nabla tensor (dtype from the tensor itself, else <paramref name="fallbackDType"/>).</summary>
    public Tensor ToTensor(string fallbackDType)
    {
        var t = ReferenceCase.ParseDType(DType ?? fallbackDType) switch
        {
            Nabla.DType.Float64 => Tensor.FromArray(Data, Shape),
            Nabla.DType.Float32 => Tensor.FromArray(Data.Select(v => (float)v).ToArray(), Shape),
            _ => Tensor.FromArray(Data.Select(v => checked((long)v)).ToArray(), Shape),
        };
        if (RequiresGrad) t.RequiresGrad = true;
        return t;
    }
}

/// <summary>One case of tests/reference/ops.json (written by tests/reference/generate_ops.py).</summary>
public sealed class ReferenceCase
{
    public required string Name { get; init; }
    public required string Op { get; init; }

    /// <summary>Case dtype: "float64", "float32" (or "int64" for one_hot); selects the tolerance.</summary>
    public required string DType { get; init; }

    public required ReferenceTensor[] Inputs { get; init; }

    /// <summary>Op-specific arguments (an object; cloned so it outlives the JsonDocument).</summary>
    public required JsonElement Args { get; init; }

    /// <summary>If set, input i is passed to the op as <c>stored.Transpose(0, 1)</c> (non-contiguous view).</summary>
    public int? TransposeInput { get; init; }

    public required ReferenceTensor Output { get; init; }

    /// <summary>Null for non-differentiable ops (integer outputs, masks, sign).</summary>
    public ReferenceTensor? GradOutput { get; init; }

    /// <summary>Gradient of each stored input; an entry is null when that input does not require grad.</summary>
    public ReferenceTensor?[]? Grads { get; init; }

    public override string ToString() => Name;

    public static DType ParseDType(string name) => name switch
    {
        "float64" => Nabla.DType.Float64,
        "float32" => Nabla.DType.Float32,
        "int64" => Nabla.DType.Int64,
        _ => throw new InvalidDataException($"unknown dtype '{name}' in ops.json"),
    };

    internal static ReferenceCase Parse(JsonElement e)
    {
        static bool Present(JsonElement obj, string name, out JsonElement value) =>
            obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        return new ReferenceCase
        {
            Name = e.GetProperty("name").GetString()!,
            Op = e.GetProperty("op").GetString()!,
            DType = e.GetProperty("dtype").GetString()!,
            Inputs = e.GetProperty("inputs").EnumerateArray().Select(ReferenceTensor.Parse).ToArray(),
            Args = e.TryGetProperty("args", out var args) ? args.Clone() : JsonDocument.Parse("{}").RootElement.Clone(),
            TransposeInput = Present(e, "transpose_input", out var ti) ? ti.GetInt32() : null,
            Output = ReferenceTensor.Parse(e.GetProperty("output")),
            GradOutput = Present(e, "grad_output", out var go) ? ReferenceTensor.Parse(go) : null,
            Grads = Present(e, "grads", out var gs)
                ? gs.EnumerateArray().Select(g => g.ValueKind == JsonValueKind.Null ? null : ReferenceTensor.Parse(g)).ToArray()
                : null,
        };
    }
}

/// <summary>Loads ops.json once from the test output directory (copied there by the csproj).</summary>
public static class ReferenceCases
{
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "reference", "ops.json");

    private static readonly Lazy<(string TorchVersion, IReadOnlyDictionary<string, ReferenceCase> Cases)> Loaded = new(Load);

    public static IReadOnlyDictionary<string, ReferenceCase> All => Loaded.Value.Cases;

    public static string TorchVersion => Loaded.Value.TorchVersion;

    public static ReferenceCase Get(string name) => All[name];

    private static (string, IReadOnlyDictionary<string, ReferenceCase>) Load()
    {
        if (!File.Exists(FilePath))
            throw new FileNotFoundException(
                $"Reference file not found at {FilePath}. Run `/usr/bin/python3 tests/reference/generate_ops.py` and rebuild.",
                FilePath);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var root = doc.RootElement;
        var cases = new Dictionary<string, ReferenceCase>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("cases").EnumerateArray().Select(ReferenceCase.Parse))
        {
            if (!cases.TryAdd(c.Name, c))
                throw new InvalidDataException($"duplicate case name '{c.Name}' in {FilePath}");
        }
        return (root.GetProperty("torch_version").GetString() ?? "?", cases);
    }
}
