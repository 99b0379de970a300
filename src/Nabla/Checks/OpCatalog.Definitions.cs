namespace Nabla.Checks;

/// <summary>
/// The op definitions of the catalog, one per op, split by family across <c>OpCatalog.*.cs</c>. Adding an op is one
/// entry in its family's list; tests/reference/ops_manifest.json is exported from these lists (OpManifestTests) and
/// generate_ops.py evaluates its torch expressions, so the op's name and both calls are written only here.
/// </summary>
internal static partial class OpCatalog
{
    /// <summary>Every op definition, in manifest order (family by family).</summary>
    // Built on first use, not by field initializers: the order of initializers across partial files is unspecified,
    // and the gradient-check rows (OpCatalog.cs) look definitions up while they are built.
    public static IReadOnlyList<OpDefinition> Definitions =>
        definitions ??= [.. Elementwise(), .. Reductions(), .. OrderStatistics(), .. Shapes(), .. LinearAlgebra(), .. Convolution()];

    private static IReadOnlyList<OpDefinition>? definitions;
    private static Dictionary<string, OpDefinition>? byName;

    private static Dictionary<string, OpDefinition> ByName => byName ??= BuildIndex();

    /// <summary>The definition named <paramref name="name"/>; <see cref="KeyNotFoundException"/> names the op when there is none.</summary>
    public static OpDefinition Definition(string name) =>
        ByName.TryGetValue(name, out var op) ? op
            : throw new KeyNotFoundException($"op '{name}' has no definition in Nabla.Checks.OpCatalog (src/Nabla/Checks/OpCatalog.*.cs)");

    public static bool HasDefinition(string name) => ByName.ContainsKey(name);

    private static Dictionary<string, OpDefinition> BuildIndex()
    {
        var index = new Dictionary<string, OpDefinition>(StringComparer.Ordinal);
        foreach (var op in Definitions)
        {
            if (!index.TryAdd(op.Name, op))
                throw new InvalidOperationException($"op '{op.Name}' is defined twice in Nabla.Checks.OpCatalog");
        }
        return index;
    }

    /// <summary>unbind/split/chunk as one tensor: piece i flattened, times i + 1 (so every piece's gradient differs), joined.
    /// The torch expressions call generate_ops.py's <c>joined</c>, which does the same.</summary>
    private static Tensor JoinedPieces(Tensor[] pieces) => Tensor.Cat(pieces.Select((p, i) => p.Reshape(-1) * (i + 1.0)).ToArray());

    /// <summary>var_mean/std_mean as one tensor: both results flattened and joined.</summary>
    private static Tensor Joined((Tensor, Tensor) pair) => Tensor.Cat([pair.Item1.Reshape(-1), pair.Item2.Reshape(-1)]);
}
