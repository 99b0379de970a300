using Nabla.Checks;

namespace Nabla.Tests.Reference;

/// <summary>
/// The committed tests/reference/ops_manifest.json, which generate_ops.py reads, must be what the op table
/// (src/Nabla/Checks/OpCatalog.*.cs) exports; after adding or changing an op definition, regenerate it with
/// <c>NABLA_UPDATE_OP_MANIFEST=1 dotnet test tests/Nabla.Tests --filter OpManifestTests</c>.
/// </summary>
public class OpManifestTests
{
    private const string UpdateVariable = "NABLA_UPDATE_OP_MANIFEST";

    [Fact]
    public void CommittedManifestMatchesTheOpTable()
    {
        var exported = OpManifest.Export();
        bool update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        if (update)
            File.WriteAllText(SourcePath(), exported);

        // The build copies the committed file next to the tests; after an update, read the source tree's copy.
        var committedPath = update ? SourcePath() : Path.Combine(AppContext.BaseDirectory, "reference", OpManifest.FileName);
        var committed = File.Exists(committedPath) ? File.ReadAllText(committedPath) : "";
        Assert.True(committed == exported,
            $"tests/reference/{OpManifest.FileName} differs from the op table in src/Nabla/Checks/OpCatalog.*.cs. Regenerate it with "
            + $"`{UpdateVariable}=1 dotnet test tests/Nabla.Tests --filter OpManifestTests`, then the reference values with "
            + "`/usr/bin/python3 tests/reference/generate_<reference file>.py` (generate_ops.py for ops.json).\nFirst difference: " + FirstDifference(committed, exported));
    }

    [Fact]
    public void EveryOpHasATorchExpressionOverItsInputs()
    {
        var bad = OpCatalog.Definitions.Where(op => string.IsNullOrWhiteSpace(op.Torch) || !op.Torch.Contains("t[", StringComparison.Ordinal)
            && !op.Torch.Contains("(t,", StringComparison.Ordinal)).Select(op => op.Name).ToList();
        Assert.True(bad.Count == 0, "ops whose torch expression does not read the inputs t: " + string.Join(", ", bad));
    }

    /// <summary>Every reference file an op names is written by a generator next to it, generate_&lt;file&gt;.py, which
    /// reads the manifest.</summary>
    [Fact]
    public void EveryReferenceFileHasAGeneratorThatReadsTheManifest()
    {
        var directory = Path.GetDirectoryName(SourcePath())!;
        foreach (var reference in OpCatalog.Definitions.Select(op => op.Reference).Distinct())
        {
            var generator = Path.Combine(directory, $"generate_{Path.GetFileNameWithoutExtension(reference)}.py");
            Assert.True(File.Exists(generator), $"op reference file {reference} has no generator {generator}");
            var text = File.ReadAllText(generator);
            Assert.True(text.Contains($"load_ops(\"{reference}\")", StringComparison.Ordinal),
                $"{generator} does not read the ops of {reference} from the manifest (load_ops(\"{reference}\"))");
        }
    }

    /// <summary>tests/reference/ops_manifest.json in the source tree, found from the test's output directory.</summary>
    private static string SourcePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "reference");
            if (File.Exists(Path.Combine(candidate, "generate_ops.py")))
                return Path.Combine(candidate, OpManifest.FileName);
        }
        throw new DirectoryNotFoundException($"no tests/reference/generate_ops.py above {AppContext.BaseDirectory}");
    }

    private static string FirstDifference(string committed, string exported)
    {
        var a = committed.Split('\n');
        var b = exported.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(end of file)";
            var y = i < b.Length ? b[i] : "(end of file)";
            if (x != y) return $"line {i + 1}: committed `{x}`, table exports `{y}`";
        }
        return "none";
    }
}
