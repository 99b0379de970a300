namespace Nabla.Checks;

/// <summary>
/// The op definitions of the catalog, one per op, split by family across <c>OpCatalog.*.cs</c>. Adding an op is one
/// entry in its family's list; tests/reference/ops_manifest.json is exported from these lists (OpManifestTests) and
/// the generator of its reference file (generate_ops.py, generate_conv.py, generate_nn.py, generate_indexing.py) evaluates
/// its torch expressions, so the op's name and both calls are written only here.
/// </summary>
internal static partial class OpCatalog
{
    /// <summary>Every op definition, in manifest order (family by family).</summary>
    // Built on first use, not by field initializers: the order of initializers across partial files is unspecified,
    // and the gradient-check rows (OpCatalog.cs) look definitions up while they are built.
    public static IReadOnlyList<OpDefinition> Definitions =>
        definitions ??= [.. Elementwise(), .. Reductions(), .. OrderStatistics(), .. Shapes(), .. LinearAlgebra(), .. Convolution(),
            .. Activations(), .. Losses(), .. Indexing()];

    /// <summary>The reference file of the ops of tests/reference/ops.json, the default of <see cref="Definition"/>.</summary>
    public const string OpsReference = "ops.json";

    private static IReadOnlyList<OpDefinition>? definitions;
    private static Dictionary<(string Reference, string Name), OpDefinition>? byName;

    // Keyed by (reference file, name): nn.json's relu or softmax is NN.Functional's, ops.json's the Tensor method.
    private static Dictionary<(string Reference, string Name), OpDefinition> ByName => byName ??= BuildIndex();

    /// <summary>The definition named <paramref name="name"/> among the ops of <paramref name="reference"/>;
    /// <see cref="KeyNotFoundException"/> names the op and the file when there is none.</summary>
    public static OpDefinition Definition(string name, string reference = OpsReference) =>
        ByName.TryGetValue((reference, name), out var op) ? op
            : throw new KeyNotFoundException(
                $"op '{name}' of {reference} has no definition in Nabla.Checks.OpCatalog (src/Nabla/Checks/OpCatalog.*.cs)");

    public static bool HasDefinition(string name, string reference = OpsReference) => ByName.ContainsKey((reference, name));

    private static Dictionary<(string Reference, string Name), OpDefinition> BuildIndex()
    {
        var index = new Dictionary<(string Reference, string Name), OpDefinition>();
        foreach (var op in Definitions)
        {
            if (!index.TryAdd((op.Reference, op.Name), op))
                throw new InvalidOperationException($"op '{op.Name}' of {op.Reference} is defined twice in Nabla.Checks.OpCatalog");
        }
        return index;
    }

    /// <summary>unbind/split/chunk as one tensor: piece i flattened, times i + 1 (so every piece's gradient differs), joined.
    /// The torch expressions call reference_common.py's <c>joined</c>, which does the same.</summary>
    private static Tensor JoinedPieces(Tensor[] pieces) => Tensor.Cat(pieces.Select((p, i) => p.Reshape(-1) * (i + 1.0)).ToArray());

    /// <summary>var_mean/std_mean as one tensor: both results flattened and joined.</summary>
    private static Tensor Joined((Tensor, Tensor) pair) => Tensor.Cat([pair.Item1.Reshape(-1), pair.Item2.Reshape(-1)]);
}
